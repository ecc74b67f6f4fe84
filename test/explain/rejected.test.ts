import {describe, expect, it} from 'vitest'

import {parseConfigDump} from '../../src/dump/configdump.js'
import {explain} from '../../src/explain/explain.js'
import {loadResources} from '../../src/explain/resources.js'
import {parseTarget} from '../../src/explain/url.js'

/** A sidecar as Istio 1.18 left it: virtualInbound refused by Envoy, only in error_state. */
const dump = {
  configs: [
    {
      '@type': 'type.googleapis.com/envoy.admin.v3.ListenersConfigDump',
      dynamic_listeners: [
        {
          name: 'virtualOutbound',
          active_state: {listener: {name: 'virtualOutbound', address: {socket_address: {address: '0.0.0.0', port_value: 15001}}, use_original_dst: true, filter_chains: []}},
        },
        {
          name: 'virtualInbound',
          error_state: {
            failed_configuration: {'@type': 'type.googleapis.com/envoy.config.listener.v3.Listener', name: 'virtualInbound'},
            last_update_attempt: '2026-01-14T09:12:44Z',
            details: 'error adding listener: multiple filter chains with the same matching rules are defined',
          },
        },
      ],
    },
  ],
}

describe('rejected configuration (error_state)', () => {
  it('an inbound request names the listener Envoy rejected, with its error text', () => {
    const res = loadResources(parseConfigDump(Buffer.from(JSON.stringify(dump)), 'dump'))
    const url = 'http://productpage:9080/'
    const e = explain(res, {url, target: parseTarget(url), direction: 'inbound', method: 'GET', headers: []})
    expect(e.outcome.kind).toBe('no-listener')
    expect(e.listener?.reason).toContain('Envoy rejected virtualInbound')
    expect(e.listener?.rejectedConfig).toEqual([
      {name: 'virtualInbound', details: 'error adding listener: multiple filter chains with the same matching rules are defined', lastUpdateAttempt: '2026-01-14T09:12:44Z'},
    ])
  })
})
