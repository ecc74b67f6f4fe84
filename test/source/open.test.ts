import {gzipSync} from 'node:zlib'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {UserError} from '../../src/core/errors.js'
import {openSource, openSources} from '../../src/source/open.js'
import {type DumpSource, type SourceKind, type SourceSpec, openedAlone} from '../../src/source/source.js'
import {EnvoyAdminStandIn} from '../support/envoy-admin.js'

const DUMP = 'test/support/dumps/sidecar.json'
const CLUSTERS = 'test/support/dumps/sidecar-clusters.json'
const request = {kind: 'config_dump'} as const

function spec(given: Partial<SourceSpec>): SourceSpec {
  return {adminPort: 15000, timeout: '30s', ...given}
}

/** The UserError `promise` rejects with, as message and exit code. */
async function failure(promise: Promise<unknown>): Promise<{message: string; exitCode: number}> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(UserError)
  return {message: (error as UserError).message, exitCode: (error as UserError).exitCode}
}

describe('choosing the source', () => {
  it('wants exactly one of the pod argument, -f and --admin-url', async () => {
    expect(await failure(openSources(spec({}), 'cluster'))).toEqual({message: 'cluster requires pod name or --file parameter', exitCode: 2})
    expect(await failure(openSources(spec({pod: 'p', file: DUMP}), 'endpoints'))).toEqual({
      message: 'endpoints requires pod name or --file parameter (give only one of them)',
      exitCode: 2,
    })
    expect(await failure(openSources(spec({file: DUMP, adminUrl: 'http://127.0.0.1:1'}), 'all'))).toMatchObject({exitCode: 2})
  })

  it('reads -f FILE as a file, decompressing gzip, and names it "file FILE"', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'source-'))
    try {
      const zipped = path.join(dir, 'dump.json.gz')
      writeFileSync(zipped, gzipSync(readFileSync(DUMP)))
      const {source} = await openSource(spec({file: zipped}), 'cluster')
      expect(source.origin).toBe(`file ${zipped}`)
      expect((await source.read(request)).equals(readFileSync(DUMP))).toBe(true)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('takes "-f -" as stdin, before the file kind sees it', async () => {
    const {source} = await openSource(spec({file: '-'}), 'cluster')
    expect(source.origin).toBe('stdin')
  })

  it('says why a file cannot be read', async () => {
    const {source} = await openSource(spec({file: 'no/such/dump.json'}), 'cluster')
    expect(await failure(source.read(request))).toEqual({message: 'cannot read no/such/dump.json: no such file', exitCode: 1})
  })

  it('asks the kinds of one input in registry order; the first that accepts the value opens it', async () => {
    const opened: string[] = []
    const kind = (name: string, accepts: (v: string) => boolean): SourceKind => ({
      input: 'file',
      accepts,
      open: async (value) => {
        opened.push(name)
        return openedAlone({origin: `${name} ${value}`, read: async () => Buffer.alloc(0)})
      },
    })
    const kinds = [kind('bundle', (v) => v.endsWith('.tar.gz')), kind('file', () => true)]
    expect((await openSources(spec({file: 'dumps.tar.gz'}), 'cluster', kinds)).sources.map((s) => s.origin)).toEqual(['bundle dumps.tar.gz'])
    expect((await openSources(spec({file: 'dump.json'}), 'cluster', kinds)).sources.map((s) => s.origin)).toEqual(['file dump.json'])
    expect(opened).toEqual(['bundle', 'file'])
  })

  it('refuses a value no kind accepts', async () => {
    const picky: SourceKind = {input: 'file', accepts: () => false, open: async () => openedAlone({origin: 'x', read: async () => Buffer.alloc(0)})}
    expect(await failure(openSources(spec({file: 'x.zip'}), 'cluster', [picky]))).toEqual({message: 'cluster cannot read from "x.zip"', exitCode: 2})
  })

  it('gives many sources to whoever asks for many, and refuses them (closing what was opened) where one is expected', async () => {
    let closed = 0
    const two: DumpSource[] = ['a', 'b'].map((n) => ({origin: `pod ${n}`, read: async () => Buffer.alloc(0)}))
    const many: SourceKind = {input: 'pod', accepts: () => true, open: async () => ({sources: two, close: async () => void closed++})}
    expect((await openSources(spec({pod: 'deployment/x'}), 'cluster', [many])).sources).toEqual(two)
    expect(await failure(openSource(spec({pod: 'deployment/x'}), 'cluster', [many]))).toEqual({
      message: 'cluster shows one Envoy at a time, but 2 were given: pod a, pod b',
      exitCode: 2,
    })
    expect(closed).toBe(1)
  })
})

describe('live sources', () => {
  let envoy: EnvoyAdminStandIn
  beforeAll(async () => {
    envoy = await EnvoyAdminStandIn.start({configDump: DUMP, clusters: CLUSTERS})
  })
  afterAll(() => envoy.close())

  it('reads --admin-url through the admin client, named "admin URL", and closes cleanly', async () => {
    const {source, close} = await openSource(spec({adminUrl: `${envoy.url}/`}), 'cluster')
    try {
      expect(source.origin).toBe(`admin ${envoy.url}`)
      expect(JSON.parse((await source.read({kind: 'clusters'})).toString('utf8'))).toEqual(JSON.parse(readFileSync(CLUSTERS, 'utf8')))
    } finally {
      await close()
    }
  })

  it('checks the admin port and --timeout before reaching anything', async () => {
    expect(await failure(openSources(spec({pod: 'p', adminPort: 0}), 'cluster'))).toEqual({message: 'port number 0 must be in the range 1..65535', exitCode: 2})
    expect(await failure(openSources(spec({adminUrl: envoy.url, timeout: 'soon'}), 'cluster'))).toMatchObject({exitCode: 2})
    expect(envoy.requests).toHaveLength(1)
  })
})
