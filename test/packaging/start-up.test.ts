import {spawnSync} from 'node:child_process'
import {closeSync, mkdtempSync, openSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

import {projectRoot} from '../support/run-cli.js'

const dir = mkdtempSync(join(tmpdir(), 'proxy-config-start-up-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

/**
 * Runs the built CLI, stdout to a file and stderr to a pipe; what it printed, and the
 * Node built-ins it loaded.
 */
function run(args: string[], env: NodeJS.ProcessEnv = {}): {code: number | null; stdout: string; stderr: string; builtins: string[]} {
  const file = join(dir, `${args.join('_').replace(/\W/g, '_')}${env.DEBUG ? '_debug' : ''}`)
  const stdout = openSync(`${file}.out`, 'w')
  try {
    const child = spawnSync(process.execPath, ['--require', join(projectRoot, 'test/support/loaded-builtins.cjs'), 'bin/run.js', ...args], {
      cwd: projectRoot,
      encoding: 'utf8',
      stdio: ['ignore', stdout, 'pipe'],
      env: {...process.env, NODE_ENV: 'production', NO_COLOR: '1', DEBUG: '', LOADED_BUILTINS_FILE: file, ...env},
    })
    return {code: child.status, stdout: readFileSync(`${file}.out`, 'utf8'), stderr: child.stderr, builtins: readFileSync(file, 'utf8').split('\n')}
  } finally {
    closeSync(stdout)
  }
}

/**
 * Start-up is most of a short command's time, and loading a module it never uses is
 * the cheapest part of it to lose: these built-ins serve other commands, gzipped
 * input, or oclif paths (Windows shells, performance marks, piped flag values).
 */
const UNUSED_BY_A_TABLE = ['crypto', 'zlib', 'child_process', 'perf_hooks', 'readline', 'dgram']

describe('start-up', () => {
  it('prints a table from a saved dump without loading the built-ins other paths need', () => {
    const {code, stdout, builtins} = run(['cluster', '-f', 'fixtures/bookinfo-productpage.json'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^SERVICE FQDN +PORT/)
    expect(builtins).toContain('fs')
    expect(builtins.filter((m) => UNUSED_BY_A_TABLE.includes(m))).toEqual([])
    // stderr, a pipe (a socket, with net), is set up only when something is written to it.
    expect(builtins).not.toContain('net')
  })

  it('still loads them where they serve: secrets decode certificates with node:crypto', () => {
    const {code, builtins} = run(['secret', '-f', 'fixtures/bookinfo-productpage.json'])
    expect(code).toBe(0)
    expect(builtins).toContain('crypto')
  })

  it("prints oclif's debug log when DEBUG names it, as oclif does", () => {
    const {code, stderr} = run(['cluster', '-f', 'fixtures/bookinfo-productpage.json'], {DEBUG: 'oclif:*'})
    expect(code).toBe(0)
    expect(stderr).toMatch(/oclif:main process\.argv/)
  })

  it('renders the templates of command help and prints the root help as written', () => {
    const command = run(['cluster', '--help'])
    expect(command.stdout).toMatch(/\$ proxy-config cluster /)
    expect(command.stdout).not.toMatch(/<%/)
    const root = run(['--help'])
    expect(root.code).toBe(0)
    expect(root.stdout).toMatch(/^Show what an Envoy proxy is really doing/)
    expect(root.builtins).not.toContain('crypto')
  })
})
