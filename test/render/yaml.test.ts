import {load} from 'js-yaml'
import {describe, expect, it} from 'vitest'

import {compareYamlKeys, toYaml} from '../../src/render/yaml.js'

describe('compareYamlKeys', () => {
  const sorted = (keys: string[]) => [...keys].sort(compareYamlKeys)

  it('puts non-letters before letters', () => {
    expect(sorted(['name', '@type', 'Zone', '_x'])).toEqual(['@type', '_x', 'Zone', 'name'])
  })

  it('compares digit runs as numbers', () => {
    expect(sorted(['a10', 'a2', 'a1'])).toEqual(['a1', 'a2', 'a10'])
    expect(sorted(['port-8080', 'port-443', 'port-80'])).toEqual(['port-80', 'port-443', 'port-8080'])
  })

  it('orders equal numbers by run length, so leading zeros come later', () => {
    expect(sorted(['a01', 'a1', 'a001'])).toEqual(['a1', 'a01', 'a001'])
    expect(compareYamlKeys('a10', 'a100')).toBeLessThan(0)
  })

  it('puts a proper prefix first and compares letters by code point', () => {
    expect(sorted(['abc', 'ab', 'aB'])).toEqual(['aB', 'ab', 'abc'])
    expect(compareYamlKeys('same', 'same')).toBe(0)
  })
})

describe('toYaml', () => {
  it('ends with a blank line', () => {
    expect(toYaml([])).toBe('[]\n\n')
    expect(toYaml({})).toBe('{}\n\n')
    expect(toYaml({a: 1})).toBe('a: 1\n\n')
  })

  it('does not indent sequences under their key and sorts keys naturally', () => {
    const value = [
      {
        name: 'c',
        endpoints: [{lbEndpoints: [{endpoint: {}}], locality: {}}],
        '@type': 't',
        a10: [[1, 2], []],
        a2: 'x',
      },
    ]
    expect(toYaml(value)).toBe(
      ["- '@type': t", '  a2: x', '  a10:', '  - - 1', '    - 2', '  - []', '  endpoints:', '  - lbEndpoints:', '    - endpoint: {}', '    locality: {}', '  name: c', '', ''].join(
        '\n',
      ),
    )
  })

  it('double-quotes strings that YAML 1.1 would read as another type', () => {
    const yaml = toYaml({
      version: '1605',
      bool: 'yes',
      switch: 'off',
      y: 'n',
      time: '2023-12-23T13:46:00.699Z',
      date: '2023-1-2',
      empty: '',
      nul: '~',
      hex: '0x1F',
      float: '1e3',
      sexagesimal: '12:30',
    })
    expect(yaml).toBe(
      [
        'bool: "yes"',
        'date: "2023-1-2"',
        'empty: ""',
        'float: "1e3"',
        'hex: "0x1F"',
        'nul: "~"',
        'sexagesimal: "12:30"',
        'switch: "off"',
        'time: "2023-12-23T13:46:00.699Z"',
        'version: "1605"',
        '"y": "n"',
        '',
        '',
      ].join('\n'),
    )
  })

  it('single-quotes strings that cannot be plain and leaves the rest plain', () => {
    const yaml = toYaml({star: '*', at: '@x', colon: 'a: b', dash: '- a', lead: ' x', plain: 'outbound|80||a.b', ts: '2022-12-08T09:07:09Z/10'})
    expect(yaml).toBe(["at: '@x'", "colon: 'a: b'", "dash: '- a'", "lead: ' x'", 'plain: outbound|80||a.b', "star: '*'", 'ts: 2022-12-08T09:07:09Z/10', '', ''].join('\n'))
  })

  it('uses literal blocks for multi-line text and double quotes for tabs', () => {
    expect(toYaml({code: 'line 1\nline 2\n', tab: 'a\tb'})).toBe('code: |\n  line 1\n  line 2\ntab: "a\\tb"\n\n')
  })

  it('prints numbers as go-yaml does', () => {
    expect(toYaml({int: 15020, big: 2 ** 60, float: 1.5, small: 1.5e-7, large: 1234567.5, none: null, yes: true})).toBe(
      [
        'big: 1152921504606846976',
        'float: 1.5',
        'int: 15020',
        'large: 1.2345675e+06',
        'none: null',
        'small: 1.5e-07',
        // keys follow the same quoting rule as values
        '"yes": true',
        '',
        '',
      ].join('\n'),
    )
  })
})

describe('very long strings', () => {
  it('are written double-quoted instead of overflowing js-yaml', () => {
    const big = `${'x'.repeat(3_000_000)}\u202e"\n`
    const out = toYaml({name: big, list: [big, 'short']})
    expect(load(out)).toEqual({name: big, list: [big, 'short']})
    expect(out).not.toContain('\u202e')
  })
})
