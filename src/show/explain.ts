import type {ConfigDump} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/request.js'
import {type ExplainInput, explain} from '../explain/explain.js'
import {renderExplanation} from '../explain/render.js'
import {loadResources} from '../explain/resources.js'
import type {Explanation} from '../explain/types.js'
import type {ClusterStatus} from '../model/endpoint.js'
import type {Chunks, Printer} from '../render/printers/printer.js'

/** explain reads every resource kind, endpoints included. */
export const explainRequest: DumpRequest = {kind: 'config_dump', includeEds: true}

/** Live, Envoy's current host health, which beats the EDS snapshot in the dump. */
export const hostHealthRequest: DumpRequest = {kind: 'clusters'}

/** `hostStatuses`: Envoy's live `/clusters` answer, for endpoint health as Envoy sees it now. */
export function explainDump(dump: ConfigDump, input: ExplainInput, hostStatuses?: readonly ClusterStatus[]): Explanation {
  return explain(loadResources(dump, hostStatuses), input)
}

/** A document printer (json, yaml) gets the explanation as one object; the short format gets numbered steps. */
export async function showExplanation(e: Explanation, printer: Printer): Promise<Chunks> {
  return printer.document ? printer.document({value: () => e}) : [renderExplanation(e)]
}
