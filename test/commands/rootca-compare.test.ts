import {X509Certificate} from 'node:crypto'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {Dump} from '../support/dump-variants.js'
import {type Pki, makePki, proxyWith} from '../support/pki.js'
import {runCli} from '../support/run-cli.js'

let dir: string
let pki: Pki
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'proxy-config-rootca-'))
  pki = makePki(dir)
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

describe('proxy-config rootca-compare', () => {
  const save = (name: string, d: Dump) => {
    const file = path.join(dir, name)
    writeFileSync(file, JSON.stringify(d))
    return file
  }

  it('lists the roots, says whose certificate the other trusts, and exits 0 when they trust each other', async () => {
    const a = save('a.json', proxyWith([pki.oldRoot, pki.newRoot], [pki.oldLeaf]))
    const b = save('b.json', proxyWith([pki.oldRoot], [pki.oldLeaf]))
    const r = await runCli(['rootca-compare', a, b])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const serial = (pem: string) => new X509Certificate(pem).serialNumber.toLowerCase().replace(/^0+/, '').padStart(32, '0')
    const lines = r.stdout.split('\n').map((l) => l.trimEnd())
    expect(lines[0]).toMatch(new RegExp(`^ROOT CA +SERIAL NUMBER +NOT AFTER +${a} +${b}$`))
    expect(lines.slice(1, 3).map((l) => l.split(/ {3,}/))).toEqual([
      ['O=cluster.local, CN=old-root', serial(pki.oldRoot), expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), 'trusted', 'trusted'],
      ['O=cluster.local, CN=new-root', serial(pki.newRoot), expect.any(String), 'trusted', 'missing'],
    ])
    expect(lines.slice(3)).toEqual([
      '',
      `${b}'s workload certificate chains to a root ${a} trusts`,
      `${a}'s workload certificate chains to a root ${b} trusts`,
      `[${a}] and [${b}] trust each other's certificates: connectivity between them is possible`,
      '',
    ])
  })

  it('exits 1 with one error line when a certificate is not trusted by the peer', async () => {
    const a = save('c.json', proxyWith([pki.oldRoot, pki.newRoot], [pki.newLeaf, pki.intermediate]))
    const b = save('d.json', proxyWith([pki.oldRoot], [pki.oldLeaf]))
    const r = await runCli(['rc', a, b])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(`${a}'s workload certificate does not chain to a root ${b} trusts`)
    expect(r.stderr).toBe(
      `Error: [${a}] and [${b}] do not trust each other's certificates: a workload certificate does not chain to a root its peer trusts; connectivity between them is unavailable\n`,
    )
  })

  it('needs exactly two sides', async () => {
    expect(await runCli(['rootca-compare', 'fixtures/bookinfo-productpage.json'])).toMatchObject({code: 2, stderr: 'Error: rootca-compare requires 2 pods as an argument\n'})
  })
})
