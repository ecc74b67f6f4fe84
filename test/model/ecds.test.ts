import {describe, expect, it} from 'vitest'

import {ecdsEntries, parseEcdsFilter} from '../../src/model/ecds.js'

describe('ECDS filters', () => {
  it('concatenates the filters of every section in dump order', () => {
    const entries = ecdsEntries([{ecds_filters: [{ecds_filter: {name: 'a'}}, 'junk']}, {ecdsFilters: [{ecdsFilter: {name: 'b'}}]}, {}])
    expect(entries.map((e) => parseEcdsFilter(e).name)).toEqual(['a', 'b'])
  })

  it('reads name, type, version, update time and status', () => {
    const f = parseEcdsFilter({
      version_info: '3',
      last_updated: '2024-01-01T00:00:00Z',
      client_status: 'ACKED',
      ecds_filter: {name: 'istio.stats', typed_config: {'@type': 'type.googleapis.com/stats.PluginConfig'}},
    })
    expect(f).toEqual({
      name: 'istio.stats',
      typeUrl: 'type.googleapis.com/stats.PluginConfig',
      version: '3',
      lastUpdated: '2024-01-01T00:00:00Z',
      status: {state: 'active', dynamic: true, versionInfo: '3', lastUpdated: '2024-01-01T00:00:00Z', clientStatus: 'ACKED', error: undefined},
    })
  })

  it('flags an entry that holds only a refusal as rejected', () => {
    expect(parseEcdsFilter({error_state: {details: 'unknown type'}, client_status: 'NACKED'}).status).toMatchObject({state: 'rejected', error: {details: 'unknown type'}})
    expect(parseEcdsFilter({ecds_filter: {name: 'x'}, error_state: {details: 'newer one refused'}}).status.state).toBe('active')
    expect(parseEcdsFilter({}).status.state).toBe('active')
  })
})
