import {describe, expect, it} from 'vitest'

import {oclifLogger} from '../../src/cli/logger.js'

describe('oclifLogger', () => {
  it('stands in for oclif’s logger without DEBUG: it prints nothing and names its children as oclif does', () => {
    const logger = oclifLogger({})
    expect(logger?.namespace).toBe('oclif')
    expect(logger?.child('config').child('plugin').namespace).toBe('oclif:config:plugin')
    expect(logger?.debug('anything %s', 'at all')).toBeUndefined()
  })

  it('leaves oclif its own logger when DEBUG is set', () => {
    expect(oclifLogger({DEBUG: 'oclif:*'})).toBeUndefined()
  })
})
