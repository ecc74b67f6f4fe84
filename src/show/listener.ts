import {UserError} from '../cli/errors.js'
import {type ConfigDump, missingSection} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/source.js'
import {type ListenerFilter, filterListeners, sortListeners} from '../filter/listener.js'
import {type Listener, parseListener} from '../model/listener.js'
import {type ListenerTableOptions, listenerTable} from '../render/listener.js'
import {type OutputFormat, structuredResources} from '../render/output.js'

export const listenerRequest: DumpRequest = {kind: 'config_dump', mask: ['dynamic_listeners', 'static_listeners']}

/** Active dynamic listeners, then static ones (warming, draining and failed ones are skipped). */
export function listListeners(dump: ConfigDump): Listener[] {
  if (!dump.has('listeners')) throw new UserError(`${dump.origin}: listener dump: ${missingSection('listeners')}`)
  const raws = [...dump.resources('listeners', [['dynamic_listeners', 'active_state.listener'], ['static_listeners', 'listener']])]
  if (raws.length === 0) throw new UserError('no listeners found')
  return raws.map(parseListener)
}

export async function showListeners(dump: ConfigDump, filter: ListenerFilter, format: OutputFormat, opts: ListenerTableOptions = {}): Promise<string> {
  const listeners = filterListeners(listListeners(dump), filter)
  if (format === 'short') return listenerTable(sortListeners(listeners), opts)
  // istioctl prints JSON in dump order, not sorted.
  return structuredResources(listeners.map((l) => l.raw), 'envoy.config.listener.v3.Listener', format)
}
