import {describe, expect, it} from 'vitest'

import type {SecretItem} from '../../src/model/secret.js'
import {secretTable, timeLeft} from '../../src/render/secret.js'
import {renderTable} from '../../src/render/table.js'

const HOUR = 3_600_000
const item = (i: Partial<SecretItem>): SecretItem => ({
  name: 'default',
  state: 'ACTIVE',
  type: 'Cert Chain',
  valid: true,
  expiresIn: undefined,
  notYetValid: false,
  serialNumber: '1',
  notAfter: '',
  notBefore: '',
  trustDomain: '',
  ...i,
})

describe('timeLeft', () => {
  it('counts minutes, hours, days and years, forward and back', () => {
    expect(timeLeft(item({expiresIn: 45 * 60_000}))).toBe('in 45m')
    expect(timeLeft(item({expiresIn: 23.5 * HOUR}))).toBe('in 23h')
    expect(timeLeft(item({expiresIn: 47 * HOUR}))).toBe('in 47h')
    expect(timeLeft(item({expiresIn: 30 * 24 * HOUR}))).toBe('in 30d')
    expect(timeLeft(item({expiresIn: 3 * 365 * 24 * HOUR}))).toBe('in 3y')
    expect(timeLeft(item({expiresIn: -3.2 * 24 * HOUR, valid: false}))).toBe('expired 3d ago')
    expect(timeLeft(item({expiresIn: 0, valid: false}))).toBe('expired 0m ago')
    expect(timeLeft(item({expiresIn: 5 * 24 * HOUR, valid: false, notYetValid: true}))).toBe('not yet valid; ends in 5d')
  })

  it('tells a warming secret without a certificate from one that has none', () => {
    expect(timeLeft(item({state: 'WARMING', valid: false}))).toBe('no certificate yet')
    expect(timeLeft(item({valid: false}))).toBe('no certificate')
  })
})

describe('secretTable', () => {
  it('adds EXPIRES in -o wide, red once expired and yellow within a day', () => {
    const items = [item({name: 'soon', expiresIn: 2 * HOUR}), item({name: 'gone', expiresIn: -HOUR, valid: false}), item({name: 'fine', expiresIn: 90 * 24 * HOUR})]
    const out = [...renderTable(secretTable(items, {wide: true}), {colour: true})].join('')
    expect(out).toContain('\u001b[33min 2h\u001b[39m')
    expect(out).toContain('\u001b[31mexpired 1h ago\u001b[39m')
    expect(out).toContain(' in 90d')
    expect(out).not.toContain('\u001b[33min 90d')
    expect(secretTable(items).header).not.toContain('EXPIRES')
  })
})
