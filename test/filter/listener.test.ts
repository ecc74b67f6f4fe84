import {describe, expect, it} from 'vitest'

import {filterListeners, listenerType, matchesListener, sortListeners} from '../../src/filter/listener.js'
import {parseListener} from '../../src/model/listener.js'

const tcp = (cluster: string) => ({name: 'envoy.filters.network.tcp_proxy', typed_config: {cluster}})
const hcm = {name: 'envoy.filters.network.http_connection_manager', typed_config: {rds: {route_config_name: '80'}}}
const listener = (name: string, address: string, port: number, filters: unknown[][], additional: string[] = []) =>
  parseListener({
    name,
    address: {socket_address: {address, port_value: port}},
    additional_addresses: additional.map((a) => ({address: {socket_address: {address: a, port_value: port}}})),
    filter_chains: filters.map((f) => ({filters: f})),
  })

const outbound = listener('virtualOutbound', '0.0.0.0', 15001, [[tcp('BlackHoleCluster')], [tcp('PassthroughCluster')]])
const http = listener('0.0.0.0_80', '0.0.0.0', 80, [[hcm]], ['::'])
const dns = listener('10.96.0.10_53', '10.96.0.10', 53, [[tcp('outbound|53||kube-dns')]])
const mixed = listener('mixed', '10.0.0.1', 53, [[hcm], [tcp('x')]])

describe('listenerType', () => {
  it('counts HTTP and TCP chains, BlackHole TCP proxies not', () => {
    expect([outbound, http, dns, mixed].map(listenerType)).toEqual(['TCP', 'HTTP', 'TCP', 'HTTP+TCP'])
    expect(listenerType(listener('bh', '0.0.0.0', 1, [[tcp('BlackHoleCluster')], [{name: 'other'}]]))).toBe('UNKNOWN')
    // The default chain counts like any other.
    expect(listenerType(parseListener({default_filter_chain: {filters: [hcm]}}))).toBe('HTTP')
  })
})

describe('listener filters', () => {
  it('match any address case-insensitively, and port and type exactly', () => {
    const all = [outbound, http, dns, mixed]
    expect(filterListeners(all, {address: '::'}).map((l) => l.name)).toEqual(['0.0.0.0_80'])
    expect(filterListeners(all, {address: '0.0.0.0'}).map((l) => l.name)).toEqual(['virtualOutbound', '0.0.0.0_80'])
    expect(filterListeners(all, {port: 53}).map((l) => l.name)).toEqual(['10.96.0.10_53', 'mixed'])
    expect(filterListeners(all, {type: 'http+tcp'}).map((l) => l.name)).toEqual(['mixed'])
    expect(filterListeners(all, {port: -1})).toEqual([])
    expect(matchesListener(http, {})).toBe(true)
  })

  it('sort by port, then address, then type, keeping dump order for ties', () => {
    const twin = listener('twin', '10.96.0.10', 53, [[tcp('y')]])
    expect(sortListeners([outbound, http, mixed, dns, twin]).map((l) => l.name)).toEqual(['mixed', '10.96.0.10_53', 'twin', '0.0.0.0_80', 'virtualOutbound'])
  })
})
