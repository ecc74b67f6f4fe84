import {Flags} from '@oclif/core'

import type {EndpointFilter} from '../filter/endpoint.js'

/** Filters shared by `endpoint` (live host table) and `eds` (EDS assignments). */
export const endpointFlags = {
  address: Flags.string({description: 'Only endpoints with this address (for eds: ip:port as shown)'}),
  port: Flags.integer({default: 0, description: 'Only endpoints on this port'}),
  cluster: Flags.string({description: 'Only endpoints of this cluster (e.g. "outbound|9080||reviews.default.svc.cluster.local")'}),
  status: Flags.string({description: 'Only endpoints with this health status: HEALTHY, UNHEALTHY, DRAINING, TIMEOUT, DEGRADED, UNKNOWN'}),
}

/** The filter part of parsed flags (the flags object holds much more). */
export function endpointFilter(flags: {address?: string; port: number; cluster?: string; status?: string}): EndpointFilter {
  return {address: flags.address, port: flags.port, cluster: flags.cluster, status: flags.status}
}
