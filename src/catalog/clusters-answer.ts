import {UserError} from '../core/errors.js'
import {field, isRaw} from '../core/json.js'
import {parseJson} from '../dump/json.js'
import {type ClusterStatus, parseClusterStatuses} from '../model/endpoint.js'

/**
 * The cluster statuses of Envoy's `/clusters?format=json`, an object (`{}` when Envoy
 * has no clusters). Anything else, such as a config dump given to `endpoint -f`,
 * would show as an empty table, so it is refused with a hint.
 */
export function loadClusterStatuses(bytes: Buffer, origin: string): ClusterStatus[] {
  const value = parseJson(bytes, origin)
  if (!isRaw(value)) throw new UserError(`${origin} is not Envoy's /clusters?format=json: expected a JSON object with a "cluster_statuses" list`)
  if (field(value, 'cluster_statuses') === undefined && 'configs' in value) {
    throw new UserError(`${origin} is a config dump, not Envoy's /clusters?format=json; \`eds\` shows the endpoints of a config dump`)
  }
  return parseClusterStatuses(value)
}
