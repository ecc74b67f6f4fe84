import {describe, expect, it} from 'vitest'

import {describeLocality, parseClusterLoadAssignment, parseClusterStatuses, parseLbEndpoint} from '../../src/model/endpoint.js'

describe('ClusterLoadAssignment', () => {
  it('flattens locality groups into endpoints with addresses, health and weight', () => {
    const cla = parseClusterLoadAssignment({
      cluster_name: 'outbound|9080||reviews',
      endpoints: [
        {
          locality: {region: 'eu', zone: 'eu-1', sub_zone: 'rack-2'},
          lb_endpoints: [
            {
              endpoint: {
                address: {socket_address: {address: '10.0.0.1', port_value: 9080}},
                additional_addresses: [{address: {socket_address: {address: 'fd00::1', port_value: 9080}}}],
              },
              health_status: 'HEALTHY',
              load_balancing_weight: {value: 3},
            },
          ],
        },
        {lb_endpoints: [{endpoint: {address: {pipe: {path: '/run/s.sock'}}}, health_status: 3}, {endpoint: {}}]},
      ],
    })
    expect(cla.clusterName).toBe('outbound|9080||reviews')
    expect(cla.endpoints).toEqual([
      {addresses: ['10.0.0.1:9080', 'fd00::1:9080'], port: 9080, healthStatus: 'HEALTHY', locality: 'eu/eu-1/rack-2', weight: 3},
      {addresses: ['/run/s.sock'], port: 0, healthStatus: 'DRAINING', locality: '', weight: 0},
      {addresses: ['unknown'], port: 0, healthStatus: 'UNKNOWN', locality: '', weight: 0},
    ])
    expect(cla.status.state).toBe('active')
  })

  it('names internal addresses as istioctl does', () => {
    const e = parseLbEndpoint({endpoint: {address: {envoy_internal_address: {server_listener_name: 'connect_originate', endpoint_id: '10.0.0.1:80'}}}})
    expect(e.addresses).toEqual(['envoy://connect_originate/10.0.0.1:80'])
  })

  it('shows a sub-zone only under a zone', () => {
    expect(describeLocality({region: 'r', sub_zone: 's'})).toBe('r')
    expect(describeLocality({zone: 'z'})).toBe('/z')
    expect(describeLocality(undefined)).toBe('')
  })
})

describe('/clusters?format=json', () => {
  it('reads hosts with health, outlier state, weight, locality and hostname', () => {
    const [status, empty] = parseClusterStatuses({
      cluster_statuses: [
        {
          name: 'outbound|80||web',
          host_statuses: [
            {
              address: {socket_address: {address: '10.0.0.2', port_value: 80}},
              health_status: {eds_health_status: 'HEALTHY', failed_outlier_check: true},
              weight: 2,
              locality: {region: 'us'},
              hostname: 'web.example',
            },
            {address: {pipe: {path: '/s'}}, health_status: {eds_health_status: 9}},
            {address: {}, health_status: {eds_health_status: 2}},
          ],
        },
        {name: 'empty'},
        'not a status',
      ],
    })
    expect(status.hosts.map(({raw, ...host}) => host)).toEqual([
      {address: '10.0.0.2', port: 80, healthStatus: 'HEALTHY', failedOutlierCheck: true, clusterName: 'outbound|80||web', weight: 2, locality: 'us', hostname: 'web.example'},
      // istioctl prints an empty cell for a status number it has no name for.
      {address: 'unix:///s', port: 0, healthStatus: '', failedOutlierCheck: false, clusterName: 'outbound|80||web', weight: 0, locality: '', hostname: ''},
      {address: 'unknown', port: 0, healthStatus: 'UNHEALTHY', failedOutlierCheck: false, clusterName: 'outbound|80||web', weight: 0, locality: '', hostname: ''},
    ])
    expect(empty).toMatchObject({name: 'empty', hosts: []})
    expect(parseClusterStatuses({})).toEqual([])
  })
})
