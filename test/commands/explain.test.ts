import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {load as loadYaml} from 'js-yaml'
import {describe, expect, it} from 'vitest'

import {projectRoot, runCli} from '../support/run-cli.js'

const sidecar = 'fixtures/bookinfo-productpage.json'

describe('proxy-config explain', () => {
  it('prints numbered steps that fit in 100 columns', async () => {
    const r = await runCli(['explain', '-f', sidecar, 'http://reviews:9080/reviews/1', '--header', 'end-user=jason'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^2\. {2}Listener {7}0\.0\.0\.0_9080$/m)
    expect(r.stdout).toContain('from VirtualService default/reviews')
    expect(r.stdout).toContain('Result: upstream: outbound|9080|v2|reviews.default.svc.cluster.local')
    for (const line of r.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100)
  })

  it('-o json has one object with every step', async () => {
    const r = await runCli(['explain', '-f', sidecar, 'tcp://mysqldb:3306', '-o', 'json'])
    const e = JSON.parse(r.stdout)
    expect(Object.keys(e)).toEqual(expect.arrayContaining(['capture', 'listener', 'filterChain', 'network', 'routeConfig', 'virtualHost', 'route', 'cluster', 'endpoints']))
    expect(e.cluster.chosen).toBe('outbound|3306||mysqldb.default.svc.cluster.local')
    expect(e.routeConfig).toBeNull()
  })

  it('needs a URL, and says so in one line', async () => {
    const r = await runCli(['explain', '-f', sidecar])
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toContain('explain requires a URL')
  })

  it('rejects a URL it cannot explain', async () => {
    const r = await runCli(['explain', '-f', sidecar, 'ftp://x/'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('expected http://host[:port]/path')
  })
})

/** The README's fenced block that runs `proxy-config explain`: the command, and the lines it shows (`…` alone stands for lines left out). */
function readmeExample(): {args: string[]; lines: string[]} {
  const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8')
  const block = readme.split('```').find((b) => b.includes('\n$ proxy-config explain '))
  if (!block) throw new Error('README has no explain example')
  const [command, ...lines] = block.replace(/^\n/, '').replace(/\n$/, '').split('\n')
  return {args: command.replace(/^\$ proxy-config /, '').split(' '), lines}
}

/** The example's lines in order, each `…` line matching any number of whole lines. */
function examplePattern(lines: readonly string[]): RegExp {
  const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`^${lines.map((l) => (l.trim() === '…' ? '(?:.*\\n)*?' : `${literal(l)}\\n`)).join('')}$`)
}

describe('the README worked example', () => {
  it('is what the command prints: outbound capture → 15001 → route → cluster → endpoint', async () => {
    const {args, lines} = readmeExample()
    expect(args.slice(0, 3)).toEqual(['explain', '-f', 'fixtures/bookinfo-productpage.json'])
    expect(lines.filter((l) => l.trim() === '…').length).toBeLessThan(4)
    const r = await runCli(args)
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(examplePattern(lines))
  })
})

describe('a rejected listener shows in every format', () => {
  const args = ['explain', '-f', 'test/golden-inputs/edge-sidecar.json', 'http://checkout:8080/cart', '--inbound']
  const details = "error adding listener '0.0.0.0:15006': multiple filter chains with the same matching rules are defined"

  it('short: a "rejected by Envoy" line with its error text', async () => {
    const r = await runCli(args)
    expect(r.code).toBe(0)
    expect(r.stdout.replace(/\n +/g, ' ')).toContain(`rejected by Envoy: virtualInbound: ${details}`)
  })

  it.each(['json', 'yaml'])('%s: listener.rejectedConfig', async (format) => {
    const r = await runCli([...args, '-o', format])
    expect(r.code).toBe(0)
    const e = (format === 'json' ? JSON.parse(r.stdout) : loadYaml(r.stdout)) as {listener: {rejectedConfig: unknown}; outcome: {kind: string}}
    expect(e.listener.rejectedConfig).toEqual([{name: 'virtualInbound', details, lastUpdateAttempt: '2026-02-03T10:20:30.503Z'}])
    expect(e.outcome.kind).toBe('no-listener')
  })

  it('other formats are refused as a usage error naming the ones explain takes', async () => {
    const r = await runCli([...args, '-o', 'wide'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('output format "wide" not supported (use one of short|json|yaml)')
  })
})
