import {execFileSync, spawn} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

import {FileSource} from '../../src/source/file.js'
import {type CliResult, outcome, projectRoot, runCli} from '../support/run-cli.js'

const dir = mkdtempSync(join(tmpdir(), 'file-source-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

/**
 * The fixture minified, with its listeners grown past several read chunks (so
 * that reads overlap scanning across many chunks) and strings full of escapes
 * (so that the skip kernel meets them in every block).
 */
function bigMinifiedDump(): string {
  const dump = JSON.parse(readFileSync(join(projectRoot, 'fixtures/bookinfo-productpage.json'), 'utf8')) as {configs: Record<string, unknown>[]}
  const listeners = dump.configs.find((c) => String(c['@type']).endsWith('ListenersConfigDump'))!
  listeners.filler = Array.from({length: 40_000}, (_, i) => ({note: `a "quoted" \\ path\\to\\${i} {not a bracket}`, nested: [[{i}]]}))
  const path = join(dir, 'big.json')
  writeFileSync(path, JSON.stringify(dump))
  return path
}

/** The CLI where the address space is capped below what V8 reserves for WebAssembly memory. */
function runCapped(args: readonly string[]): Promise<CliResult> {
  const command = `ulimit -v 4000000 && exec "${process.execPath}" bin/run.js ${args.map((a) => `'${a}'`).join(' ')}`
  return outcome(spawn('/bin/sh', ['-c', command], {cwd: projectRoot, env: {...process.env, NODE_ENV: 'production', NO_COLOR: '1'}}))
}

describe('file source', () => {
  const big = bigMinifiedDump()

  it('hands on every byte of a file of many chunks in order, with several reads in flight', async () => {
    const bytes = randomBytes(5 * 1024 * 1024 + 123)
    const path = join(dir, 'random.bin')
    writeFileSync(path, bytes)
    const source = new FileSource(path)
    try {
      const {chunks} = await source.stream()
      const seen: Buffer[] = []
      // The ring's buffers are reused: each chunk is copied before the next is asked for.
      for await (const chunk of chunks) seen.push(Buffer.from(chunk))
      expect(seen.length).toBeGreaterThan(5)
      expect(Buffer.concat(seen).equals(bytes)).toBe(true)
    } finally {
      await source.close()
    }
  })

  it('reads a file of less than a chunk, an empty one, and a FIFO (opened off the main thread) byte for byte', async () => {
    const small = randomBytes(70_000)
    const files = {small: join(dir, 'small.bin'), empty: join(dir, 'empty.bin'), fifo: join(dir, 'dump.fifo')}
    writeFileSync(files.small, small)
    writeFileSync(files.empty, '')
    execFileSync('mkfifo', [files.fifo])
    const read = async (path: string): Promise<Buffer> => {
      const source = new FileSource(path)
      try {
        const seen: Buffer[] = []
        for await (const chunk of (await source.stream()).chunks) seen.push(Buffer.from(chunk))
        return Buffer.concat(seen)
      } finally {
        await source.close()
      }
    }
    expect((await read(files.small)).equals(small)).toBe(true)
    expect((await read(files.empty)).length).toBe(0)
    const fromFifo = read(files.fifo)
    createWriteStream(files.fifo).end(small)
    expect((await fromFifo).equals(small)).toBe(true)
  })

  it('reads a dump of many chunks as it reads the small one, with and without WebAssembly memory', async () => {
    const small = await runCli(['secret', '-f', 'fixtures/bookinfo-productpage.json'])
    expect(small.code).toBe(0)
    expect(await runCli(['secret', '-f', big])).toEqual(small)
    expect(await runCapped(['secret', '-f', big])).toEqual(small)
  })

  it('fails on a cut dump with the same line, with and without WebAssembly memory', async () => {
    const bytes = readFileSync(big)
    const cut = join(dir, 'cut.json')
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.7)))
    const result = await runCli(['cluster', '-f', cut])
    expect(result.code).not.toBe(0)
    expect(result.stderr).toMatch(/is not valid JSON: unexpected end of data .* at byte \d+/)
    expect(await runCapped(['cluster', '-f', cut])).toEqual(result)
  })

  it('refuses a resource nested deeper than Envoy writes, read from a file', async () => {
    const deep = '['.repeat(600) + ']'.repeat(600)
    const path = join(dir, 'deep.json')
    const type = 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump'
    writeFileSync(path, `{"configs":[{"@type":"${type}","static_clusters":[{"cluster":{"name":"a"}},{"cluster":{"name":"b","metadata":${deep}}}]}]}`)
    const result = await runCli(['cluster', '-f', path])
    expect(result.stderr).toMatch(/values nested deeper than 512 levels \(Envoy nests at most 100\) at byte \d+ \(in the ClustersConfigDump section\)/)
    expect(result.code).not.toBe(0)
  })
})
