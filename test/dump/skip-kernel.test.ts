import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {inKernelMemory, openingBrackets, scanBuffers} from '../../src/dump/skip-kernel.js'
import {DumpScanner} from '../../src/dump/stream-scan.js'

const HEAD = '{"configs":[{"@type":"type.googleapis.com/envoy.admin.v3.ListenersConfigDump","skipped":'
const TAIL = '},{"@type":"type.googleapis.com/envoy.admin.v3.SecretsConfigDump"}]}'

/**
 * Values the skip must pass over exactly: nesting across many 64-byte blocks,
 * strings holding brackets, quotes and runs of backslashes, and bytes the skip
 * ignores even where JSON would not allow them (stray backslashes between values,
 * mismatched bracket kinds), which it must ignore the same way in every block.
 */
const stringBody = fc.array(fc.constantFrom('a', '{', '}', '[', ']', '\\\\', '\\"', '\\\\\\"', ' ', 'é'), {maxLength: 40}).map((parts) => parts.join(''))
const junk = fc.constantFrom('1', 'true', ' ', '\\', ':', ',', 'abc')
const value: fc.Arbitrary<string> = fc.letrec<{value: string}>((tie) => ({
  value: fc.oneof(
    {depthSize: 'small', withCrossShrink: true},
    junk,
    stringBody.map((s) => `"${s}"`),
    fc.tuple(fc.constantFrom('{', '['), fc.array(tie('value'), {maxLength: 8}), fc.constantFrom('}', ']')).map(([open, items, close]) => open + items.join(',') + close),
  ),
})).value
const container = fc.array(value, {minLength: 1, maxLength: 12}).map((items) => `[${items.join(',')}]`)

/**
 * Scans the bytes fed in chunks of the given sizes (cycled), each chunk in a
 * buffer of kernel memory or a fresh one, as ConfigDump.read feeds a scanner.
 * Gives where the skipped section ends, or the scanner's complaint.
 */
function scan(bytes: Buffer, sizes: number[], inKernelMemory: boolean): {end: number} | {error: string} {
  const buffer = inKernelMemory ? scanBuffers(1, bytes.length + 1)[0] : undefined
  // From the first byte: on a small input the scanner would leave bytes outside kernel memory to the byte loop.
  const scanner = new DumpScanner((type) => type.endsWith('SecretsConfigDump'), undefined, 0)
  try {
    let carry = Buffer.alloc(0)
    let base = 0
    for (let at = 0, k = 0; at < bytes.length; k++) {
      const piece = bytes.subarray(at, at + sizes[k % sizes.length])
      at += piece.length
      const fresh = Buffer.concat([carry, piece])
      const data = buffer ? buffer.subarray(0, fresh.copy(buffer)) : fresh
      const used = scanner.feed(data, base, false)
      carry = Buffer.from(data.subarray(used))
      base += used
    }
    scanner.feed(carry, base, true)
    return {end: scanner.sections[0].span.end}
  } catch (error) {
    return {error: (error as Error).message}
  }
}

/** Open containers and whether a string is open after `text`, byte by byte as the skip defines them. */
function reference(text: Buffer): {depth: number; inString: boolean} {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const b = String.fromCharCode(text[i])
    if (inString) {
      if (b === '\\') i++
      else if (b === '"') inString = false
    } else if (b === '"') inString = true
    else if (b === '{' || b === '[') depth++
    else if (b === '}' || b === ']') depth--
  }
  return {depth, inString}
}

const chunkSizes = fc.array(fc.integer({min: 1, max: 300}), {minLength: 1, maxLength: 5})

describe('skip kernel', () => {
  it('passes over a skipped section exactly where the byte loop would, however the input is cut and wherever it lies', () => {
    fc.assert(
      fc.property(container, chunkSizes, fc.boolean(), (skipped, sizes, inKernelMemory) => {
        const bytes = Buffer.from(HEAD + skipped + TAIL)
        const sectionEnd = Buffer.byteLength(HEAD + skipped) + 1
        expect(scan(bytes, sizes, inKernelMemory)).toEqual({end: sectionEnd})
        expect(scan(bytes, [bytes.length], inKernelMemory)).toEqual({end: sectionEnd})
      }),
      {numRuns: 300},
    )
  })

  it('reports a dump cut inside a skipped section with the state the byte loop reaches', () => {
    fc.assert(
      fc.property(container, fc.double({min: 0, max: 1, noNaN: true}), chunkSizes, fc.boolean(), (skipped, cut, sizes, inKernelMemory) => {
        const whole = Buffer.from(HEAD + skipped)
        const bytes = whole.subarray(0, Buffer.byteLength(HEAD) + Math.floor(cut * (whole.length - Buffer.byteLength(HEAD))))
        const {depth, inString} = reference(bytes)
        const expected = inString ? 'unexpected end of data inside a string' : `unexpected end of data (${depth} unclosed ${depth === 1 ? 'bracket' : 'brackets'})`
        const result = scan(bytes, sizes, inKernelMemory)
        expect(result).toEqual({error: `${expected} at byte ${bytes.length}`})
      }),
      {numRuns: 300},
    )
  })

  it('places buffers in kernel memory only for input large enough to be worth making the kernel', () => {
    expect(scanBuffers(2, 1024, 300 * 1024).map(inKernelMemory)).toEqual([false, false])
    expect(scanBuffers(2, 1024, 64 * 1024 * 1024).map(inKernelMemory)).toEqual([true, true])
    expect(scanBuffers(1, 1024).map(inKernelMemory)).toEqual([true])
  })

  it('counts the opening brackets of any range of kernel memory, and of plain memory up to past a cap', () => {
    const [buffer] = scanBuffers(1, 4096)
    fc.assert(
      fc.property(fc.array(fc.constantFrom('{', '[', '}', ']', '"', 'a', '\\', '\u00fb', '{'), {maxLength: 300}), fc.nat(40), fc.nat(40), (parts, cutStart, cutEnd) => {
        const text = Buffer.from(parts.join(''))
        const start = Math.min(cutStart, text.length)
        const end = Math.max(start, text.length - cutEnd)
        text.copy(buffer, 7)
        const expected = [...text.subarray(start, end)].filter((b) => b === 0x7b || b === 0x5b).length
        expect(openingBrackets(buffer, 7 + start, 7 + end)).toBe(expected)
      }),
      {numRuns: 300},
    )
    const plain = Buffer.from('x{[{"[}]"{[[')
    expect(openingBrackets(plain, 1, 11)).toBe(6)
    expect(openingBrackets(plain, 1, 11, 2)).toBe(3)
  })
})
