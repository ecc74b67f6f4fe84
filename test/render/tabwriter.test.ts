import {describe, expect, it} from 'vitest'

import {tabwrite} from '../../src/render/tabwriter.js'

describe('tabwrite', () => {
  it('pads every cell but the last to the column width plus padding', () => {
    expect(
      tabwrite(
        [
          ['A', 'BB', 'C'],
          ['aaa', 'b', ''],
        ],
        2,
      ),
    ).toBe('A    BB  C\naaa  b   \n')
  })

  it('counts code points, not UTF-16 units', () => {
    expect(
      tabwrite(
        [
          ['😀x', 'y'],
          ['ab', 'z'],
        ],
        1,
      ),
    ).toBe('😀x y\nab z\n')
  })

  it('shares a width only among consecutive rows that have the column, as Go does', () => {
    // Output of Go's text/tabwriter for the same cells (minwidth 0, padding 1).
    expect(
      tabwrite(
        [
          ['a', 'b', 'c'],
          ['aaaa', '-'],
          ['x', 'yyyyyy', 'z'],
        ],
        1,
      ),
    ).toBe('a    b c\naaaa -\nx    yyyyyy z\n')
  })
})
