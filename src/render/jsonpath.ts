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
  const [out, next] = run(tokens, 0, root, root)
  if (next < tokens.length) throw templateError(template, '{end} without {range}')
  return out
}

function run(tokens: readonly Token[], from: number, node: unknown, root: unknown): [string, number] {
  let out = ''
  let i = from
  while (i < tokens.length) {
    const t = tokens[i]
    if (t.kind === 'end') return [out, i]
    if (t.kind === 'text') {
      out += t.text
      i++
    } else if (t.kind === 'expr') {
      out += evaluate(t.expr, node, root).map(format).join(' ')
      i++
    } else {
      const end = findEnd(tokens, i + 1)
      const body = tokens.slice(i + 1, end)
      for (const item of evaluate(t.expr, node, root)) out += run(body, 0, item, root)[0]
      i = end + 1
    }
  }
  return [out, i]
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
  try {
    return JSONPath({path, json: (fromRoot ? root : node) as object, wrap: true}) as unknown[]
  } catch (error) {
    throw new UserError(`jsonpath template: cannot evaluate "${expr}": ${(error as Error).message}`, ExitCode.usage)
  }
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
