/**
 * `proxy-config cluster -f big.json | head -1`: when the reader goes away after the
 * first line, the CLI itself ends quietly with status 0 (no EPIPE stack trace, no
 * "Error:" line), as Unix tools do. The CLI's own status is checked, not the
 * pipeline's (which would be head's).
 */
import {spawn, spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {projectRoot} from '../support/run-cli.js'

let dir: string
let big: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'proxy-config-pipe-'))
  big = join(dir, 'big.json')
  const gen = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/gen-dump.ts', '--services', '400', '--out', big], {cwd: projectRoot, encoding: 'utf8'})
  expect(gen.status, gen.stderr).toBe(0)
}, 60_000)

afterAll(() => rmSync(dir, {recursive: true, force: true}))

const env = {...process.env, NODE_ENV: 'production', NO_COLOR: '1'}

const commands: [string, string[]][] = [['cluster'], ['cluster', '-o', 'json'], ['eds', '-o', 'yaml'], ['all', '-o', 'json']].map((args) => [args.join(' '), args])

describe('a reader that goes away after the first line', () => {
  it.each(commands)('bash: proxy-config %s -f big.json | head -1 (PIPESTATUS of the CLI)', (_, args) => {
    const cli = ['node', 'bin/run.js', ...args, '-f', big].map((a) => `'${a}'`).join(' ')
    // The CLI's stderr goes to a file of its own, head's to the pipe's stderr.
    const script = `${cli} 2>'${join(dir, 'cli-stderr')}' | head -1; status=\${PIPESTATUS[0]}; cat '${join(dir, 'cli-stderr')}' >&2; exit $status`
    const r = spawnSync('bash', ['-c', script], {cwd: projectRoot, env, encoding: 'utf8', timeout: 60_000})
    expect(r.error).toBeUndefined()
    expect({status: r.status, stderr: r.stderr}).toEqual({status: 0, stderr: ''})
    expect(r.stdout.split('\n')).toHaveLength(2)
  })

  it.for(commands)('spawned: proxy-config %s -f big.json, stdout destroyed after the first chunk', async ([, args], {onTestFinished}) => {
    const child = spawn(process.execPath, ['bin/run.js', ...args, '-f', big], {cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe']})
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    let first = ''
    child.stdout.once('data', (d: Buffer) => {
      first = d.toString('utf8')
      child.stdout.destroy()
    })
    // A CLI that hangs fails the test on its timeout; it must not outlive it.
    onTestFinished(() => {
      child.kill('SIGKILL')
    })
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])))
    expect(first.length).toBeGreaterThan(0)
    expect({code, signal, stderr}).toEqual({code: 0, signal: null, stderr: ''})
  })
})
