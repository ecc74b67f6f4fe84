import {describe, expect, it} from 'vitest'

import {parseListener} from '../../src/model/listener.js'

const hcm = (config: Record<string, unknown>) => ({name: 'envoy.filters.network.http_connection_manager', typed_config: config})

describe('listener', () => {
  it('keeps addresses, binding, direction and listener filters', () => {
    const l = parseListener({
      name: 'virtualInbound',
      address: {socket_address: {address: '0.0.0.0', port_value: 15006}},
      additional_addresses: [{address: {socket_address: {address: '::', port_value: '15006', protocol: 'UDP'}}}],
      bind_to_port: {value: false},
      use_original_dst: true,
      traffic_direction: 'INBOUND',
      listener_filters: [{name: 'envoy.filters.listener.original_dst'}, {name: 'envoy.filters.listener.tls_inspector'}],
    })
    expect(l).toMatchObject({
      name: 'virtualInbound',
      address: '0.0.0.0',
      additionalAddresses: ['::'],
      port: 15006,
      sockets: [
        {address: '0.0.0.0', port: 15006, protocol: 'TCP'},
        {address: '::', port: 15006, protocol: 'UDP'},
      ],
      bindToPort: false,
      useOriginalDst: true,
      trafficDirection: 'INBOUND',
      listenerFilters: ['envoy.filters.listener.original_dst', 'envoy.filters.listener.tls_inspector'],
      filterChains: [],
    })
  })

  it('reads pipes and defaults: bound, no original destination, unspecified direction', () => {
    const l = parseListener({address: {pipe: {path: '/tmp/s'}}, traffic_direction: 2})
    expect(l).toMatchObject({address: '/tmp/s', port: 0, sockets: [], bindToPort: true, useOriginalDst: false, trafficDirection: 'OUTBOUND'})
    expect(parseListener({}).trafficDirection).toBe('UNSPECIFIED')
  })

  it('keeps every filter chain match field', () => {
    const [chain] = parseListener({
      filter_chains: [
        {
          name: 'inbound|8080||',
          filter_chain_match: {
            destination_port: 8080,
            prefix_ranges: [{address_prefix: '10.0.0.0', prefix_len: 8}],
            direct_source_prefix_ranges: [{address_prefix: '10.1.0.0', prefix_len: '16'}],
            source_type: 'SAME_IP_OR_LOOPBACK',
            source_prefix_ranges: [{addressPrefix: '192.168.0.0', prefixLen: 24}],
            source_ports: [1234, '5678'],
            server_names: ['web.ns.svc.cluster.local'],
            transport_protocol: 'tls',
            application_protocols: ['istio-peer-exchange', 'istio'],
          },
        },
      ],
    }).filterChains
    expect(chain.name).toBe('inbound|8080||')
    expect(chain.match).toEqual({
      destinationPort: 8080,
      prefixRanges: [{addressPrefix: '10.0.0.0', prefixLen: 8}],
      directSourcePrefixRanges: [{addressPrefix: '10.1.0.0', prefixLen: 16}],
      sourceType: 'SAME_IP_OR_LOOPBACK',
      sourcePrefixRanges: [{addressPrefix: '192.168.0.0', prefixLen: 24}],
      sourcePorts: [1234, 5678],
      serverNames: ['web.ns.svc.cluster.local'],
      transportProtocol: 'tls',
      applicationProtocols: ['istio-peer-exchange', 'istio'],
    })
    expect(parseListener({filter_chains: [{filter_chain_match: {source_type: 2}}]}).filterChains[0].match).toMatchObject({destinationPort: undefined, sourceType: 'EXTERNAL'})
  })

  it('walks filter_chains then the default chain, flagged as such, and reads TLS', () => {
    const l = parseListener({
      filter_chains: [
        {name: 'a', transport_socket: {name: 'envoy.transport_sockets.tls'}},
        {name: 'b', transport_socket: {name: 'envoy.transport_sockets.raw_buffer'}},
      ],
      default_filter_chain: {name: 'fallback'},
    })
    expect(l.filterChains.map((c) => [c.name, c.match, c.tls, c.isDefault])).toEqual([
      ['a', undefined, true, false],
      ['b', undefined, false, false],
      ['fallback', undefined, false, true],
    ])
  })

  it('reads HCM with RDS or inline routes, its HTTP filters, and TCP proxies', () => {
    const [chain] = parseListener({
      filter_chains: [
        {
          filters: [
            {name: 'istio.stats'},
            hcm({rds: {route_config_name: '9080'}, http_filters: [{name: 'envoy.filters.http.fault'}, {name: 'envoy.filters.http.router'}]}),
            hcm({route_config: {name: 'inline', virtual_hosts: [{name: 'v', domains: ['*']}]}}),
            {name: 'envoy.filters.network.tcp_proxy', typed_config: {cluster: 'outbound|3306||db'}},
            {
              name: 'envoy.filters.network.tcp_proxy',
              typedConfig: {
                weightedClusters: {
                  clusters: [
                    {name: 'a', weight: 1},
                    {name: 'b', weight: 3},
                  ],
                },
              },
            },
            {name: 'envoy.filters.network.tcp_proxy', typed_config: {cluster: 'BlackHoleCluster'}},
          ],
        },
      ],
    }).filterChains
    const [stats, rds, inline, tcp, weighted, blackHole] = chain.filters
    expect(stats).toEqual({kind: 'other', name: 'istio.stats'})
    expect(rds).toMatchObject({kind: 'hcm', rds: '9080', routeConfig: undefined, httpFilters: ['envoy.filters.http.fault', 'envoy.filters.http.router']})
    expect(inline).toMatchObject({kind: 'hcm', rds: '', routeConfig: {name: 'inline', virtualHosts: [{name: 'v', domains: ['*'], routes: []}]}, httpFilters: []})
    expect(tcp).toMatchObject({kind: 'tcp', cluster: 'outbound|3306||db', weighted: false, weightedClusters: [], toBlackHole: false})
    expect(weighted).toMatchObject({
      kind: 'tcp',
      cluster: '',
      weighted: true,
      weightedClusters: [
        {name: 'a', weight: 1},
        {name: 'b', weight: 3},
      ],
    })
    expect(blackHole).toMatchObject({kind: 'tcp', toBlackHole: true})
  })
})
