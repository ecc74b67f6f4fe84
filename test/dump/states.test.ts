import {describe, expect, it} from 'vitest'

import {HeldStates} from '../../src/dump/states.js'

describe('HeldStates', () => {
  it('keeps every entry not parsed yet, whatever is asked for', () => {
    expect(new HeldStates(3).candidates(['warming'])).toEqual([0, 1, 2])
  })

  it('keeps only the parsed entries that hold a wanted state', () => {
    const held = new HeldStates(5)
    held.record(0, ['active'])
    held.record(1, ['active', 'rejected'])
    held.record(2, ['warming', 'draining'])
    held.record(3, [])
    expect(held.candidates(['warming', 'rejected'])).toEqual([1, 2, 4])
    expect(held.candidates(['active'])).toEqual([0, 1, 4])
    expect(held.candidates(['draining'])).toEqual([2, 4])
  })

  it('takes a later record over an earlier one', () => {
    const held = new HeldStates(1)
    held.record(0, ['active'])
    held.record(0, ['rejected'])
    expect(held.candidates(['active'])).toEqual([])
  })
})
