import {readFileSync} from 'node:fs'
import path from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {DocsEnv} from '../support/docs-env.js'
import {ROOT} from '../support/live-env.js'

/**
 * Documentation that cannot drift: every example in README.md and in every
 * command's --help runs here, against the bundled fixtures or the stand-in cluster
 * (see DocsEnv for the pods and files the examples name), and the output README.md
 * shows is compared with the real output.
 */

let docs: DocsEnv
beforeAll(async () => {
  docs = await DocsEnv.start()
})
afterAll(async () => {
  await docs.close()
})

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')

/** The fenced code blocks of README.md with their language tag. */
function codeBlocks(markdown: string): {lang: string; body: string}[] {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({lang: m[1], body: m[2]}))
}

/** `$ proxy-config …` lines of the plain blocks, each with the output shown under it. */
function shownOutputs(): {command: string; output: string}[] {
  const shown: {command: string; output: string}[] = []
  for (const {lang, body} of codeBlocks(readme)) {
    if (lang !== '') continue
    for (const part of body.split(/^\$ /m).slice(1)) {
      const [command, ...output] = part.replace(/\n+$/, '').split('\n')
      if (command.startsWith('proxy-config ')) shown.push({command, output: `${output.join('\n')}\n`})
    }
  }
  return shown
}

/** Whether a `diff` output reports the two sides the same (short, --details or JSON). */
const same = (stdout: string) => /^no differences$|^ {4}"identical": true,$/m.test(stdout)

/**
 * What an output shown in README.md promises: its `Warning:` and `Error:` lines are
 * stderr, the rest stdout; the exit status is 1 when a pod failed (an `Error:` line)
 * or `diff` found differences (diff(1)'s rule, as README.md documents), else 0.
 */
function promised(command: string, output: string): {code: number; stdout: string; stderr: string} {
  const lines = output.replace(/\n$/, '').split('\n')
  const onStderr = (l: string) => /^(Warning|Error): /.test(l)
  const join = (ls: string[]) => ls.map((l) => `${l}\n`).join('')
  const stdout = join(lines.filter((l) => !onStderr(l)))
  const stderr = join(lines.filter(onStderr))
  const failed = /^Error: /m.test(stderr) || (command.startsWith('proxy-config diff ') && !same(stdout))
  return {code: failed ? 1 : 0, stdout, stderr}
}

/** The examples of every command's --help, as oclif's manifest holds them. */
function helpExamples(): {command: string; example: string}[] {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'oclif.manifest.json'), 'utf8')) as {commands: Record<string, {examples?: string[]}>}
  return Object.entries(manifest.commands).flatMap(([command, c]) =>
    // The autocomplete commands are @oclif/plugin-autocomplete's, with its examples; the packaging test sets completion up.
    command.startsWith('autocomplete') ? [] : (c.examples ?? []).map((example) => ({command, example: example.replaceAll('<%= config.bin %>', 'proxy-config')})),
  )
}

describe('README.md shows the real output', () => {
  const cases = shownOutputs()

  it('has examples with output', () => {
    expect(cases.length).toBeGreaterThanOrEqual(5)
  })

  it.each(cases.map((c) => [c.command, c] as const))('$ %s', async (_, {command, output}) => {
    expect(await docs.sh('bash', command)).toEqual(promised(command, output))
  })
})

describe('every example runs', () => {
  const scripts = codeBlocks(readme).filter((b) => b.lang === 'sh' && /^proxy-config |^kubectl /m.test(b.body) && !/^npm /m.test(b.body))

  it('README.md has shell examples', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(2)
  })

  it.each(scripts.flatMap((s, i) => (['bash', 'zsh'] as const).map((shell) => [`block ${i + 1} (${s.body.split('\n')[0]})`, shell, s.body] as const)))(
    'README.md %s in %s',
    async (_, shell, body) => {
      const r = await docs.sh(shell, body)
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
      new Set(['all', 'bootstrap', 'cluster', 'completion-pods', 'diff', 'ecds', 'eds', 'endpoint', 'explain', 'help', 'listener', 'log', 'rootca-compare', 'route', 'secret']),
    )
  })

  it.each(examples.map((e) => [e.command, e.example] as const))('%s --help: %s', async (command, example) => {
    const r = await docs.sh('bash', example)
    expect(r.stderr).not.toMatch(/Error/)
    // diff answers with diff(1)'s status: 1 is its verdict "different", shown on stdout.
    expect(r.code).toBe(command === 'diff' && !same(r.stdout) ? 1 : 0)
  })
})
