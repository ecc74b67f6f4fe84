import type {ConfigDump} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/source.js'
import {type ExplainInput, explain} from '../explain/explain.js'
import {renderExplanation} from '../explain/render.js'
import {loadResources} from '../explain/resources.js'
import type {Explanation} from '../explain/types.js'
import {structured} from '../render/output.js'

/** explain reads every resource kind, endpoints included. */
export const explainRequest: DumpRequest = {kind: 'config_dump', includeEds: true}

/** `clustersJson`: a live `/clusters?format=json` answer, for endpoint health as Envoy sees it now. */
export function explainDump(dump: ConfigDump, input: ExplainInput, clustersJson?: unknown): Explanation {
  dump.require('listeners')
  return explain(loadResources(dump, clustersJson), input)
}

export async function renderExplain(e: Explanation, format: 'short' | 'json' | 'yaml'): Promise<string> {
  return format === 'short' ? renderExplanation(e) : structured(e, format)
}
