import {X509Certificate} from 'node:crypto'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {ConfigDump} from '../../src/dump/configdump.js'
import {chainsTo, compareRoots, readTrust} from '../../src/diff/rootca.js'
import {type Dump, copy, loadDump, section} from '../support/dump-variants.js'
import {type Pki, makePki, proxyWith} from '../support/pki.js'
import {projectRoot} from '../support/run-cli.js'

let dir: string
let pki: Pki
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'proxy-config-rootca-'))
  pki = makePki(dir)
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

const sidecar = loadDump(path.join(projectRoot, 'fixtures/bookinfo-productpage.json'))
const trust = (d: Dump, name: string) => readTrust(ConfigDump.fromBuffer(Buffer.from(JSON.stringify(d)), `pod ${name}`))

describe('compareRoots', () => {
  it('two proxies on the same root are compatible', () => {
    const c = compareRoots(trust(proxyWith([pki.oldRoot], [pki.oldLeaf]), 'a'), trust(proxyWith([pki.oldRoot], [pki.oldLeaf]), 'b'))
    expect(c).toMatchObject({nested: true, leftTrustsRight: true, rightTrustsLeft: true, compatible: true})
    expect(c.roots.map((r) => [r.left, r.right])).toEqual([[true, true]])
  })

  it('mid-rotation, a proxy trusting both roots still talks to one that trusts only the old root', () => {
    const rotated = trust(proxyWith([pki.oldRoot, pki.newRoot], [pki.oldLeaf]), 'rotated')
    const old = trust(proxyWith([pki.oldRoot], [pki.oldLeaf]), 'old')
    const c = compareRoots(rotated, old)
    expect(c.roots.map((r) => [r.cert.subject.split('\n').at(-1), r.left, r.right])).toEqual([
      ['CN=old-root', true, true],
      ['CN=new-root', true, false],
    ])
    expect(c).toMatchObject({nested: true, compatible: true})
  })

  it('a workload certificate from the new root (through an intermediate) is refused by a proxy that trusts only the old root', () => {
    const c = compareRoots(trust(proxyWith([pki.oldRoot, pki.newRoot], [pki.newLeaf, pki.intermediate]), 'new'), trust(proxyWith([pki.oldRoot], [pki.oldLeaf]), 'old'))
    expect(c).toMatchObject({nested: true, leftTrustsRight: true, rightTrustsLeft: false, compatible: false})
  })

  it('without workload certificates, one side must trust every root of the other', () => {
    const none = (roots: string[]) => trust(proxyWith(roots, []), 'x')
    expect(compareRoots(none([pki.oldRoot]), none([pki.oldRoot, pki.newRoot]))).toMatchObject({nested: true, leftTrustsRight: undefined, compatible: true})
    expect(compareRoots(none([pki.oldRoot]), none([pki.newRoot]))).toMatchObject({nested: false, compatible: false})
  })

  it('chainsTo follows every link and stops at a trusted root', () => {
    const cert = (pem: string) => new X509Certificate(pem)
    expect(chainsTo([cert(pki.newLeaf), cert(pki.intermediate)], [cert(pki.newRoot)])).toBe(true)
    expect(chainsTo([cert(pki.newLeaf)], [cert(pki.newRoot)])).toBe(false)
    expect(chainsTo([cert(pki.newLeaf), cert(pki.oldRoot)], [cert(pki.oldRoot)])).toBe(false)
    expect(chainsTo([cert(pki.oldLeaf), cert(pki.oldRoot)], [cert(pki.oldRoot)])).toBe(true)
  })

  it('a dump without ROOTCA is an error naming it', () => {
    const d = copy(sidecar)
    section(d, 'Secrets').dynamic_active_secrets = []
    expect(() => trust(d, 'p.ns')).toThrow('pod p.ns: no active ROOTCA secret')
  })
})
