import {describe, expect, it} from 'vitest'

import {formatDuration} from '../../src/core/duration.js'

describe('formatDuration', () => {
  it.each([
    [300, '300ms'],
    [1000, '1s'],
    [30_000, '30s'],
    [1500, '1.5s'],
    [90_000, '1m30s'],
    [3_600_000, '1h'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })
})
