import {spawn} from 'node:child_process'
import {chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {FIXTURE_CLUSTERS_DUMP, FIXTURE_DUMP, LiveEnv, ROOT} from '../support/live-env.js'
import {runCli} from '../support/run-cli.js'

/**
 * Documentation that cannot drift: every example in README.md and in every
 * command's --help runs here, against the bundled fixtures or the stand-in cluster
 * (whose pod productpage-v1-7d4c8bb9d-abcde serves them), and the output README.md
 * shows is compared with the real output.
 */

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')

/** The fenced code blocks of README.md with their language tag. */
function codeBlocks(markdown: string): {lang: string; body: string}[] {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({lang: m[1], body: m[2]}))
}

/** Words of a command line as a shell splits them (only the quoting README.md uses). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3])
}

/** `$ proxy-config …` lines of the plain blocks, each with the output shown under it. */
function shownOutputs(): {args: string[]; output: string}[] {
  const shown: {args: string[]; output: string}[] = []
  for (const {lang, body} of codeBlocks(readme)) {
    if (lang !== '') continue
    for (const part of body.split(/^\$ /m).slice(1)) {
      const [command, ...output] = part.replace(/\n+$/, '').split('\n')
      if (command.startsWith('proxy-config ')) shown.push({args: words(command).slice(1), output: `${output.join('\n')}\n`})
    }
  }
  return shown
}

/** The examples of every command's --help, as oclif's manifest holds them. */
function helpExamples(): {command: string; example: string}[] {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'oclif.manifest.json'), 'utf8')) as {commands: Record<string, {examples?: string[]}>}
  return Object.entries(manifest.commands).flatMap(([command, c]) =>
    (c.examples ?? []).map((example) => ({command, example: example.replaceAll('<%= config.bin %>', 'proxy-config')})),
  )
}

describe('README.md shows the real output', () => {
  const cases = shownOutputs()

  it('has examples with output', () => {
    expect(cases.length).toBeGreaterThanOrEqual(5)
  })

  it.each(cases.map((c) => [c.args.join(' '), c] as const))('$ proxy-config %s', async (_, {args, output}) => {
    expect(await runCli(args)).toEqual({code: 0, stdout: output, stderr: ''})
  })
})

describe('every example runs', () => {
  let env: LiveEnv
  let dir: string
  let bin: string

  beforeAll(async () => {
    env = await LiveEnv.start()
    dir = mkdtempSync(path.join(tmpdir(), 'proxy-config-docs-'))
    bin = path.join(dir, 'bin')
    mkdirSync(bin)
    const tool = (name: string, body: string) => {
      writeFileSync(path.join(bin, name), body)
      chmodSync(path.join(bin, name), 0o755)
    }
    tool('proxy-config', `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(ROOT, 'bin/run.js'))} "$@"\n`)
    // `kubectl exec <pod> -c istio-proxy -- curl -s <admin URL>`, answered by the Envoy behind the examples' pod.
    tool(
      'kubectl',
      `#!${process.execPath}\n` +
        `const url = process.argv.at(-1).replace(/^(http:\\/\\/)?localhost:15000/, 'http://127.0.0.1:${env.fixtureEnvoy.port}')\n` +
        `require('node:http').get(url, (res) => res.pipe(process.stdout)).on('error', (e) => { console.error(e.message); process.exit(1) })\n`,
    )
    // The files the examples name.
    copyFileSync(FIXTURE_DUMP, path.join(dir, 'config_dump.json'))
    copyFileSync(FIXTURE_DUMP, path.join(dir, 'dump.json'))
    copyFileSync(FIXTURE_CLUSTERS_DUMP, path.join(dir, 'clusters.json'))
  })

  afterAll(async () => {
    await env.close()
    rmSync(dir, {recursive: true, force: true})
  })

  /** Runs a script in bash or zsh, failing on the first failing command or pipeline, in a directory with the examples' files. */
  async function sh(shell: 'bash' | 'zsh', script: string): Promise<{code: number | null; stdout: string; stderr: string}> {
    const strict = shell === 'bash' ? 'set -eo pipefail' : 'setopt err_exit pipe_fail'
    // Not spawnSync: the stand-in servers run in this process and must keep answering.
    const child = spawn(shell, shell === 'bash' ? ['--norc', '-c', `${strict}\n${script}`] : ['-f', '-c', `${strict}\n${script}`], {
      cwd: dir,
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        HOME: dir,
        KUBECONFIG: env.kubeconfig,
        NODE_ENV: 'production',
        NO_COLOR: '1',
        HTTP_PROXY: 'http://127.0.0.1:9',
        http_proxy: 'http://127.0.0.1:9',
      },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d))
    child.stderr.on('data', (d: Buffer) => (stderr += d))
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    return {code, stdout, stderr}
  }

  const scripts = codeBlocks(readme).filter((b) => b.lang === 'sh' && /^proxy-config |^kubectl /m.test(b.body) && !/^npm /m.test(b.body))

  it('README.md has shell examples', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(2)
  })

  it.each(scripts.flatMap((s, i) => (['bash', 'zsh'] as const).map((shell) => [`block ${i + 1} (${s.body.split('\n')[0]})`, shell, s.body] as const)))(
    'README.md %s in %s',
    async (_, shell, body) => {
      const r = await sh(shell, body)
      expect(r.stderr).not.toMatch(/Error|not found|no matches/)
      expect(r.code).toBe(0)
      expect(r.stdout).not.toBe('')
    },
  )

  it('README.md saves dumps that the commands read back', async () => {
    const save = scripts.map((s) => s.body).find((b) => b.includes('config_dump?include_eds'))
    expect(save).toBeDefined()
    expect(save).toContain("'localhost:15000/config_dump?include_eds'")
    expect(save).toContain("'localhost:15000/clusters?format=json'")
  })

  const examples = helpExamples()

  it('every command has examples', () => {
    expect(new Set(examples.map((e) => e.command))).toEqual(
      new Set(['all', 'bootstrap', 'cluster', 'completion-pods', 'ecds', 'eds', 'endpoint', 'help', 'listener', 'log', 'route', 'secret']),
    )
  })

  it.each(examples.map((e) => [e.command, e.example] as const))('%s --help: %s', async (_, example) => {
    const r = await sh('bash', example)
    expect(r.stderr).not.toMatch(/Error/)
    expect(r.code).toBe(0)
  })
})
