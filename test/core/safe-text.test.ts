import {load} from 'js-yaml'
import {describe, expect, it} from 'vitest'

import {parsePrinter} from '../../src/render/printers/registry.js'
import {tabwrite} from '../../src/render/tabwriter.js'
import {toYaml} from '../../src/render/yaml.js'

const hostile = 'evil\u001b]0;pwned\u0007\u001b[31m\u007f\u0085\u202edlrow'
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

describe('terminal safety', () => {
  it('tables show control and bidi characters as escapes, with widths of the escaped text', () => {
    const out = tabwrite(
      [
        ['NAME', 'X'],
        [hostile, 'y'],
      ],
      1,
    )
    expect(out).not.toMatch(RAW_CONTROL)
    expect(out).toContain('evil\\x1b]0;pwned\\x07\\x1b[31m\\x7f\\x85\\u202edlrow y')
    expect(out.split('\n')[0].indexOf('X')).toBe(out.split('\n')[1].indexOf('y'))
  })

  it('JSON escapes them and still parses back to the same value', async () => {
    const out = [...(await parsePrinter('json').document!({value: () => ({name: hostile})}))].join('')
    expect(out).not.toMatch(RAW_CONTROL)
    expect(JSON.parse(out)).toEqual({name: hostile})
  })

  it('JSON escapes each of them alone in otherwise plain ASCII text, DEL included', async () => {
    for (const c of ['\u007f', '\u0085', '\u061c', '\u200e', '\u202e', '\u2069']) {
      const out = [...(await parsePrinter('json').document!({value: () => ({name: `plain ${c} text`})}))].join('')
      expect(out).toContain(`plain \\u${c.charCodeAt(0).toString(16).padStart(4, '0')} text`)
      expect(JSON.parse(out)).toEqual({name: `plain ${c} text`})
    }
  })

  it('YAML escapes them and still parses back to the same value', () => {
    const value = {[hostile]: [hostile, `${hostile}\nsecond line`]}
    const out = toYaml(value)
    expect(out).not.toMatch(RAW_CONTROL)
    expect(load(out)).toEqual(value)
  })
})

describe('escapeJsonBytes', () => {
  it('escapes controls, DEL, C1 and bidi in raw JSON bytes and keeps the value', async () => {
    const {escapeJsonBytes} = await import('../../src/core/safe-text.js')
    const value = {name: hostile, ok: 'café → ✓ ‐'}
    const raw = Buffer.from(JSON.stringify(value, null, 1).replace('\\u001b', '\u001b'))
    const out = Buffer.concat(escapeJsonBytes(raw)).toString('utf8')
    expect(out).not.toMatch(RAW_CONTROL)
    expect(JSON.parse(out)).toEqual(value)
    const plain = Buffer.from('{"a": "b"}\n')
    expect(escapeJsonBytes(plain)).toEqual([plain])
  })
})
