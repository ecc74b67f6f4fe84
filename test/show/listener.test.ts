import {describe, expect, it} from 'vitest'

import {load} from '../../src/catalog/catalog.js'
import {UserError} from '../../src/core/errors.js'
import {ConfigDump} from '../../src/dump/configdump.js'
import {parseListener} from '../../src/model/listener.js'
import {renderListing} from '../../src/render/print.js'
import {parsePrinter} from '../../src/render/printers/registry.js'
import {listenerListing} from '../../src/show/listener.js'

const chain = (i: number) => ({
  filter_chain_match: {destination_port: 8000 + (i % 1000), server_names: [`svc-${i}.ns.svc.cluster.local`]},
  name: `chain-${i}`,
  filters: [
    {
      name: 'envoy.filters.network.tcp_proxy',
      typed_config: {
        '@type': 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy',
        stat_prefix: `outbound|${i}||svc`,
        cluster: `outbound|${i}||svc-${i}.ns.svc.cluster.local`,
      },
    },
  ],
})

/** A listener of 3000 chains, over 1 MiB: JSON output writes it a chain at a time. */
const huge = {
  name: 'virtualOutbound',
  address: {socket_address: {address: '0.0.0.0', port_value: 15001}},
  filter_chains: Array.from({length: 3000}, (_, i) => chain(i)),
  traffic_direction: 'OUTBOUND',
}
const small = {name: 'small', address: {socket_address: {address: '10.0.0.1', port_value: 80}}, filter_chains: [chain(1)]}

const dumpText = (listener: object) =>
  JSON.stringify({
    configs: [
      {
        '@type': 'type.googleapis.com/envoy.admin.v3.ListenersConfigDump',
        dynamic_listeners: [
          {name: 'small', active_state: {version_info: 'v1', listener: small}},
          {name: 'huge', active_state: {version_info: 'v2', listener}, warming_state: {version_info: 'v3', listener: small}},
        ],
      },
    ],
  })

/** Entries from this size are read without their chains (1 MiB outside tests). */
const LIMIT = 64 * 1024

const text = async (dump: ConfigDump, format: string, withoutText = false) => {
  const listing = listenerListing(dump, {})
  const chunks = await renderListing(withoutText ? {...listing, rawText: undefined} : listing, parsePrinter(format), {colour: false})
  return [...chunks].map((c) => c.toString()).join('')
}

describe('a listener too large to parse whole', () => {
  const bytes = Buffer.from(dumpText(huge))
  const dump = ConfigDump.fromBuffer(bytes, 'dump.json', LIMIT)

  it('is read into the same model, with its chains', () => {
    expect(bytes.length).toBeGreaterThan(1024 * 1024)
    const [, listener] = load(dump, 'listener')
    const whole = parseListener(huge)
    const data = (l: typeof listener) => ({...l, load: undefined, bytes: undefined, status: undefined})
    expect(data(listener)).toEqual(data(whole))
    expect(listener.filterChains).toHaveLength(3000)
    expect(listener.status.versionInfo).toBe('v2')
  })

  it('prints the JSON its whole conversion prints', async () => {
    // Only the huge listener is written from its text.
    const listing = listenerListing(dump, {})
    expect(listing.items.map((l) => listing.rawText?.(l)?.length)).toEqual([undefined, JSON.stringify(huge).length])
    const json = await text(dump, 'json')
    expect(json).toBe(await text(dump, 'json', true))
    expect(JSON.parse(json)[1].filterChains).toHaveLength(3000)
  })

  it('fails on broken JSON inside it exactly as a whole parse does', () => {
    const broken = Buffer.from(dumpText(huge).replace('"chain-2345"', '"chain-2345" x'))
    const failure = (read: () => unknown): string => {
      try {
        read()
      } catch (error) {
        expect(error).toBeInstanceOf(UserError)
        return (error as Error).message
      }
      throw new Error('no failure')
    }
    const whole = failure(() => ConfigDump.fromBuffer(broken, 'dump.json').section('listeners'))
    expect(whole).toMatch(/^dump.json is not valid JSON: .* \(in the ListenersConfigDump section\)$/)
    expect(failure(() => load(ConfigDump.fromBuffer(broken, 'dump.json', LIMIT), 'listener'))).toBe(whole)
  })
})
