import {describe, expect, it} from 'vitest'

import {progressWanted} from '../../src/core/progress.js'

describe('progress spinner', () => {
  it('shows when stderr is a terminal, whatever stdout is, unless NO_COLOR is set', () => {
    expect(progressWanted({isTTY: true}, {})).toBe(true)
    expect(progressWanted({isTTY: true}, {NO_COLOR: '1'})).toBe(false)
    expect(progressWanted({isTTY: false}, {})).toBe(false)
    expect(progressWanted({}, {})).toBe(false)
  })
})
