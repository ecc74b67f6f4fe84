import {describe, expect, it} from 'vitest'

import {SpillStore} from '../../src/dump/input.js'

/** Bytes that show where each came from, so a misplaced range cannot pass. */
function pattern(n: number): Buffer {
  const b = Buffer.alloc(n)
  for (let i = 0; i + 4 <= n; i += 4) b.writeUInt32LE(i, i)
  return b
}

describe('SpillStore', () => {
  const input = pattern(1_000_000)
  /** Kept: [0, 300k) and [420k, 1M), appended in pieces as a stream delivers them; at most 100 kB in memory. */
  function kept(): SpillStore {
    const store = new SpillStore(100_000)
    for (let at = 0; at < input.length; at += 30_000) {
      if (at >= 300_000 && at < 420_000) continue
      const piece = input.subarray(at, Math.min(at + 30_000, input.length))
      // The reader may reuse its buffer: what the store keeps must be its own copy.
      const reused = Buffer.from(piece)
      store.append(reused, at)
      reused.fill(0)
    }
    return store
  }

  it('reads back what it kept, whether it stayed in memory or went to the file', () => {
    const store = kept()
    for (const [start, end] of [
      [0, 90_000],
      [85_000, 95_000],
      [90_000, 300_000],
      [420_000, 1_000_000],
      [299_999, 300_000],
      [654_321, 765_432],
    ])
      expect(store.read(start, end).equals(input.subarray(start, end))).toBe(true)
  })

  it('refuses a range it did not keep', () => {
    expect(() => kept().read(250_000, 450_000)).toThrow('bytes 300000..450000 of the input were not kept')
    expect(() => kept().read(350_000, 450_000)).toThrow('bytes 350000..450000 of the input were not kept')
  })
})
