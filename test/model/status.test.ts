import {describe, expect, it} from 'vitest'

import {NO_STATUS, entryStatus, resourceStatus} from '../../src/model/status.js'

describe('resource status', () => {
  it('reads version and time from the holder, client status and refusal from the entry', () => {
    const entry = {
      name: 'l',
      warming_state: {version_info: 'v2', last_updated: '2024-01-02T00:00:00Z'},
      error_state: {details: 'bad', last_update_attempt: '2024-01-03T00:00:00Z', version_info: 'v3'},
      client_status: 5,
    }
    expect(resourceStatus({state: 'warming', dynamic: true, holder: entry.warming_state, entry})).toEqual({
      state: 'warming',
      dynamic: true,
      versionInfo: 'v2',
      lastUpdated: '2024-01-02T00:00:00Z',
      clientStatus: 'RECEIVED_ERROR',
      error: {details: 'bad', lastUpdateAttempt: '2024-01-03T00:00:00Z', versionInfo: 'v3'},
    })
  })

  it('has a neutral status for resources built outside a dump', () => {
    expect(resourceStatus(undefined)).toBe(NO_STATUS)
    expect(entryStatus('not an object', 'warming', false)).toEqual({...NO_STATUS, state: 'warming', dynamic: false})
    expect(entryStatus({versionInfo: 'x', clientStatus: 'ACKED'}, 'active')).toMatchObject({versionInfo: 'x', clientStatus: 'ACKED', dynamic: true})
  })
})
