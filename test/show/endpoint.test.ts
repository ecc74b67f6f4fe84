import {describe, expect, it} from 'vitest'

import {ConfigDump} from '../../src/dump/configdump.js'
import {edsListing} from '../../src/show/endpoint.js'

const assignment = (type: string | undefined, cluster: string) => ({
  endpoint_config: {
    ...(type && {'@type': type}),
    cluster_name: cluster,
    endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: '10.0.0.1', port_value: 80}}}}]}],
  },
})

describe('eds', () => {
  it('skips entries that are not v3 ClusterLoadAssignments, as istioctl fails to decode them', () => {
    const dump = {
      configs: [
        {
          '@type': 'type.googleapis.com/envoy.admin.v3.EndpointsConfigDump',
          dynamic_endpoint_configs: [
            assignment('type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment', 'v3'),
            assignment('type.googleapis.com/envoy.api.v2.ClusterLoadAssignment', 'v2'),
            assignment('envoy.config.endpoint.v3.ClusterLoadAssignment', 'bare-name'),
            assignment(undefined, 'untyped'),
          ],
        },
      ],
    }
    const listing = edsListing(ConfigDump.fromBuffer(Buffer.from(JSON.stringify(dump)), 'test'), {})
    expect(listing.items.map((c) => c.clusterName)).toEqual(['bare-name', 'untyped', 'v3'])
  })
})
