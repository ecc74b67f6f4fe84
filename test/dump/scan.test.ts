import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {type LayoutNode, ScanError, arrayElements, layoutTree, objectMembers, parseSpan, skipValue} from '../../src/dump/scan.js'

const buf = (s: string) => Buffer.from(s, 'utf8')

describe('scanner', () => {
  it('finds member spans without parsing values', () => {
    const b = buf('{"a": [1, {"x": "}]"}], "b\\"q": "s\\\\", "c": null}')
    const members = [...objectMembers(b, {start: 0, end: b.length})]
    expect(members.map(([k]) => k)).toEqual(['a', 'b"q', 'c'])
    expect(members.map(([, s]) => parseSpan(b, s))).toEqual([[1, {x: '}]'}], 's\\', null])
  })

  it('walks array elements', () => {
    const b = buf(' [ {"a":1} , "x", 3.5e2 , [ ] ] ')
    expect([...arrayElements(b, {start: 0, end: b.length})].map((s) => parseSpan(b, s))).toEqual([{a: 1}, 'x', 350, []])
  })

  it('counts multi-byte characters in byte offsets', () => {
    const b = buf('["é", {"k": "ü"}]')
    const spans = [...arrayElements(b, {start: 0, end: b.length})]
    expect(parseSpan(b, spans[1])).toEqual({k: 'ü'})
    expect(spans[1].start).toBe(7)
  })

  it('reports truncation and imbalance with a byte offset', () => {
    expect(() => skipValue(buf('{"a": [1, 2'), 0)).toThrow(/unexpected end of data \(2 unclosed brackets\) at byte 11/)
    // Mismatched kinds of bracket are left to JSON.parse of the value.
    const b = buf('{"a": ]')
    expect(() => parseSpan(b, {start: 0, end: skipValue(b, 0)})).toThrow(ScanError)
    expect(() => skipValue(buf('"abc'), 0)).toThrow(/unterminated string at byte 0/)
  })

  it('reports JSON.parse failures at the absolute offset', () => {
    const b = buf('[1, {"a": tru}]')
    const [, second] = [...arrayElements(b, {start: 0, end: b.length})]
    try {
      parseSpan(b, second)
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ScanError)
      // V8 does not always say where; then the offset is where the broken value starts.
      expect((error as ScanError).offset).toBeGreaterThanOrEqual(4)
      expect((error as ScanError).offset).toBeLessThanOrEqual(13)
    }
  })
})

describe('layoutTree without member counts', () => {
  /** The tree's spans and keys, member counts left out. */
  const shape = (node: LayoutNode): unknown => ({span: node.span, children: node.children?.map((c) => ({key: c.key, node: shape(c.node)}))})
  const text = fc.string({unit: fc.constantFrom('a', '"', '\\', '{', '}', '[', ']', ',', ':', ' ', 'é')}).map((s) => JSON.stringify(s))
  const json = fc.letrec<{value: unknown}>((tie) => ({
    value: fc.oneof({depthSize: 'small'}, text, fc.integer(), fc.array(tie('value'), {maxLength: 5}), fc.dictionary(fc.string({maxLength: 4}), tie('value'), {maxKeys: 5})),
  })).value

  it('lays out the same values as with them, pretty or minified, skipping what lies deeper with the kernel', () => {
    fc.assert(
      fc.property(fc.array(json, {maxLength: 6}), fc.constantFrom(undefined, 1, 2), fc.integer({min: 1, max: 4}), (values, indent, levels) => {
        const buf = Buffer.from(JSON.stringify({configs: values, tail: [values]}, null, indent))
        const span = {start: 0, end: buf.length}
        expect(shape(layoutTree(buf, span, levels, true))).toEqual(shape(layoutTree(buf, span, levels)))
      }),
      {numRuns: 300},
    )
  })
})
