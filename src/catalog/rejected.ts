import type {ConfigDump, ResourceKind} from '../dump/configdump.js'
import {str} from '../model/raw.js'
import {resourceStatus} from '../model/status.js'

/** Configuration Envoy refused: the `error_state` of a dynamic resource, with Envoy's error text. */
export interface RejectedConfig {
  name: string
  details: string
  lastUpdateAttempt?: string
}

/** What Envoy rejected, by the kind of resource it would have been. */
export interface Rejections {
  listener: RejectedConfig[]
  route: RejectedConfig[]
  cluster: RejectedConfig[]
}

function rejectedOf(dump: ConfigDump, kind: ResourceKind): RejectedConfig[] {
  const out: RejectedConfig[] = []
  for (const entry of dump.resourceEntries(kind, [], ['rejected'])) {
    const error = resourceStatus(entry).error
    out.push({name: str(entry.value, 'name'), details: error?.details ?? '', lastUpdateAttempt: error?.lastUpdateAttempt || undefined})
  }
  return out
}

/** Every refused update (`error_state`) of the dump's listeners, route configurations and clusters, in dump order. */
export function rejections(dump: ConfigDump): Rejections {
  return {listener: rejectedOf(dump, 'listeners'), route: rejectedOf(dump, 'routes'), cluster: rejectedOf(dump, 'clusters')}
}
