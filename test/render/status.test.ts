import {describe, expect, it} from 'vitest'

import {NO_STATUS, type ResourceStatus} from '../../src/model/status.js'
import {statusLabel, statusNotes} from '../../src/render/status.js'

const status = (s: Partial<ResourceStatus>): ResourceStatus => ({...NO_STATUS, dynamic: true, ...s})

describe('statusLabel', () => {
  it('tells dynamic from static, and says every other state', () => {
    expect(statusLabel(status({}))).toBe('ACTIVE')
    expect(statusLabel(status({dynamic: false}))).toBe('STATIC')
    expect(statusLabel(status({state: 'warming'}))).toBe('WARMING')
    expect(statusLabel(status({state: 'rejected'}))).toBe('REJECTED')
  })
})

describe('statusNotes', () => {
  it('says when and why Envoy refused an update, on one line', () => {
    const error = {details: 'bad\n  config\n', lastUpdateAttempt: '2024-05-01T10:00:00Z', versionInfo: 'v9'}
    expect(statusNotes('listener', [{name: 'l', status: status({state: 'rejected', clientStatus: 'NACKED', error})}])).toEqual([
      'Envoy rejected listener l (NACKED, version v9, at 2024-05-01T10:00:00Z): bad config',
    ])
    expect(statusNotes('cluster', [{name: '', status: status({state: 'rejected', error: {details: '', lastUpdateAttempt: '', versionInfo: ''}})}])).toEqual([
      'Envoy rejected cluster (no name): no details',
    ])
  })

  it('names warming resources, and says nothing of active ones', () => {
    expect(
      statusNotes('cluster', [
        {name: 'c', status: status({state: 'warming', versionInfo: 'v2', lastUpdated: '2024-05-01T10:00:00Z'})},
        {name: 'd', status: status({state: 'warming'})},
        {name: 'e', status: status({})},
      ]),
    ).toEqual(['cluster c is warming (version v2, since 2024-05-01T10:00:00Z): Envoy does not use it yet', 'cluster d is warming (no version): Envoy does not use it yet'])
  })
})
