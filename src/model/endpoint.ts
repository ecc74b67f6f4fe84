import {type Loader, type Raw, bool, enumName, field, int, isRaw, list, obj, str, wrapped} from './raw.js'
import {type ResourceStatus, type StatusSource, resourceStatus} from './status.js'

export const HEALTH_STATUSES = ['UNKNOWN', 'HEALTHY', 'UNHEALTHY', 'DRAINING', 'TIMEOUT', 'DEGRADED'] as const

/** One `lb_endpoint` of a ClusterLoadAssignment (EDS). */
export interface LbEndpoint {
  /** Primary then additional addresses, rendered as istioctl does (`ip:port`, pipe path, `envoy://listener/id`). */
  addresses: string[]
  port: number
  healthStatus: string
  locality: string
  /** load_balancing_weight; 0 when unset. */
  weight: number
}

/** An Envoy `config.endpoint.v3.ClusterLoadAssignment`. */
export interface ClusterLoadAssignment {
  clusterName: string
  endpoints: LbEndpoint[]
  status: ResourceStatus
  load: Loader
}

export function parseClusterLoadAssignment(raw: Raw, load: Loader = () => raw, where?: StatusSource): ClusterLoadAssignment {
  const endpoints: LbEndpoint[] = []
  for (const group of list(raw, 'endpoints')) {
    const locality = describeLocality(obj(group, 'locality'))
    for (const lb of list(group, 'lb_endpoints')) endpoints.push(parseLbEndpoint(lb, locality))
  }
  return {clusterName: str(raw, 'cluster_name'), endpoints, status: resourceStatus(where), load}
}

export function parseLbEndpoint(lb: unknown, locality = ''): LbEndpoint {
  const endpoint = obj(lb, 'endpoint')
  const addresses = [obj(endpoint, 'address'), ...list(endpoint, 'additional_addresses').map((a) => obj(a, 'address'))]
  return {
    addresses: addresses.map(describeEdsAddress),
    port: int(obj(obj(endpoint, 'address'), 'socket_address'), 'port_value'),
    healthStatus: enumName(lb, 'health_status', HEALTH_STATUSES),
    locality,
    weight: wrapped(lb, 'load_balancing_weight') ?? 0,
  }
}

function describeEdsAddress(address: Raw | undefined): string {
  const socket = obj(address, 'socket_address')
  if (socket) return `${str(socket, 'address')}:${int(socket, 'port_value')}`
  const pipe = obj(address, 'pipe')
  if (pipe) return str(pipe, 'path')
  const internal = obj(address, 'envoy_internal_address')
  if (internal) return `envoy://${str(internal, 'server_listener_name')}/${str(internal, 'endpoint_id')}`
  return 'unknown'
}

/** `region[/zone[/sub_zone]]`; a sub-zone is only shown under a zone. */
export function describeLocality(locality: Raw | undefined): string {
  const region = str(locality, 'region')
  const zone = str(locality, 'zone')
  const subZone = str(locality, 'sub_zone')
  let out = region
  if (zone !== '') {
    out += `/${zone}`
    if (subZone !== '') out += `/${subZone}`
  }
  return out
}

/** One host of `/clusters?format=json` (admin.v3.HostStatus). */
export interface HostStatus {
  address: string
  port: number
  healthStatus: string
  failedOutlierCheck: boolean
  clusterName: string
  weight: number
  locality: string
  /** DNS name of the host, for STRICT_DNS / LOGICAL_DNS clusters. */
  hostname: string
  /** The host as Envoy wrote it, for --sort-by. */
  raw: Raw
}

/** One `cluster_statuses[]` entry of `/clusters?format=json`. */
export interface ClusterStatus {
  name: string
  hosts: HostStatus[]
  raw: Raw
}

export function parseClusterStatuses(value: unknown): ClusterStatus[] {
  return list(value, 'cluster_statuses')
    .filter(isRaw)
    .map((raw) => {
      const name = str(raw, 'name')
      const hosts = list(raw, 'host_statuses').map((h) => {
        const address = obj(h, 'address')
        const socket = obj(address, 'socket_address')
        const health = obj(h, 'health_status')
        const status = field(health, 'eds_health_status')
        return {
          address: describeAdminAddress(address),
          port: int(socket, 'port_value'),
          // An out-of-range number has no name: istioctl prints an empty cell.
          healthStatus: typeof status === 'number' && !(status in HEALTH_STATUSES) ? '' : enumName(health, 'eds_health_status', HEALTH_STATUSES),
          failedOutlierCheck: bool(health, 'failed_outlier_check'),
          clusterName: name,
          weight: int(h, 'weight'),
          locality: describeLocality(obj(h, 'locality')),
          hostname: str(h, 'hostname'),
          raw: isRaw(h) ? h : {},
        }
      })
      return {name, hosts, raw}
    })
}

function describeAdminAddress(address: Raw | undefined): string {
  const socket = obj(address, 'socket_address')
  if (socket) return str(socket, 'address')
  const pipe = obj(address, 'pipe')
  if (pipe) return `unix://${str(pipe, 'path')}`
  const internal = obj(address, 'envoy_internal_address')
  if (internal) return `envoy://${str(internal, 'server_listener_name')}/${str(internal, 'endpoint_id')}`
  return 'unknown'
}
