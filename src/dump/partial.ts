import {camelCase} from '../core/json.js'
import {MAX_NESTING, type Span, arrayElements, kindAt, objectMembers, parseSpan} from './scan.js'

/** A list left out of a parse: where it lies, and the nesting its elements may have. */
export interface LeftOut {
  span: Span
  /** The nesting limit of each element, as the whole parse would have checked it. */
  limit: number
}

/**
 * Where `field(object, snake)` finds its value among `members`: the last member of
 * that name (JSON.parse keeps the last of duplicates), else the last of the
 * camelCase name. Returns the member's index.
 */
function pick(members: readonly (readonly [string, Span])[], snake: string): number | undefined {
  const camel = camelCase(snake)
  let snakeAt: number | undefined
  let camelAt: number | undefined
  members.forEach(([key], i) => {
    if (key === snake) snakeAt = i
    else if (key === camel) camelAt = i
  })
  return snakeAt ?? camelAt
}

/**
 * The value at `span` as JSON.parse (with the nesting check of parseSpan) gives
 * it, except for the lists `paths` lead to (each step picked as `field` picks it),
 * which are left out, in every spelling of their name, and returned by their
 * dotted path. A huge resource is parsed this way so that its largest list is
 * never a tree in memory all at once: the caller reads it element by element.
 * Only arrays are left out; anything else at a path stays in the value. Also
 * returns where each value on the way lies, by its dotted path.
 */
export function parseLeavingOut(
  bytes: Buffer,
  span: Span,
  paths: readonly (readonly string[])[],
  limit = MAX_NESTING,
): {value: unknown; left: Map<string, LeftOut>; spans: Map<string, Span>} {
  const found = {left: new Map<string, LeftOut>(), spans: new Map<string, Span>()}
  const value = leaveOut(
    bytes,
    span,
    paths.map((path) => ({whole: path.join('.'), walked: [], rest: path})),
    limit,
    found,
  )
  return {value, ...found}
}

interface Path {
  whole: string
  walked: readonly string[]
  rest: readonly string[]
}

/** What the walk found: the lists it left out, and where each value it went through lies (by dotted path). */
interface Found {
  left: Map<string, LeftOut>
  spans: Map<string, Span>
}

function leaveOut(bytes: Buffer, span: Span, paths: readonly Path[], limit: number, found: Found): unknown {
  if (paths.length === 0 || kindAt(bytes, span) !== 'object') return parseSpan(bytes, span, limit)
  const members: [string, Span][] = [...objectMembers(bytes, span)]
  const below = new Map<number, Path[]>()
  const lists = new Map<number, Path>()
  for (const path of paths) {
    const [step, ...rest] = path.rest
    const i = pick(members, step)
    if (i === undefined) continue
    if (rest.length === 0) {
      if (kindAt(bytes, members[i][1]) === 'array') lists.set(i, path)
      continue
    }
    const walked = [...path.walked, step]
    found.spans.set(walked.join('.'), members[i][1])
    below.set(i, [...(below.get(i) ?? []), {whole: path.whole, walked, rest}])
  }
  const leftNames = new Set([...lists.values()].flatMap(({rest: [snake]}) => [snake, camelCase(snake)]))
  const value: Record<string, unknown> = {}
  members.forEach(([key, at], i) => {
    const list = lists.get(i)
    if (list) found.left.set(list.whole, {span: at, limit: limit - 2})
    if (leftNames.has(key)) return
    const inner = below.get(i)
    // As JSON.parse builds objects: a repeated name keeps its first place and its last value, "__proto__" is a member.
    Object.defineProperty(value, key, {
      value: inner ? leaveOut(bytes, at, inner, limit - 1, found) : parseSpan(bytes, at, limit - 1),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  })
  return value
}

/** The elements of the array at `span`, parsed one at a time, each with the nesting limit `limit`. */
export function* parseElements(bytes: Buffer, {span, limit}: LeftOut): Generator<unknown> {
  for (const element of arrayElements(bytes, span)) yield parseSpan(bytes, element, limit)
}
