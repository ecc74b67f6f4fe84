import {describe, expect, it} from 'vitest'

import {parseStringMatch} from '../../src/model/matcher.js'

describe('string matcher', () => {
  it('reads each kind with its value and case flag', () => {
    expect(parseStringMatch({exact: '', ignore_case: true})).toEqual({kind: 'exact', value: '', ignoreCase: true})
    expect(parseStringMatch({prefix: '/a'})).toEqual({kind: 'prefix', value: '/a', ignoreCase: false})
    expect(parseStringMatch({suffix: '.com', ignoreCase: true})).toEqual({kind: 'suffix', value: '.com', ignoreCase: true})
    expect(parseStringMatch({contains: 'x'})).toEqual({kind: 'contains', value: 'x', ignoreCase: false})
    expect(parseStringMatch({safe_regex: {google_re2: {}, regex: '^v\\d$'}})).toEqual({kind: 'regex', value: '^v\\d$', ignoreCase: false})
    expect(parseStringMatch({custom: {name: 'ext'}})).toEqual({kind: 'custom', value: 'ext', ignoreCase: false})
  })

  it('reads an empty matcher as exact ""', () => {
    expect(parseStringMatch({})).toEqual({kind: 'exact', value: '', ignoreCase: false})
  })
})
