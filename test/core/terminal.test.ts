import {readFileSync, readdirSync} from 'node:fs'
import path from 'node:path'

import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'

import {progress} from '../../src/core/progress.js'
import {clearStatus, drawStatus, printLine, printLines, printOutput, printText} from '../../src/core/terminal.js'

const ROOT = path.resolve(import.meta.dirname, '../..')
const GATE = 'src/core/terminal.ts'
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/
const HOSTILE = 'a\u001b]0;pwned\u0007b\u001b[2Jc\u009bd\u007fe\u202ef\rg\th'

describe('the output gate', () => {
  let out: string[]
  let err: string[]
  beforeEach(() => {
    out = []
    err = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0)
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0)
  })
  afterEach(() => vi.restoreAllMocks())

  it('passes rendered output through byte for byte (the printers escape their own syntax)', async () => {
    const table = 'NAME\tX\n\u001b[32mHEALTHY\u001b[39m\n'
    await printOutput(table)
    expect(out).toEqual([table])
  })

  it('escapes text for stdout line by line, keeping the line breaks', () => {
    printText(`active loggers:\n  ${HOSTILE}: info\n`)
    expect(out.join('')).toBe('active loggers:\n  a\\x1b]0;pwned\\x07b\\x1b[2Jc\\x9bd\\x7fe\\u202ef\\x0dg\\x09h: info\n')
  })

  it('keeps a stderr line one line, with our own label in front unescaped', () => {
    printLine(`bad\n${HOSTILE}`, '\u001b[33mWarning:\u001b[39m')
    const text = err.join('')
    expect(text.startsWith('\u001b[33mWarning:\u001b[39m bad\\x0aa\\x1b]0;pwned')).toBe(true)
    expect(text.split('\n')).toHaveLength(2)
    expect(text.slice('\u001b[33mWarning:\u001b[39m'.length)).not.toMatch(RAW_CONTROL)
  })

  it('does not escape twice: text escaped before it reaches the gate comes out the same', () => {
    printLine('pod "a\\x1b[31m" not found', 'Error:')
    expect(err.join('')).toBe('Error: pod "a\\x1b[31m" not found\n')
  })

  it('escapes every line of a stack trace', () => {
    printLines(`Error: ${HOSTILE}\n    at x (file.js:1:1)`)
    const lines = err.join('').split('\n')
    expect(lines).toHaveLength(3)
    for (const line of lines) expect(line).not.toMatch(RAW_CONTROL)
  })

  it('draws the spinner escaped and within the width, and clears it', () => {
    drawStatus(`⠋ resolving pod ${HOSTILE}`, 30)
    clearStatus()
    const [drawn, cleared] = err
    expect(drawn.startsWith('\r\u001b[2K')).toBe(true)
    const text = drawn.slice('\r\u001b[2K'.length)
    expect(text).not.toMatch(RAW_CONTROL)
    expect(text).toHaveLength(30)
    expect(cleared).toBe('\r\u001b[2K')
  })
})

/**
 * Everything under src/ and commands/ must write through the gate. Reading a stream's
 * terminal facts (isTTY, columns), the closed-pipe handler and the colour and spinner checks are
 * the only other uses of process.stdout and process.stderr allowed; any other mention
 * (a write, an alias, a pipe into it) fails, and so do console.*, oclif's own writers
 * and writes to file descriptors 1 and 2.
 */
describe('no write around the gate', () => {
  const HARMLESS = [
    /process\.(stdout|stderr)\.(isTTY|columns)\b/g,
    /process\.stdout\.on\('error'/g,
    /(colourEnabled|progressWanted)\(process\.stderr\b/g,
    /stream: NodeJS\.WriteStream = process\.stdout/g,
  ]
  const FORBIDDEN: Array<[RegExp, string]> = [
    [/\bprocess\s*\.\s*(stdout|stderr)\b/, 'process.stdout/stderr used for more than isTTY or columns'],
    [/\bconsole\s*\./, 'console.*'],
    [/\b(stdout|stderr)\s*\.\s*(write|end)\s*\(/, 'a direct stream write'],
    [/\bthis\s*\.\s*(log|logToStderr|logJson|warn)\s*\(/, "oclif's Command writers"],
    [/\bux\s*\.\s*(stdout|stderr|warn|log)\b/, "oclif's ux writers"],
    [/\b(writeSync|write|writev)\s*\(\s*[12]\s*,/, 'a write to file descriptor 1 or 2'],
    [/\/dev\/(stdout|stderr|tty)|\/proc\/self\/fd\/[12]\b|\/dev\/fd\/[12]\b/, 'the terminal opened as a file'],
  ]

  function sources(dir: string): string[] {
    return readdirSync(path.join(ROOT, dir), {recursive: true, withFileTypes: true})
      .filter((e) => e.isFile() && e.name.endsWith('.ts'))
      .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)))
  }

  /** Code only: comments may name what they do not do. */
  function code(file: string): string[] {
    let text = readFileSync(path.join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '')
    for (const pattern of HARMLESS) text = text.replace(pattern, '')
    return text.split('\n').map((line) => line.replace(/^\s*\/\/.*$/, ''))
  }

  const files = [...sources('src'), ...sources('commands')].filter((f) => f !== GATE)

  it('finds the sources it checks', () => {
    expect(files.length).toBeGreaterThan(50)
    expect(files).toContain('src/cli/errors.ts')
    expect(files).toContain('commands/log.ts')
  })

  it('finds no write to stdout or stderr outside src/core/terminal.ts', () => {
    const found: string[] = []
    for (const file of files) {
      code(file).forEach((line, i) => {
        for (const [pattern, what] of FORBIDDEN) if (pattern.test(line)) found.push(`${file}:${i + 1}: ${what}: ${line.trim()}`)
      })
    }
    expect(found).toEqual([])
  })

  it('would catch each kind of direct write', () => {
    const samples = [
      'process.stdout.write(x)',
      'const out = process.stderr',
      'pipeline(body, process.stdout, done)',
      'console.error(e)',
      'this.log(text)',
      'this.warn(text)',
      'ux.stdout(text)',
      'fs.writeSync(2, text)',
      "createWriteStream('/dev/stderr')",
    ]
    for (const sample of samples)
      expect(
        FORBIDDEN.some(([pattern]) => pattern.test(sample)),
        sample,
      ).toBe(true)
    expect(FORBIDDEN.some(([pattern]) => pattern.test('printLine(message)'))).toBe(false)
  })
})

describe('the spinner', () => {
  const saved = {err: process.stderr.isTTY, out: process.stdout.isTTY, noColor: process.env.NO_COLOR}
  let err: string[]
  beforeEach(() => {
    err = []
    vi.useFakeTimers()
    process.stderr.isTTY = true
    process.stdout.isTTY = true
    delete process.env.NO_COLOR
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0)
  })
  afterEach(() => {
    progress.done()
    vi.useRealTimers()
    vi.restoreAllMocks()
    process.stderr.isTTY = saved.err
    process.stdout.isTTY = saved.out
    if (saved.noColor !== undefined) process.env.NO_COLOR = saved.noColor
  })

  it('shows what it waits for, with a hostile pod name escaped', () => {
    progress.step(`opening a port-forward to evil${HOSTILE}.default:15000`)
    vi.advanceTimersByTime(1000)
    expect(err.length).toBeGreaterThan(0)
    for (const frame of err) {
      expect(frame.startsWith('\r\u001b[2K')).toBe(true)
      expect(frame.slice('\r\u001b[2K'.length)).not.toMatch(RAW_CONTROL)
    }
    expect(err.at(-1)).toContain('opening a port-forward to evila\\x1b]0;pwned\\x07b')
  })
})
