import {type Raw, isRaw, list, obj, str} from './raw.js'
import {type ResourceStatus, entryStatus} from './status.js'

/** One extension config delivered by ECDS (a `core.v3.TypedExtensionConfig`). */
export interface EcdsFilter {
  name: string
  /** Full type URL of the filter's config; empty when Envoy has none yet. */
  typeUrl: string
  version: string
  lastUpdated: string
  /** Envoy's client status and a refused update (error_state), if any. */
  status: ResourceStatus
}

/** Filters of every EcdsConfigDump section, in dump order (istioctl concatenates them). */
export function ecdsEntries(sections: readonly Raw[]): Raw[] {
  return sections.flatMap((s) => list(s, 'ecds_filters').filter(isRaw))
}

export function parseEcdsFilter(entry: Raw): EcdsFilter {
  const filter = obj(entry, 'ecds_filter')
  return {
    name: str(filter, 'name'),
    typeUrl: str(obj(filter, 'typed_config'), '@type'),
    version: str(entry, 'version_info'),
    lastUpdated: str(entry, 'last_updated'),
    // Without an accepted filter, an entry with error_state records only a refusal.
    status: entryStatus(entry, !filter && obj(entry, 'error_state') ? 'rejected' : 'active'),
  }
}
