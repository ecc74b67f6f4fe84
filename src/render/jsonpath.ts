import {JSONPath} from 'jsonpath-plus'

import {ExitCode, UserError} from '../core/errors.js'
import {escapeUnsafe} from '../core/safe-text.js'

/**
 * kubectl's `-o jsonpath=` templates: literal text with `{expression}` blocks,
 * `{range expr}…{end}` loops and quoted literals such as `{"\n"}`. The template is
 * split here; every expression is evaluated by jsonpath-plus, with kubectl's
 * relative form (`.name`, `[*].name`) anchored at the current node.
 */
type Token = {kind: 'text'; text: string} | {kind: 'expr'; expr: string} | {kind: 'range'; expr: string} | {kind: 'end'}

export function renderTemplate(template: string, root: unknown): string {
  const tokens = tokenize(template)
  try {
    const {out, next} = run(tokens, 0, root, root)
    if (next < tokens.length) throw templateError(template, '{end} without {range}')
    return out
  } catch (error) {
    if (error instanceof MissingField) {
      throw new UserError(`error executing jsonpath "${escapeUnsafe(template)}": Error executing template: ${escapeUnsafe(error.field)} is not found`)
    }
    throw error
  }
}

/** A field step that found nothing: kubectl's "<field> is not found". */
class MissingField extends Error {
  constructor(readonly field: string) {
    super(`${field} is not found`)
  }
}

/**
 * Renders tokens from `from` until `{end}`. Inside a range (`lenient`), a field one
 * item lacks prints as nothing and is returned in `missing`; the range fails only
 * when every item lacks it, which is a misspelt field rather than optional data.
 */
function run(tokens: readonly Token[], from: number, node: unknown, root: unknown, lenient = false): {out: string; next: number; missing?: MissingField} {
  let out = ''
  let missing: MissingField | undefined
  let i = from
  while (i < tokens.length) {
    const t = tokens[i]
    if (t.kind === 'end') return {out, next: i, missing}
    if (t.kind === 'text') {
      out += t.text
      i++
    } else if (t.kind === 'expr') {
      try {
        out += evaluate(t.expr, node, root).map(format).join(' ')
      } catch (error) {
        if (!(lenient && error instanceof MissingField)) throw error
        missing ??= error
      }
      i++
    } else {
      const end = findEnd(tokens, i + 1)
      const body = tokens.slice(i + 1, end)
      const items = evaluate(t.expr, node, root)
      const runs = items.map((item) => run(body, 0, item, root, true))
      if (runs.length > 0 && runs.every((r) => r.missing)) throw runs[0].missing
      out += runs.map((r) => r.out).join('')
      i = end + 1
    }
  }
  return {out, next: i, missing}
}

function findEnd(tokens: readonly Token[], from: number): number {
  let depth = 0
  for (let i = from; i < tokens.length; i++) {
    const kind = tokens[i].kind
    if (kind === 'range') depth++
    if (kind === 'end') {
      if (depth === 0) return i
      depth--
    }
  }
  throw new UserError('jsonpath template: {range} without {end}', ExitCode.usage)
}

function evaluate(expr: string, node: unknown, root: unknown): unknown[] {
  const trimmed = expr.trim()
  const fromRoot = trimmed.startsWith('$')
  let path = fromRoot ? trimmed : `$${trimmed.startsWith('.') || trimmed.startsWith('[') ? '' : '.'}${trimmed}`
  if (path === '$.') path = '$'
  const json = (fromRoot ? root : node) as object
  try {
    const found = JSONPath({path, json, wrap: true}) as unknown[]
    if (found.length === 0) {
      const field = missingField(path, json)
      if (field !== undefined) throw new MissingField(field)
    }
    return found
  } catch (error) {
    if (error instanceof MissingField) throw error
    throw new UserError(`jsonpath template: cannot evaluate "${expr}": ${(error as Error).message}`, ExitCode.usage)
  }
}

/**
 * The field name at which `path` stopped finding anything, found by evaluating ever
 * longer prefixes of it. None when the step that came up empty is not a field
 * (`[*]` of an empty list, a filter, an index) or follows `..`: a search that finds
 * nothing is an answer, not a typo.
 */
export function missingField(path: string, json: object): string | undefined {
  const steps = JSONPath.toPathArray(path)
  for (let k = 1; k < steps.length; k++) {
    if (steps[k] === '..') return undefined
    if ((JSONPath({path: steps.slice(0, k + 1), json, wrap: true}) as unknown[]).length > 0) continue
    return isFieldName(steps[k]) ? steps[k] : undefined
  }
  return undefined
}

function isFieldName(step: string): boolean {
  return !/^(\*|\^|~|-?\d+|-?\d*:-?\d*(:-?\d*)?)$/.test(step) && !step.startsWith('?(') && !step.startsWith('(') && !step.includes("','")
}

/** As kubectl prints results: strings bare, everything else as JSON. */
function format(value: unknown): string {
  return escapeUnsafe(typeof value === 'string' ? value : JSON.stringify(value))
}

function tokenize(template: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < template.length) {
    const open = template.indexOf('{', i)
    if (open < 0) {
      tokens.push({kind: 'text', text: template.slice(i)})
      break
    }
    if (open > i) tokens.push({kind: 'text', text: template.slice(i, open)})
    const close = closingBrace(template, open)
    if (close < 0) throw templateError(template, 'unclosed {')
    tokens.push(blockToken(template.slice(open + 1, close).trim()))
    i = close + 1
  }
  return tokens
}

/** The `}` closing the block at `open`, skipping braces inside quoted strings and filters. */
function closingBrace(template: string, open: number): number {
  let quote = ''
  for (let i = open + 1; i < template.length; i++) {
    const c = template[i]
    if (quote) {
      if (c === '\\') i++
      else if (c === quote) quote = ''
    } else if (c === '"' || c === "'") {
      quote = c
    } else if (c === '}') {
      return i
    }
  }
  return -1
}

function blockToken(body: string): Token {
  if (body === 'end') return {kind: 'end'}
  if (body.startsWith('range ')) return {kind: 'range', expr: body.slice(6)}
  const literal = /^(["'])(.*)\1$/s.exec(body)
  if (literal) return {kind: 'text', text: unescapeLiteral(literal[2])}
  return {kind: 'expr', expr: body}
}

function unescapeLiteral(s: string): string {
  return s.replace(/\\([nrt\\"'])/g, (_, c: string) => ({n: '\n', r: '\r', t: '\t'})[c] ?? c)
}

function templateError(template: string, why: string): UserError {
  return new UserError(`jsonpath template "${template}": ${why}`, ExitCode.usage)
}
