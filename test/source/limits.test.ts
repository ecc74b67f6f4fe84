/**
 * Endless and hostile inputs end in one clear line, with bounded memory: the
 * built CLI is run on them and its peak RSS is read back (test/support/peak-rss.cjs).
 */
import {spawn} from 'node:child_process'
import {createWriteStream, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pipeline} from 'node:stream/promises'
import {createGzip} from 'node:zlib'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {projectRoot} from '../support/run-cli.js'

const MiB = 1024 * 1024
/** Memory a run may take beyond its --max-dump-size. */
const HEADROOM = 300 * MiB

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'limits-test-'))
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

interface Run {
  code: number | null
  stderr: string
  /** Peak resident set size, bytes. */
  peak: number
  seconds: number
}

/** Runs the CLI; `feed` writes to its stdin until the CLI stops reading (or returns). */
function run(args: string[], feed?: (stdin: NodeJS.WritableStream) => void): Promise<Run> {
  const rssFile = join(dir, `rss-${Math.random().toString(36).slice(2)}`)
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', join(projectRoot, 'test/support/peak-rss.cjs'), 'bin/run.js', ...args], {
      cwd: projectRoot,
      env: {...process.env, NODE_ENV: 'production', NO_COLOR: '1', PEAK_RSS_FILE: rssFile},
    })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.stdout.resume()
    child.on('error', reject)
    child.stdin.on('error', () => {})
    if (feed) feed(child.stdin)
    else child.stdin.end()
    child.on('close', (code) => resolve({code, stderr, peak: Number(readFileSync(rssFile, 'utf8')) * 1024, seconds: (Date.now() - started) / 1000}))
  })
}

/** Writes `chunk` again and again until the reader goes away. */
function endless(chunk: Buffer): (stdin: NodeJS.WritableStream) => void {
  return (stdin) => {
    let open = true
    stdin.on('error', () => (open = false))
    stdin.on('close', () => (open = false))
    const more = (): void => {
      while (open && stdin.write(chunk)) {}
      if (open) stdin.once('drain', more)
    }
    more()
  }
}

function oneErrorLine(r: Run): string {
  expect(r.code).toBe(1)
  const lines = r.stderr.split('\n').filter((l) => l !== '')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^Error: /)
  return lines[0]
}

describe('endless input', () => {
  it('-f /dev/zero is refused at its first byte', async () => {
    const r = await run(['cluster', '-f', '/dev/zero'])
    expect(oneErrorLine(r)).toBe('Error: file /dev/zero is not valid JSON: not JSON: expected a JSON object at byte 0')
    expect(r.peak).toBeLessThan(1536 * MiB + HEADROOM)
  })

  it('endless stdin that is not JSON is refused at its first byte; endless stdin that looks like JSON stops at --max-dump-size', async () => {
    const notJson = await run(['listener', '-f', '-'], endless(Buffer.from('y\n'.repeat(32768))))
    expect(oneErrorLine(notJson)).toBe('Error: stdin is not valid JSON: not JSON: expected a JSON object at byte 0')
    const looksLikeJson = await run(['all', '-f', '-', '--max-dump-size', '32MiB'], (stdin) => {
      stdin.write('{"configs": [')
      endless(Buffer.alloc(MiB, ' '))(stdin)
    })
    expect(oneErrorLine(looksLikeJson)).toBe('Error: stdin is larger than --max-dump-size (32 MiB); raise --max-dump-size to read it')
    expect(looksLikeJson.peak).toBeLessThan(32 * MiB + HEADROOM)
  })
})

describe('a gzip bomb', () => {
  it('is refused once it expands more than any dump does, with memory bounded', async () => {
    const bomb = join(dir, 'bomb.json.gz')
    // 1 GiB of JSON-looking whitespace squeezed into about 1 MB.
    await pipeline(
      (function* () {
        yield Buffer.from('{"configs": [')
        const spaces = Buffer.alloc(MiB, ' ')
        for (let i = 0; i < 1024; i++) yield spaces
      })(),
      createGzip({level: 9}),
      createWriteStream(bomb),
    )
    const r = await run(['cluster', '-f', bomb])
    expect(oneErrorLine(r)).toBe(`Error: file ${bomb} decompresses to more than 200 times its size, as gzip bombs do; refusing to read it`)
    expect(r.peak).toBeLessThan(1536 * MiB + HEADROOM)
  })
})

describe('a 2 GiB answer from an admin URL', () => {
  let server: http.Server
  let url: string
  let dripping = 0
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const head = '{"configs": ['
      if (req.url?.startsWith('/declared')) {
        // Says how long it is: refused before a byte of the body is read.
        res.writeHead(200, {'content-type': 'application/json', 'content-length': String(2 * 1024 * MiB)})
        res.write(head)
        return
      }
      if (req.url?.startsWith('/drip')) {
        // A byte a second, forever: only --timeout ends it.
        res.writeHead(200, {'content-type': 'application/json'})
        res.write(head)
        const timer = setInterval(() => res.write(' '), 1000)
        dripping++
        res.on('close', () => clearInterval(timer))
        return
      }
      // Chunked, no length given: counted as it streams.
      res.writeHead(200, {'content-type': 'application/json'})
      res.write(head)
      const spaces = Buffer.alloc(MiB, ' ')
      let sent = 0
      const more = (): void => {
        while (sent < 2048 && res.write(spaces)) sent++
        if (sent < 2048) res.once('drain', more)
        else res.end(']}')
      }
      res.on('close', () => (sent = 2048))
      more()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  it('is refused when it declares its length', async () => {
    const r = await run(['cluster', '--admin-url', `${url}/declared`])
    expect(oneErrorLine(r)).toMatch(/^Error: Envoy admin at .*: the answer for \/config_dump is larger than --max-dump-size \(1\.5 GiB\); raise --max-dump-size to read it$/)
    expect(r.peak).toBeLessThan(1536 * MiB + HEADROOM)
  })

  it('is cut off at --max-dump-size while it streams, never buffered whole', async () => {
    const r = await run(['all', '--admin-url', url, '--max-dump-size', '64MiB'])
    expect(oneErrorLine(r)).toMatch(/^Error: Envoy admin at .*: the answer for \/config_dump is larger than --max-dump-size \(64 MiB\); raise --max-dump-size to read it$/)
    expect(r.peak).toBeLessThan(64 * MiB + HEADROOM)
  })

  it('--timeout covers the whole read, not only until the answer starts', async () => {
    const r = await run(['cluster', '--admin-url', `${url}/drip`, '--timeout', '2s'])
    expect(oneErrorLine(r)).toMatch(/^Error: timed out after 2s waiting for .*; raise --timeout$/)
    expect(dripping).toBeGreaterThan(0)
    expect(r.seconds).toBeLessThan(20)
  })
})
