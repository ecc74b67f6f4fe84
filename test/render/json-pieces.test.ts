import {describe, expect, it} from 'vitest'

import {redact} from '../../src/proto/redact.js'
import {toProtoJson} from '../../src/proto/transcode.js'
import {jsonPieces} from '../../src/render/json-pieces.js'

const LISTENER = 'envoy.config.listener.v3.Listener'
const TLS = 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext'
const HCM = 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager'

/** A filter chain of a few hundred bytes, with an enum by number, a credential and an Any, in either spelling. */
const chain = (i: number, camel = false) => ({
  [camel ? 'filterChainMatch' : 'filter_chain_match']: {destination_port: 8000 + i, transport_protocol: 'tls', source_type: 1},
  name: `chain-${i}`,
  transport_socket: {name: 'envoy.transport_sockets.tls', typed_config: {'@type': TLS, common_tls_context: {tls_certificates: [{private_key: {inline_string: `key-${i}`}}]}}},
  filters: [
    {
      name: 'envoy.filters.network.tcp_proxy',
      typed_config: {'@type': 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy', stat_prefix: `s${i}`, cluster: `c${i}`},
    },
  ],
})

/** One chain larger than a piece: its filters are read one by one too. */
const hugeChain = {
  name: 'routes',
  filters: [
    {
      name: 'envoy.filters.network.http_connection_manager',
      typed_config: {
        '@type': HCM,
        stat_prefix: 'x',
        route_config: {name: 'inline', virtual_hosts: Array.from({length: 16000}, (_, i) => ({name: `vh-${i}`, domains: [`host-${i}.example.com`, `host-${i}`]}))},
      },
    },
    {name: 'envoy.filters.network.tcp_proxy', typed_config: {'@type': 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy', cluster: 'after'}},
  ],
}

const listener = (camel: boolean) => ({
  name: 'virtualInbound',
  address: {socket_address: {address: '0.0.0.0', port_value: 15006}},
  [camel ? 'filterChains' : 'filter_chains']: [...Array.from({length: 3000}, (_, i) => chain(i, camel)), hugeChain],
  traffic_direction: 1,
  listener_filters: [{name: 'envoy.filters.listener.original_dst'}],
  use_original_dst: true,
})

/** What jsonPieces must equal: the whole conversion, stringified, its lines indented. */
function wholeJson(raw: unknown, convert: (raw: unknown) => unknown, indent: string): string {
  return JSON.stringify(convert(raw), null, 4).replace(/\n/g, `\n${indent}`)
}

describe('jsonPieces', () => {
  const guarded = (raw: unknown) => redact(toProtoJson(raw, LISTENER), LISTENER)

  it.each([
    ['snake_case', false, '    '],
    ['camelCase', true, ''],
  ])('writes a huge resource (%s) exactly as its whole conversion would, in pieces far smaller than it', (_, camel, indent) => {
    const raw = listener(camel)
    const text = Buffer.from(JSON.stringify(raw))
    // Larger than a piece (1 MiB) at two levels: the listener and one of its chains.
    expect(JSON.stringify(hugeChain).length).toBeGreaterThan(1024 * 1024)
    expect(text.length).toBeGreaterThan(2 * 1024 * 1024)
    const pieces = [...jsonPieces(text, LISTENER, guarded, indent)]
    const expected = wholeJson(raw, guarded, indent)
    expect(pieces.join('')).toBe(expected)
    expect(expected).toContain('"[redacted]"')
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(expected.length / 20)
  })

  it('writes what conversion drops or keeps whole as the whole conversion does', () => {
    // Unknown members are dropped, a list of the wrong type is kept as is, and an unknown type is not converted.
    const raw = {...listener(false), bogus: 'x', listener_filters: 'not a list', additional_addresses: [null]}
    const text = Buffer.from(JSON.stringify(raw))
    expect([...jsonPieces(text, LISTENER, guarded, '')].join('')).toBe(wholeJson(raw, guarded, ''))
    const plain = (v: unknown) => v
    expect([...jsonPieces(text, 'no.such.Type', plain, '  ')].join('')).toBe(wholeJson(raw, plain, '  '))
  })

  it('converts a small resource whole', () => {
    const raw = {name: 'small', traffic_direction: 2}
    expect([...jsonPieces(Buffer.from(JSON.stringify(raw)), LISTENER, guarded, '    ')]).toEqual([wholeJson(raw, guarded, '    ')])
  })
})
