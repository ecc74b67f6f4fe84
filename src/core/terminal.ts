import {once} from 'node:events'

import {escapeUnsafe} from './safe-text.js'

/**
 * The only way out to stdout and stderr: test/core/terminal.test.ts fails on a
 * write anywhere else under src/ and commands/. What comes through is one of two
 * kinds, and the kind decides where data is made safe for a terminal:
 *
 * - rendered output (tables, JSON, YAML, names, JSONPath, the completion script)
 *   passes unchanged. Its printers escape each value from the data in the syntax
 *   of the format (`\x1b` in a table cell, `\u001b` inside a JSON or YAML string),
 *   which only they can do without breaking that syntax, and the colour codes in
 *   tables are ours. Escaping it again here would change istioctl's bytes.
 * - text (errors, warnings, notices, debug lines, the spinner, Envoy's `/logging`
 *   answer) is escaped here, all of it, whatever the caller did before:
 *   escapeUnsafe leaves its own escapes as they are, so text that was already
 *   escaped comes out the same.
 */

/** Rendered output, as the printers made it; waits while the reader (a pipe, a terminal) is behind. */
export async function printOutput(piece: string | Uint8Array): Promise<void> {
  if (!process.stdout.write(piece)) await once(process.stdout, 'drain')
}

/** Text from the data for stdout, line by line: line breaks stay, every other control character is escaped. */
export function printText(text: string): void {
  process.stdout.write(escapeLines(text))
}

/**
 * One line on stderr: `text` escaped, line breaks included, so it stays one line.
 * `label` is our own word in front of it ("Warning:", possibly coloured), never data.
 */
export function printLine(text: string, label?: string): void {
  process.stderr.write(`${label === undefined ? '' : `${label} `}${escapeUnsafe(text)}\n`)
}

/** Several lines on stderr (a stack trace with --debug), each escaped. */
export function printLines(text: string): void {
  process.stderr.write(`${escapeLines(text)}\n`)
}

/** Redraws the one-line status on stderr (the spinner), escaped and cut to `width` columns. */
export function drawStatus(text: string, width: number): void {
  process.stderr.write(`${CLEAR_LINE}${escapeUnsafe(text).slice(0, Math.max(0, width))}`)
}

/** Asks a yes/no question on stderr (escaped), reading the answer from stdin: yes unless it starts with n (Enter says yes). */
export async function askYesNo(question: string): Promise<boolean> {
  const {createInterface} = await import('node:readline/promises')
  const prompt = createInterface({input: process.stdin, output: process.stderr})
  try {
    return !/^\s*n/i.test(await prompt.question(escapeUnsafe(question)))
  } finally {
    prompt.close()
  }
}

/** Removes the status line, leaving the cursor where the next line starts. */
export function clearStatus(): void {
  process.stderr.write(CLEAR_LINE)
}

/** Carriage return, then erase the line (ECMA-48 EL 2). */
const CLEAR_LINE = '\r\u001b[2K'

function escapeLines(text: string): string {
  return text.split('\n').map(escapeUnsafe).join('\n')
}
