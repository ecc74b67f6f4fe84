import type {ResourceEntry, ResourceState} from '../dump/configdump.js'
import {type Raw, enumName, isRaw, obj, str} from './raw.js'

const CLIENT_STATUSES = ['UNKNOWN', 'REQUESTED', 'DOES_NOT_EXIST', 'ACKED', 'NACKED', 'RECEIVED_ERROR', 'TIMEOUT'] as const

/** An update Envoy refused (admin.v3.UpdateFailureState), without the refused configuration itself. */
export interface UpdateFailure {
  details: string
  /** RFC 3339 time of the refused update. */
  lastUpdateAttempt: string
  versionInfo: string
}

/** Where a resource stands in the proxy, and which xDS version it came with. */
export interface ResourceStatus {
  state: ResourceState
  /** From xDS (true) or from the bootstrap (false). */
  dynamic: boolean
  versionInfo: string
  /** RFC 3339 time Envoy took this version; '' when the dump does not say. */
  lastUpdated: string
  /** Envoy's ClientResourceStatus (ACKED, NACKED …) when the dump records one; '' otherwise. */
  clientStatus: string
  /** The last refused update of this resource: on a refused resource, why; on an active one, a newer update that failed. */
  error: UpdateFailure | undefined
}

/** What a resource built outside a dump (a route table inlined in a listener, a test object) reports. */
export const NO_STATUS: ResourceStatus = {state: 'active', dynamic: false, versionInfo: '', lastUpdated: '', clientStatus: '', error: undefined}

/** The parts of a dump entry that describe a resource's state (see ConfigDump.resourceEntries). */
export type StatusSource = Pick<ResourceEntry, 'state' | 'dynamic' | 'holder' | 'entry'>

export function resourceStatus(where: StatusSource | undefined): ResourceStatus {
  if (!where) return NO_STATUS
  const error = obj(where.entry, 'error_state')
  return {
    state: where.state,
    dynamic: where.dynamic,
    versionInfo: str(where.holder, 'version_info'),
    lastUpdated: str(where.holder, 'last_updated'),
    clientStatus: enumName(where.entry, 'client_status', CLIENT_STATUSES, ''),
    error: error && updateFailure(error),
  }
}

function updateFailure(error: Raw): UpdateFailure {
  return {details: str(error, 'details'), lastUpdateAttempt: str(error, 'last_update_attempt'), versionInfo: str(error, 'version_info')}
}

/** Status of an entry that is its own holder (ECDS filters, SDS secrets). */
export function entryStatus(entry: unknown, state: ResourceState, dynamic = true): ResourceStatus {
  return isRaw(entry) ? resourceStatus({state, dynamic, holder: entry, entry}) : {...NO_STATUS, state, dynamic}
}
