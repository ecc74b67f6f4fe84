import {describe, expect, it} from 'vitest'

import {ConfigDump, type ResourceKind, parseResources} from '../../src/dump/configdump.js'
import {BufferStore} from '../../src/dump/input.js'
import {parseCluster} from '../../src/model/cluster.js'
import {parseListener} from '../../src/model/listener.js'
import {resourceStatus} from '../../src/model/status.js'

const ERROR = {details: 'duplicate listener', last_update_attempt: '2024-05-01T10:00:00Z', version_info: '2024-05-01T10:00:00Z/9'}

const listeners = {
  '@type': 'type.googleapis.com/envoy.admin.v3.ListenersConfigDump',
  dynamic_listeners: [
    {name: 'a', active_state: {version_info: 'v1', listener: {name: 'a'}, last_updated: '2024-05-01T09:00:00Z'}, client_status: 'ACKED'},
    {name: 'w', warming_state: {version_info: 'v2', listener: {name: 'w'}}, draining_state: {version_info: 'v0', listener: {name: 'w'}}},
    {name: 'bad', error_state: {...ERROR, failed_configuration: {'@type': 'type.googleapis.com/envoy.config.listener.v3.Listener', name: 'bad'}}, client_status: 'NACKED'},
    {name: 'lost', errorState: {details: 'no config kept'}, clientStatus: 4},
    {name: 'a2', active_state: {version_info: 'v1', listener: {name: 'a2'}}, error_state: {...ERROR, failed_configuration: {name: 'a2', address: 'x'}}, client_status: 'NACKED'},
  ],
  static_listeners: [{listener: {name: 's'}, last_updated: '2024-04-01T00:00:00Z'}],
}
const clusters = {
  '@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump',
  dynamic_active_clusters: [
    {version_info: 'c1', cluster: {name: 'on'}, last_updated: '2024-05-01T09:00:00Z'},
    {version_info: 'c1', cluster: {name: 'kept'}, error_state: {details: 'bad lb policy'}},
  ],
  dynamic_warming_clusters: [{version_info: 'c2', cluster: {name: 'warm'}}],
  static_clusters: [{cluster: {name: 'boot'}}],
}

/** Sections this small are parsed whole; a limit of 1 makes the dump read them entry by entry. */
const dumps = (): [string, ConfigDump][] => {
  const bytes = Buffer.from(JSON.stringify({configs: [listeners, clusters]}))
  return [
    ['whole', ConfigDump.fromBuffer(bytes, 'd')],
    ['entry by entry', ConfigDump.fromBuffer(bytes, 'd', 1)],
  ]
}

describe.each(dumps())('resource entries (%s)', (_, dump) => {
  const summary = (kind: ResourceKind) => [...dump.resourceEntries(kind)].map((e) => [e.value.name, e.state, e.dynamic])

  it('gives active, warming, draining and refused resources, flagged, in dump order', () => {
    expect(summary('listeners')).toEqual([
      ['a', 'active', true],
      ['w', 'warming', true],
      ['w', 'draining', true],
      ['bad', 'rejected', true],
      ['lost', 'rejected', true],
      ['a2', 'active', true],
      ['a2', 'rejected', true],
      ['s', 'active', false],
    ])
    expect(summary('clusters')).toEqual([
      ['on', 'active', true],
      ['kept', 'active', true],
      // Envoy kept no refused configuration, and a cluster entry has no name: the served version's is taken.
      ['kept', 'rejected', true],
      ['warm', 'warming', true],
      ['boot', 'active', false],
    ])
    expect(summary('routes')).toEqual([])
  })

  it('loads each resource again, refused configurations included', () => {
    for (const e of dump.resourceEntries('listeners')) expect(e.load()).toEqual(e.value)
    for (const e of dump.resourceEntries('listeners')) expect(e.loadEntry()).toEqual(e.entry)
  })

  it('keeps what the active listings show unchanged, now with their status', () => {
    const active = parseResources(dump, 'listeners', parseListener)
    expect(active.map((l) => l.name)).toEqual(['a', 'a2', 's'])
    expect(active.map((l) => l.status)).toEqual([
      {state: 'active', dynamic: true, versionInfo: 'v1', lastUpdated: '2024-05-01T09:00:00Z', clientStatus: 'ACKED', error: undefined},
      {
        state: 'active',
        dynamic: true,
        versionInfo: 'v1',
        lastUpdated: '',
        clientStatus: 'NACKED',
        error: {details: 'duplicate listener', lastUpdateAttempt: '2024-05-01T10:00:00Z', versionInfo: '2024-05-01T10:00:00Z/9'},
      },
      {state: 'active', dynamic: false, versionInfo: '', lastUpdated: '2024-04-01T00:00:00Z', clientStatus: '', error: undefined},
    ])
    expect(parseResources(dump, 'clusters', parseCluster).map((c) => [c.name, c.status.versionInfo])).toEqual([
      ['on', 'c1'],
      ['kept', 'c1'],
      ['boot', ''],
    ])
  })

  it('describes refusals with their details and time, and warming resources with their version', () => {
    const statuses = [...dump.resourceEntries('listeners')].map((e) => [e.value.name, resourceStatus(e)] as const)
    expect(statuses.find(([name, s]) => name === 'bad' && s.state === 'rejected')?.[1]).toEqual({
      state: 'rejected',
      dynamic: true,
      versionInfo: '',
      lastUpdated: '',
      clientStatus: 'NACKED',
      error: {details: 'duplicate listener', lastUpdateAttempt: '2024-05-01T10:00:00Z', versionInfo: '2024-05-01T10:00:00Z/9'},
    })
    expect(statuses.find(([name]) => name === 'lost')?.[1]).toMatchObject({state: 'rejected', clientStatus: 'NACKED', error: {details: 'no config kept', lastUpdateAttempt: ''}})
    expect(statuses.find(([, s]) => s.state === 'warming')?.[1]).toMatchObject({versionInfo: 'v2', error: undefined})
    expect(statuses.find(([, s]) => s.state === 'draining')?.[1]).toMatchObject({versionInfo: 'v0'})
  })
})

/** A dump read from a store that notes the text of every read, as a file dump is read again. */
async function watchedDump(): Promise<{dump: ConfigDump; reads: string[]}> {
  const bytes = Buffer.from(JSON.stringify({configs: [listeners, clusters]}, null, 1))
  const reads: string[] = []
  const store = new BufferStore(bytes)
  const rereadable = {
    read: (start: number, end: number) => {
      const out = store.read(start, end)
      reads.push(out.toString())
      return out
    },
  }
  const chunks = (async function* () {
    yield bytes
  })()
  return {dump: await ConfigDump.read({chunks, rereadable}, 'd'), reads}
}

describe('resource entries by state', () => {
  const names = (dump: ConfigDump, kind: ResourceKind, states: Parameters<ConfigDump['resourceEntries']>[2]) =>
    [...dump.resourceEntries(kind, [], states)].map((e) => [e.value.name, e.state])

  it('gives only the states asked for, in dump order', async () => {
    const {dump} = await watchedDump()
    expect(names(dump, 'listeners', ['warming', 'rejected'])).toEqual([
      ['w', 'warming'],
      ['bad', 'rejected'],
      ['lost', 'rejected'],
      ['a2', 'rejected'],
    ])
    expect(names(dump, 'clusters', ['active'])).toEqual([
      ['on', 'active'],
      ['kept', 'active'],
      ['boot', 'active'],
    ])
  })

  it('does not read again the entries an earlier pass found to hold none of the states asked for', async () => {
    const {dump, reads} = await watchedDump()
    expect(parseResources(dump, 'clusters', parseCluster).map((c) => c.name)).toEqual(['on', 'kept', 'boot'])
    reads.length = 0
    expect(names(dump, 'clusters', ['warming', 'rejected'])).toEqual([
      ['kept', 'rejected'],
      ['warm', 'warming'],
    ])
    const read = reads.join('\n')
    expect(read).toContain('"kept"')
    expect(read).toContain('"warm"')
    expect(read).not.toContain('"on"')
    expect(read).not.toContain('"boot"')
  })

  it('reads again the entries a pass stopped before', async () => {
    const {dump, reads} = await watchedDump()
    for (const e of dump.resourceEntries('listeners', [], ['active'])) if (e.value.name === 'a') break
    reads.length = 0
    expect(names(dump, 'listeners', ['rejected']).map(([name]) => name)).toEqual(['bad', 'lost', 'a2'])
    expect(reads.join('\n')).not.toContain('"a"')
  })
})
