import {describe, expect, it} from 'vitest'

import {describeFilter, noMatchNote} from '../../src/filter/describe.js'

describe('describeFilter', () => {
  it('spells the given filters as flags, skipping unset ones', () => {
    expect(describeFilter({fqdn: 'reviews', port: 9080, subset: '', direction: undefined, address: 0})).toBe('--fqdn reviews --port 9080')
    expect(describeFilter({})).toBe('')
  })
})

describe('noMatchNote', () => {
  it('explains an empty answer only when filters caused it', () => {
    expect(noMatchNote('clusters', {fqdn: 'x'}, 12)).toBe('no clusters match --fqdn x; 12 clusters in the dump')
    expect(noMatchNote('clusters', {fqdn: ''}, 12)).toBeUndefined()
  })
})
