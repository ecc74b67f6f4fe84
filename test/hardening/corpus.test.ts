/**
 * Hostile input, table-driven: every corpus file (test/support/bad-corpus.ts) ×
 * every offline command × every output format gives either a correct result or
 * one clear `Error: …` line with exit status 1; never a stack trace, a hang, or
 * partial output followed by an error.
 *
 * The full matrix runs in-process (the calls each command makes, see
 * test/support/in-process.ts); the built CLI is spawned once or twice per corpus
 * file to prove the same contract end to end: exit status, stderr, stdout.
 */
import {spawn} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

import {type BadFile, writeCorpus} from '../support/bad-corpus.js'
import {type CommandName, DUMP_COMMANDS, type Outcome, type OutputFormat, describeOutcome, formatsOf, runInProcess} from '../support/in-process.js'
import {projectRoot} from '../support/run-cli.js'

const dir = mkdtempSync(join(tmpdir(), 'proxy-config-bad-'))
const corpus = writeCorpus(dir)
afterAll(() => rmSync(dir, {recursive: true, force: true}))

/** What must never reach a terminal raw: controls (newline aside), DEL, C1, bidirectional overrides. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/
const STACK_TRACE = /\n\s+at .+:\d+:\d+/

const commandsOf = (file: BadFile): readonly CommandName[] => (file.kind === 'clusters' ? ['endpoint'] : DUMP_COMMANDS)

/** Output for the plain fixtures, which BOM and gzip variants must reproduce exactly. */
const references = new Map<string, Promise<Outcome>>()
function reference(path: string, command: CommandName, format: OutputFormat): Promise<Outcome> {
  const key = `${path} ${command} ${format}`
  if (!references.has(key)) references.set(key, runInProcess(command, format, readFileSync(path)))
  return references.get(key)!
}

/** What is wrong with this outcome, if anything. */
async function violation(file: BadFile, command: CommandName, format: OutputFormat, o: Outcome): Promise<string | undefined> {
  if (o.kind === 'crash') return describeOutcome(o)
  if (o.kind === 'error') {
    if (o.exitCode !== 1) return `exit status ${o.exitCode} for a data error: ${o.message}`
    if (o.message.includes('\n') || UNSAFE.test(o.message)) return `error message not one safe line: ${JSON.stringify(o.message.slice(0, 300))}`
    if (file.expect === 'ok' || file.expect === 'same') return `rejected: ${o.message}`
    return undefined
  }
  if (file.expect === 'error') return `accepted (${o.length} chars of output)`
  const unsafe = UNSAFE.exec(o.stdout)
  if (unsafe) return `raw ${JSON.stringify(unsafe[0])} in the output near ${JSON.stringify(o.stdout.slice(Math.max(0, unsafe.index - 40), unsafe.index + 20))}`
  if (file.expect === 'same') {
    const ref = await reference(file.sameAs!, command, format)
    if (ref.kind !== 'ok' || ref.stdout !== o.stdout) return `output differs from ${file.sameAs}`
  }
  return undefined
}

/** Each of these runs every command on one file, dozens of runs: on a busy 2-core machine that takes far longer than one test's default budget. */
const MANY_RUNS_MS = 180_000

describe('hostile input, in-process: every command × format', () => {
  for (const file of corpus) {
    it(
      `${file.name} [${file.expect}]`,
      async () => {
        const input = readFileSync(file.path)
        const problems: string[] = []
        for (const command of commandsOf(file)) {
          for (const format of formatsOf(command)) {
            const o = await runInProcess(command, format, input)
            const problem = await violation(file, command, format, o)
            if (problem) problems.push(`${command} -o ${format}: ${problem}`)
          }
        }
        expect(problems).toEqual([])
      },
      MANY_RUNS_MS,
    )
  }
})

/**
 * Sections past V8's string limit are read resource by resource (layoutObject and
 * one JSON.parse per resource). That path must reach the same verdict, and the same
 * output, as parsing each section whole.
 */
describe('hostile input, in-process: the resource-by-resource path agrees', () => {
  const commands = ['bootstrap', 'cluster', 'listener', 'route', 'eds', 'secret', 'ecds'] as const
  for (const file of corpus.filter((f) => f.kind === 'dump' && f.name !== 'big-string')) {
    it(
      file.name,
      async () => {
        const input = readFileSync(file.path)
        const problems: string[] = []
        for (const command of commands) {
          for (const format of ['short', 'json'] as const) {
            const whole = await runInProcess(command, format, input)
            const pieces = await runInProcess(command, format, input, {wholeParseLimit: 1})
            const problem = await violation(file, command, format, pieces)
            if (problem) problems.push(`${command} -o ${format}: ${problem}`)
            else if (whole.kind !== pieces.kind) problems.push(`${command} -o ${format}: whole ${describeOutcome(whole)}, by resource ${describeOutcome(pieces)}`)
            else if (whole.kind === 'ok' && pieces.kind === 'ok' && whole.stdout !== pieces.stdout) problems.push(`${command} -o ${format}: outputs differ`)
          }
        }
        expect(problems).toEqual([])
      },
      MANY_RUNS_MS,
    )
  }
})

interface Spawned {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stdoutBytes: number
  stderr: string
}

/**
 * A hang is whatever outlasts this (the test then fails on its timeout): generous,
 * as every spawned run shares two busy cores with the others running at once.
 */
const SPAWN_TEST_MS = 120_000

/** Runs the built CLI; `cleanup` gets a way to kill it, for a test that ends (or times out) while it still runs. */
function spawnCli(args: readonly string[], stdin: Buffer | undefined, cleanup: (kill: () => void) => void): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/run.js', ...args], {cwd: projectRoot, env: {...process.env, NODE_ENV: 'production', NO_COLOR: '1'}})
    const out: Buffer[] = []
    let stdoutBytes = 0
    let stderr = ''
    cleanup(() => {
      child.kill('SIGKILL')
    })
    child.stdout.on('data', (d: Buffer) => {
      stdoutBytes += d.length
      if (stdoutBytes <= 16 * 1024 * 1024) out.push(d)
    })
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code, signal) => {
      resolve({code, signal, stdout: Buffer.concat(out).toString('utf8'), stdoutBytes, stderr})
    })
    child.stdin.on('error', () => {})
    child.stdin.end(stdin ?? '')
  })
}

function firstDifference(a: string, b: string): string {
  let i = 0
  while (i < a.length && a[i] === b[i]) i++
  return `at ${i}: ${JSON.stringify(a.slice(Math.max(0, i - 30), i + 30))} vs ${JSON.stringify(b.slice(Math.max(0, i - 30), i + 30))}`
}

/** One command per corpus file (two for the framing cases), rotating so that every command and format is spawned. */
function spawnPlan(): {file: BadFile; command: CommandName; format: OutputFormat; stdin: boolean}[] {
  const plan: {file: BadFile; command: CommandName; format: OutputFormat; stdin: boolean}[] = []
  corpus.forEach((file, i) => {
    const commands = commandsOf(file)
    const command = commands[i % commands.length]
    const formats = formatsOf(command)
    let format = formats[Math.floor(i / commands.length) % formats.length]
    // A 50 MB cell in a table is padded on every row (hundreds of MB): correct, but slow to pipe.
    if (file.name.endsWith('big-string')) format = 'json'
    plan.push({file, command, format, stdin: false})
    // The framing cases (empty, BOM, gzip …) once more through stdin (`-f -`).
    if (file.size < 1024 * 1024 && /empty|whitespace|bom|gzip|truncated|garbage|utf8/.test(file.name))
      plan.push({file, command: commands[(i + 3) % commands.length], format: 'short', stdin: true})
  })
  return plan
}

describe.concurrent('hostile input, the built CLI', () => {
  const plan = spawnPlan()
  for (const {file, command, format, stdin} of plan) {
    const args = [command, '-f', stdin ? '-' : file.path, '-o', format]
    it(`${file.name} [${file.expect}]: ${command} -o ${format}${stdin ? ' (stdin)' : ''}`, {timeout: SPAWN_TEST_MS}, async ({onTestFinished}) => {
      const r = await spawnCli(args, stdin ? readFileSync(file.path) : undefined, (kill) => onTestFinished(kill))
      const problems: string[] = []
      if (STACK_TRACE.test(r.stderr)) problems.push(`stack trace on stderr: ${r.stderr.slice(0, 500)}`)
      const lines = r.stderr.split('\n').slice(0, -1)
      if (r.code === 0) {
        if (file.expect === 'error') problems.push('accepted')
        if (!r.stderr.endsWith('\n') && r.stderr !== '') problems.push('stderr does not end with a newline')
        if (lines.some((l) => !l.startsWith('Warning: ') || UNSAFE.test(l))) problems.push(`stderr beyond safe warnings: ${JSON.stringify(r.stderr.slice(0, 300))}`)
        const o = await runInProcess(command, format, readFileSync(file.path))
        if (o.kind !== 'ok') problems.push(`in-process: ${describeOutcome(o)}`)
        // Written as UTF-8, where a lone surrogate from the dump becomes U+FFFD.
        else if (r.stdoutBytes <= 16 * 1024 * 1024 && Buffer.from(o.stdout).toString('utf8') !== r.stdout)
          problems.push(`stdout differs from the in-process output: ${firstDifference(Buffer.from(o.stdout).toString('utf8'), r.stdout)}`)
      } else {
        if (r.code !== 1) problems.push(`exit status ${r.code} (signal ${r.signal})`)
        if (file.expect === 'ok' || file.expect === 'same') problems.push('rejected')
        if (r.stdoutBytes > 0) problems.push(`${r.stdoutBytes} bytes on stdout before the error`)
        if (lines.length !== 1 || !/^Error: \S/.test(r.stderr) || UNSAFE.test(r.stderr))
          problems.push(`stderr is not one "Error: " line: ${JSON.stringify(r.stderr.slice(0, 300))}`)
      }
      expect(problems).toEqual([])
    })
  }
})
