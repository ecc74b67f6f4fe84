import {describe, expect, it} from 'vitest'

import {bool, boolValue, enumName, field, int, intValue, list, obj, optionalStr, str, strList, wrapped} from '../../src/model/raw.js'

describe('raw field helpers', () => {
  it('read snake_case and camelCase spellings, snake first', () => {
    expect(field({max_requests: 1}, 'max_requests')).toBe(1)
    expect(field({maxRequests: 2}, 'max_requests')).toBe(2)
    expect(field({max_requests: 1, maxRequests: 2}, 'max_requests')).toBe(1)
    expect(field([1], 'length')).toBeUndefined()
    expect(field(null, 'a')).toBeUndefined()
  })

  it('give typed values or a neutral default', () => {
    expect(str({a: 1}, 'a')).toBe('')
    expect(optionalStr({a: ''}, 'a')).toBe('')
    expect(optionalStr({a: 1}, 'a')).toBeUndefined()
    expect(obj({a: []}, 'a')).toBeUndefined()
    expect(list({a: {}}, 'a')).toEqual([])
    expect(strList({a: ['x', 1, 'y']}, 'a')).toEqual(['x', 'y'])
    expect(bool({a: 'true'}, 'a')).toBe(false)
  })

  it('read proto3 integers as numbers or decimal strings', () => {
    expect(int({a: 7.9}, 'a')).toBe(7)
    expect(int({a: ' -12 '}, 'a')).toBe(-12)
    expect(int({a: '1e3'}, 'a')).toBe(0)
    expect(intValue(Number.POSITIVE_INFINITY)).toBe(0)
  })

  it('unwrap wrapper types in either form', () => {
    expect(wrapped({a: 3}, 'a')).toBe(3)
    expect(wrapped({a: '4'}, 'a')).toBe(4)
    expect(wrapped({a: {value: '5'}}, 'a')).toBe(5)
    expect(wrapped({a: ''}, 'a')).toBeUndefined()
    expect(boolValue({a: {value: false}}, 'a')).toBe(false)
    expect(boolValue({a: true}, 'a')).toBe(true)
    expect(boolValue({a: 'yes'}, 'a')).toBeUndefined()
  })

  it('name enums given by name or number', () => {
    const names = ['ZERO', 'ONE'] as const
    expect(enumName({a: 1}, 'a', names)).toBe('ONE')
    expect(enumName({a: 'TWO'}, 'a', names)).toBe('TWO')
    expect(enumName({a: 9}, 'a', names)).toBe('9')
    expect(enumName({}, 'a', names)).toBe('ZERO')
    expect(enumName({}, 'a', names, '')).toBe('')
  })
})
