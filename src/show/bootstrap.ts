import {load} from '../catalog/catalog.js'
import type {ConfigDump} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/request.js'
import {type VersionInfo, bootstrapVersions} from '../model/bootstrap.js'
import {redact} from '../proto/redact.js'
import {versionSummary, versionsTable} from '../render/bootstrap.js'
import type {Listing} from '../render/listing.js'
import type {Chunks, Printer} from '../render/printers/printer.js'
import {protoConverter} from '../render/proto-json.js'

export const bootstrapRequest: DumpRequest = {kind: 'config_dump', mask: ['bootstrap'], sections: ['bootstrap']}

/** The Istio and Envoy versions, as `-o short` and `all` print them. */
export function bootstrapSummary(dump: ConfigDump): string {
  return versionSummary(bootstrapVersions(load(dump, 'bootstrap')))
}

/** The versions as a one-row listing, for `all` over many pods. */
export function versionsListing(dump: ConfigDump): Listing<VersionInfo> {
  return {
    kind: 'bootstrap',
    items: [bootstrapVersions(load(dump, 'bootstrap'))],
    typeName: '',
    raw: (v) => v,
    names: (items) => items.map((v) => v.envoyVersion),
    table: (items) => versionsTable(items),
  }
}

/** The whole BootstrapConfigDump through a document printer; any other printer gets the version summary. */
export async function showBootstrap(dump: ConfigDump, printer: Printer, showSecrets = false): Promise<Chunks> {
  const section = load(dump, 'bootstrap')
  if (!printer.document) return [versionSummary(bootstrapVersions(section))]
  const type = 'envoy.admin.v3.BootstrapConfigDump'
  const json = (await protoConverter(type))(section)
  return printer.document({value: () => (showSecrets ? json : redact(json, type))})
}
