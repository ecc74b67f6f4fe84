import {describe, expect, it} from 'vitest'

import {type Connection, selectFilterChain} from '../../src/explain/filter-chain.js'

const conn = (over: Partial<Connection> = {}): Connection => ({destIp: '10.0.0.5', destPort: 9080, transportProtocol: 'raw_buffer', applicationProtocols: ['http/1.1'], ...over})
const chain = (name: string, match?: Record<string, unknown>) => ({name, filter_chain_match: match, filters: []})
const pick = (chains: unknown[], c: Connection, extra: Record<string, unknown> = {}) => selectFilterChain({filter_chains: chains, ...extra}, c).step

describe('filter-chain match (listener_components.proto FilterChainMatch)', () => {
  it('1. destination port: a chain naming the port beats one that names none', () => {
    const step = pick([chain('any'), chain('port', {destination_port: 9080})], conn())
    expect(step.chosen).toBe('port (#1)')
    expect(step.rejected[0]).toMatchObject({name: 'any (#0)'})
    expect(step.reason).toContain('decided by destination_port')
  })

  it('1. destination port: "filter chains specifying the wrong port can never be the most specific match"', () => {
    const step = pick([chain('other', {destination_port: 15006})], conn())
    expect(step.chosen).toBeNull()
    expect(step.rejected[0].reason).toContain('destination_port wants 15006')
  })

  it('1. a more specific port match does not fall back to port-less chains when a later criterion fails (no backtracking)', () => {
    const step = pick([chain('port-tls', {destination_port: 9080, transport_protocol: 'tls'}), chain('any')], conn())
    expect(step.chosen).toBeNull()
  })

  it('2. destination IP: the longest matching prefix_ranges wins', () => {
    const step = pick(
      [chain('wide', {prefix_ranges: [{address_prefix: '10.0.0.0', prefix_len: 8}]}), chain('narrow', {prefix_ranges: [{address_prefix: '10.0.0.0', prefix_len: 24}]})],
      conn(),
    )
    expect(step.chosen).toBe('narrow (#1)')
    expect(step.rejected[0].reason).toContain('less specifically')
  })

  it('2. destination IP: a range that does not hold the address excludes the chain', () => {
    expect(pick([chain('other', {prefix_ranges: [{address_prefix: '192.168.0.0', prefix_len: 16}]}), chain('any')], conn()).chosen).toBe('any (#1)')
  })

  it('3. server names: exact www.example.com, then *.example.com, then *.com, then chains without server_names', () => {
    const chains = [chain('none'), chain('com', {server_names: ['*.com']}), chain('wild', {server_names: ['*.example.com']}), chain('exact', {server_names: ['www.example.com']})]
    const tls = (sni: string) => conn({transportProtocol: 'tls', serverName: sni})
    expect(pick(chains, tls('www.example.com')).chosen).toBe('exact (#3)')
    expect(pick(chains, tls('api.example.com')).chosen).toBe('wild (#2)')
    expect(pick(chains, tls('foo.com')).chosen).toBe('com (#1)')
    expect(pick(chains, tls('foo.org')).chosen).toBe('none (#0)')
  })

  it('3. server names: a connection without SNI matches only chains without server_names', () => {
    expect(pick([chain('sni', {server_names: ['a.example.com']})], conn()).chosen).toBeNull()
  })

  it('4. transport protocol: raw_buffer does not match a tls chain', () => {
    const step = pick([chain('tls', {transport_protocol: 'tls'}), chain('raw', {transport_protocol: 'raw_buffer'})], conn())
    expect(step.chosen).toBe('raw (#1)')
    expect(step.rejected[0].reason).toContain('transport_protocol wants tls')
  })

  it('5. application protocols: any protocol in common matches; chains without them only as a fallback', () => {
    const chains = [chain('any'), chain('http', {application_protocols: ['http/1.0', 'http/1.1', 'h2c']})]
    expect(pick(chains, conn()).chosen).toBe('http (#1)')
    expect(pick(chains, conn({applicationProtocols: []})).chosen).toBe('any (#0)')
  })

  it('7. source type: SAME_IP_OR_LOOPBACK for loopback sources, EXTERNAL otherwise', () => {
    const chains = [chain('local', {source_type: 'SAME_IP_OR_LOOPBACK'}), chain('external', {source_type: 'EXTERNAL'})]
    expect(pick(chains, conn({sourceIp: '127.0.0.1'})).chosen).toBe('local (#0)')
    expect(pick(chains, conn({sourceIp: '10.1.1.1'})).chosen).toBe('external (#1)')
  })

  it('8. source IP: the longest matching source_prefix_ranges wins', () => {
    const chains = [chain('any'), chain('src', {source_prefix_ranges: [{address_prefix: '10.1.0.0', prefix_len: 16}]})]
    expect(pick(chains, conn({sourceIp: '10.1.2.3'})).chosen).toBe('src (#1)')
    expect(pick(chains, conn({sourceIp: '10.2.2.3'})).chosen).toBe('any (#0)')
  })

  it('9. source port: a listed port wins over chains without source_ports', () => {
    const chains = [chain('any'), chain('port', {source_ports: [5000]})]
    expect(pick(chains, conn({sourcePort: 5000})).chosen).toBe('port (#1)')
    expect(pick(chains, conn({sourcePort: 5001})).chosen).toBe('any (#0)')
  })

  it('with no chain left, the default_filter_chain takes the connection', () => {
    const step = pick([chain('tls', {transport_protocol: 'tls'})], conn(), {default_filter_chain: {name: 'PassthroughFilterChain', filters: []}})
    expect(step.chosen).toBe('PassthroughFilterChain (default)')
  })

  it('reads camelCase field names as well', () => {
    expect(pick([{name: 'c', filterChainMatch: {destinationPort: 9080}}, chain('any')], conn()).chosen).toBe('c (#0)')
  })
})
