import type {ConfigDump} from './configdump.js'
import {type Frame, redactJsonBytes} from './redact.js'
import {ScanError, type Span} from './scan.js'

const DUMP_TYPE = 'envoy.admin.v3.ConfigDump'

/** Sections smaller than this are redacted in one piece; larger ones member by member, resource by resource. */
const SECTION_PIECE = 32 * 1024 * 1024
/** Bytes passed through unchanged are read and written in runs of about this size. */
const RUN_BYTES = 8 * 1024 * 1024

/** Where a section sits in the dump: an element of `configs`. */
const IN_CONFIGS: readonly Frame[] = [{kind: 'object', key: 'configs', context: {}}, {kind: 'array'}]

/** Dumps smaller than this are redacted before the first byte is written, so that broken input gives an error instead of half a document. */
const CHECK_FIRST = 64 * 1024 * 1024

/**
 * The whole dump as Envoy wrote it (`all -o json`): see documentBytes. Small
 * dumps are worked through before anything is written; larger ones as they are
 * written, so that none is ever held whole.
 */
export function documentPieces(dump: ConfigDump, showSecrets: boolean): Iterable<Buffer> {
  const pieces = documentBytes(dump, showSecrets)
  return dump.root.end - dump.root.start < CHECK_FIRST ? [...pieces] : pieces
}

/**
 * The whole dump as Envoy wrote it (`all -o json`), as pieces to write in order,
 * read from the dump's store as they are written: only redacted values are
 * re-encoded (src/dump/redact.ts), everything else is the input's bytes, and no
 * more than one section (or, for large ones, a run of resources) is held at once.
 */
export function* documentBytes(dump: ConfigDump, showSecrets: boolean): Generator<Buffer> {
  const {start, end} = dump.root
  if (showSecrets) {
    yield* runs(dump, start, end)
    return
  }
  const sections = dump.layout()
  if (!plainFraming(dump, sections)) {
    // Members beside `configs`, or entries that are not sections: small and unusual, redacted as one document.
    const bytes = dump.read(start, end)
    yield* redacted(dump, bytes, {start: 0, end: bytes.length}, [])
    return
  }
  let pos = start
  for (const section of sections) {
    yield* runs(dump, pos, section.span.start)
    yield* redactedSection(dump, section)
    pos = section.span.end
  }
  yield* runs(dump, pos, end)
}

type LaidOut = ReturnType<ConfigDump['layout']>[number]

function* redactedSection(dump: ConfigDump, section: LaidOut): Generator<Buffer> {
  const {span} = section
  if (span.end - span.start < SECTION_PIECE) {
    const bytes = dump.read(span.start, span.end)
    yield* redacted(dump, bytes, {start: 0, end: bytes.length}, IN_CONFIGS)
    return
  }
  const context = {'@type': section.type}
  let pos = span.start
  for (const [key, member] of section.members) {
    yield* runs(dump, pos, member.span.start)
    const frames: Frame[] = [...IN_CONFIGS, {kind: 'object', key, context}]
    if (member.elements && member.elements.length > 0) {
      yield* redactedElements(dump, member.span, member.elements, [...frames, {kind: 'array'}])
    } else {
      const bytes = dump.read(member.span.start, member.span.end)
      yield* redacted(dump, bytes, {start: 0, end: bytes.length}, frames)
    }
    pos = member.span.end
  }
  yield* runs(dump, pos, span.end)
}

/** A list's elements, read in runs, each redacted at its place; the bytes between them as they are. */
function* redactedElements(dump: ConfigDump, list: Span, elements: readonly Span[], frames: readonly Frame[]): Generator<Buffer> {
  let pos = list.start
  for (let i = 0; i < elements.length; ) {
    let j = i + 1
    while (j < elements.length && elements[j].end - elements[i].start <= RUN_BYTES) j++
    const from = pos
    const bytes = dump.read(from, elements[j - 1].end)
    for (; i < j; i++) {
      const e = elements[i]
      if (e.start > pos) yield bytes.subarray(pos - from, e.start - from)
      yield* redacted(dump, bytes, {start: e.start - from, end: e.end - from}, frames)
      pos = e.end
    }
  }
  yield* runs(dump, pos, list.end)
}

function redacted(dump: ConfigDump, bytes: Buffer, span: Span, frames: readonly Frame[]): Buffer[] {
  try {
    return redactJsonBytes(bytes, span, DUMP_TYPE, undefined, frames)
  } catch (error) {
    throw error instanceof ScanError ? dump.failure(error) : error
  }
}

/**
 * The bytes [start, end) as they are, in runs cut after an ASCII byte, so that no
 * UTF-8 sequence is split between two pieces (the terminal-safety pass looks at
 * each piece on its own).
 */
function* runs(dump: ConfigDump, start: number, end: number): Generator<Buffer> {
  let pos = start
  while (pos < end) {
    const block = dump.read(pos, Math.min(end, pos + RUN_BYTES))
    let cut = block.length
    if (pos + cut < end) {
      while (cut > 0 && block[cut - 1] >= 0x80) cut--
      if (cut === 0) cut = block.length
    }
    yield block.subarray(0, cut)
    pos += cut
  }
}

/** Whether everything outside the sections is `{"configs": [`, commas and `]}` (whitespace aside): Envoy's framing. */
function plainFraming(dump: ConfigDump, sections: readonly LaidOut[]): boolean {
  const gaps: Span[] = []
  let pos = dump.root.start
  for (const s of sections) {
    gaps.push({start: pos, end: s.span.start})
    pos = s.span.end
  }
  gaps.push({start: pos, end: dump.root.end})
  if (gaps.some((g) => g.end - g.start > 4096)) return false
  const text = gaps.map((g) =>
    dump
      .read(g.start, g.end)
      .toString('latin1')
      .replace(/[ \t\r\n]/g, ''),
  )
  const expected = sections.length === 0 ? ['{"configs":[]}'] : ['{"configs":[', ...Array<string>(sections.length - 1).fill(','), ']}']
  return text.length === expected.length && text.every((t, i) => t === expected[i])
}
