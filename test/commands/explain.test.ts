import {describe, expect, it} from 'vitest'

import {runCli} from '../support/run-cli.js'

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
