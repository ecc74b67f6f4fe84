import {camelCase} from '../core/json.js'
import {type LayoutNode, MAX_NESTING, ScanError, type Span, kindAt, layoutTree, parseSpan} from './scan.js'

/** A list left out of a parse: where its elements lie, and the nesting each may have. */
export interface LeftOut {
  elements: readonly Span[]
  /** The nesting limit of each element, as the whole parse would have checked it. */
  limit: number
}

/** What parseLeavingOut found besides the value: the lists it left out, and where each value on the way to them lies, by dotted path. */
export interface Found {
  left: Map<string, LeftOut>
  spans: Map<string, Span>
}

/**
 * Where `field(object, snake)` finds its value among an object's members: the
 * last member of that name (JSON.parse keeps the last of duplicates), else the
 * last of the camelCase name. Returns the member's index.
 */
function pick(members: readonly {key?: string}[], snake: string): number | undefined {
  const camel = camelCase(snake)
  let snakeAt: number | undefined
  let camelAt: number | undefined
  members.forEach(({key}, i) => {
    if (key === snake) snakeAt = i
    else if (key === camel) camelAt = i
  })
  return snakeAt ?? camelAt
}

/**
 * The value at `span` as JSON.parse (with the nesting check of parseSpan) gives
 * it, except for the lists `paths` lead to (each step picked as `field` picks it),
 * which are left out, in every spelling of their name, and returned by their
 * dotted path with where each element lies. A huge resource is parsed this way so
 * that its largest list is never a tree in memory all at once: the caller reads it
 * element by element. Only arrays are left out; anything else at a path stays in
 * the value.
 *
 * One pass lays out the levels down to the lists' elements. What lies between the
 * values it found (names, colons, commas, brackets) is checked by parsing it with
 * every value replaced by 0, and each value by its own parse, so input a whole
 * parse refuses is refused here too (as a ScanError; where and why may differ).
 */
export function parseLeavingOut(bytes: Buffer, span: Span, paths: readonly (readonly string[])[], limit = MAX_NESTING): {value: unknown} & Found {
  const found: Found = {left: new Map(), spans: new Map()}
  if (paths.length === 0 || kindAt(bytes, span) !== 'object') return {value: parseSpan(bytes, span, limit), ...found}
  // Nothing here reads the member counts of the values inside the lists' elements.
  const root = layoutTree(bytes, span, Math.max(...paths.map((p) => p.length)) + 1, true)
  try {
    JSON.parse(framing(bytes, root))
  } catch {
    throw new ScanError('invalid JSON', root.span.start)
  }
  const value = leaveOut(
    bytes,
    root,
    paths.map((path) => ({whole: path.join('.'), walked: [], rest: path})),
    limit,
    found,
  )
  return {value, ...found}
}

/** The JSON text of a laid-out container with every value inside it that was not laid out replaced by 0. */
function framing(bytes: Buffer, node: LayoutNode): string {
  let text = ''
  let at = node.span.start
  for (const {node: child} of node.children ?? []) {
    text += bytes.toString('utf8', at, child.span.start)
    text += child.children ? framing(bytes, child) : '0'
    at = child.span.end
  }
  return text + bytes.toString('utf8', at, node.span.end)
}

interface Path {
  whole: string
  walked: readonly string[]
  rest: readonly string[]
}

function leaveOut(bytes: Buffer, node: LayoutNode, paths: readonly Path[], limit: number, found: Found): unknown {
  const members = node.children
  if (paths.length === 0 || !members || bytes[node.span.start] !== 0x7b) return parseSpan(bytes, node.span, limit)
  const below = new Map<number, Path[]>()
  const lists = new Map<number, Path>()
  for (const path of paths) {
    const [step, ...rest] = path.rest
    const i = pick(members, step)
    if (i === undefined) continue
    const member = members[i].node
    if (rest.length === 0) {
      if (member.children && bytes[member.span.start] === 0x5b) lists.set(i, path)
      continue
    }
    const walked = [...path.walked, step]
    found.spans.set(walked.join('.'), member.span)
    below.set(i, [...(below.get(i) ?? []), {whole: path.whole, walked, rest}])
  }
  const leftNames = new Set([...lists.values()].flatMap(({rest: [snake]}) => [snake, camelCase(snake)]))
  const value: Record<string, unknown> = {}
  members.forEach(({key, node: member}, i) => {
    const list = lists.get(i)
    if (list) found.left.set(list.whole, {elements: (member.children ?? []).map((c) => c.node.span), limit: limit - 2})
    if (key === undefined || leftNames.has(key)) return
    const inner = below.get(i)
    // As JSON.parse builds objects: a repeated name keeps its first place and its last value, "__proto__" is a member.
    Object.defineProperty(value, key, {
      value: inner ? leaveOut(bytes, member, inner, limit - 1, found) : parseSpan(bytes, member.span, limit - 1),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  })
  return value
}

/** The elements of a left-out list, parsed one at a time. */
export function* parseElements(bytes: Buffer, {elements, limit}: LeftOut): Generator<unknown> {
  for (const element of elements) yield parseSpan(bytes, element, limit)
}
