import {describe, expect, it} from 'vitest'

import {sortListeners} from '../../src/filter/listener.js'
import {type FilterChainMatch, parseListener} from '../../src/model/listener.js'
import {describeChainMatch, listenerTable} from '../../src/render/listener.js'
import {renderTable} from '../../src/render/table.js'

const tcp = (cluster: string) => ({
  name: 'envoy.filters.network.tcp_proxy',
  typed_config: {'@type': 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy', cluster},
})
const hcmRds = (name: string) => ({name: 'envoy.filters.network.http_connection_manager', typed_config: {rds: {route_config_name: name}}})

const virtualOutbound = parseListener({
  name: 'virtualOutbound',
  address: {socket_address: {address: '0.0.0.0', port_value: 15001}},
  filter_chains: [{filter_chain_match: {destination_port: 15001}, filters: [tcp('BlackHoleCluster')]}, {filters: [tcp('PassthroughCluster')]}],
})
const http80 = parseListener({
  name: '0.0.0.0_80',
  address: {socket_address: {address: '0.0.0.0', port_value: 80}},
  additional_addresses: [{address: {socket_address: {address: '::', port_value: 80}}}],
  filter_chains: [{filter_chain_match: {transport_protocol: 'raw_buffer', application_protocols: ['http/1.0', 'http/1.1', 'h2c']}, filters: [hcmRds('80')]}],
})
const dns = parseListener({
  name: '10.96.0.10_53',
  address: {socketAddress: {address: '10.96.0.10', portValue: 53}},
  filterChains: [{filters: [tcp('outbound|53||kube-dns.kube-system.svc.cluster.local')]}],
})

function chainMatch(fields: Partial<FilterChainMatch>): FilterChainMatch {
  return {
    destinationPort: undefined,
    prefixRanges: [],
    directSourcePrefixRanges: [],
    sourceType: 'ANY',
    sourcePrefixRanges: [],
    sourcePorts: [],
    serverNames: [],
    transportProtocol: '',
    applicationProtocols: [],
    ...fields,
  }
}

describe('chain match', () => {
  it('labels known ALPN lists and writes address ranges with the port', () => {
    expect(describeChainMatch(undefined)).toBe('ALL')
    expect(
      describeChainMatch(
        chainMatch({
          serverNames: ['a.com', 'b.com'],
          transportProtocol: 'tls',
          applicationProtocols: ['istio-peer-exchange', 'istio'],
          prefixRanges: [{addressPrefix: '10.0.0.0', prefixLen: 8}],
          destinationPort: 8080,
        }),
      ),
    ).toBe('SNI: a.com,b.com; Trans: tls; App: TCP TLS; Addr: 10.0.0.0/8:8080')
    expect(describeChainMatch(chainMatch({applicationProtocols: ['h2'], destinationPort: 9080}))).toBe('App: h2; Addr: *:9080')
    // Source matchers are not part of istioctl's description.
    expect(describeChainMatch(chainMatch({sourcePorts: [1], sourceType: 'EXTERNAL', destinationPort: 80}))).toBe('Addr: *:80')
  })

  it('prints a destination port that is set to 0, as istioctl tests for presence', () => {
    const match = (m: object) => parseListener({filter_chains: [{filter_chain_match: m}]}).filterChains[0].match
    expect(describeChainMatch(match({destination_port: 0}))).toBe('Addr: *:0')
    expect(describeChainMatch(match({prefix_ranges: [{address_prefix: '10.0.0.0', prefix_len: 8}], destinationPort: 0}))).toBe('Addr: 10.0.0.0/8:0')
    expect(describeChainMatch(match({destination_port: null}))).toBe('ALL')
    expect(describeChainMatch(match({}))).toBe('ALL')
  })
})

describe('listener table', () => {
  it('prints one row per chain, destinations descending', () => {
    expect([...renderTable(listenerTable(sortListeners([virtualOutbound, http80, dns])), {colour: false})].join('')).toBe(
      [
        'ADDRESSES  PORT  MATCH                        DESTINATION',
        '10.96.0.10 53    ALL                          Cluster: outbound|53||kube-dns.kube-system.svc.cluster.local',
        '0.0.0.0,:: 80    Trans: raw_buffer; App: HTTP Route: 80',
        '0.0.0.0    15001 ALL                          PassthroughCluster',
        '0.0.0.0    15001 Addr: *:15001                Non-HTTP/Non-TCP',
        '',
      ].join('\n'),
    )
  })

  it('orders more than 12 chains with equal destinations as Go does', () => {
    // Expected order from Go's sort.Slice with istioctl's comparator (destination descending).
    const clusters = ['b', 'a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'a', 'c', 'b', 'a', 'c']
    const l = parseListener({
      address: {socket_address: {address: '0.0.0.0', port_value: 1}},
      filter_chains: clusters.map((c, i) => ({filter_chain_match: {destination_port: i + 1}, filters: [tcp(c)]})),
    })
    const rows = listenerTable([l]).rows.map((r) => `${r[2]} ${r[3]}`)
    const goOrder = [6, 10, 3, 13, 2, 0, 5, 8, 11, 4, 9, 1, 7, 12]
    expect(rows).toEqual(goOrder.map((i) => `Addr: *:${i + 1} Cluster: ${clusters[i]}`))
  })

  it('describes inline routes', () => {
    const l = parseListener({
      address: {socket_address: {address: '0.0.0.0', port_value: 15021}},
      filter_chains: [
        {
          filters: [
            {
              name: 'envoy.filters.network.http_connection_manager',
              typed_config: {
                route_config: {
                  virtual_hosts: [
                    {domains: ['*'], routes: [{match: {prefix: '/healthz/ready'}, route: {cluster: 'agent'}}, {match: {path: '/x'}}]},
                    {domains: ['a', 'b'], routes: [{match: {prefix: '/'}}]},
                  ],
                },
              },
            },
          ],
        },
      ],
    })
    expect([...renderTable(listenerTable([l], {verbose: true}), {colour: false})].join('').split('\n')[1]).toBe('0.0.0.0   15021 ALL   Inline Route: /healthz/ready*, /x; a/b /*')
  })
})
