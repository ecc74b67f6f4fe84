/**
 * One test per hostile-input bug found by the corpus and property tests, at the
 * level where it was fixed (src/dump, src/show), so a regression names its cause.
 */
import {describe, expect, it} from 'vitest'

import {UserError} from '../../src/core/errors.js'
import {ConfigDump} from '../../src/dump/configdump.js'
import {parseJson} from '../../src/dump/json.js'
import {MAX_NESTING, nestedDeeper} from '../../src/dump/scan.js'
import {endpointListing} from '../../src/show/endpoint.js'
import {secretListing} from '../../src/show/secret.js'
import {clusterListing} from '../../src/show/cluster.js'

const T = 'type.googleapis.com/envoy.admin.v3.'
const dump = (text: string, limit?: number): ConfigDump => ConfigDump.fromBuffer(Buffer.from(text), 'file d.json', limit)
const clusters = `{"@type":"${T}ClustersConfigDump","static_clusters":[{"cluster":{"name":"a"}}]}`
const secrets = `{"@type":"${T}SecretsConfigDump","dynamic_active_secrets":[{"name":"s","secret":{"name":"s"}}]}`

describe('hostile input: regressions', () => {
  it('rejects bytes outside the sections that are not JSON (they were skipped unread)', () => {
    expect(() => dump(`{"configs":[\u00ff\u00fe]}`)).toThrow(UserError)
    expect(() => dump('{"configs":[],"extra":tru}')).toThrow(/file d.json is not valid JSON: .* at byte 22/)
    expect(() => dump(`{"configs":[${clusters}, nul]}`)).toThrow(/not valid JSON/)
  })

  it('rejects a bad escape in a member name with one line, not a SyntaxError', () => {
    expect(() => dump('{"configs":[{"@type":"x","\\x":1}]}')).toThrow(new UserError('file d.json is not valid JSON: invalid member name at byte 25'))
  })

  it('refuses values nested deeper than any Envoy writes, before any output can start', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000)
    const d = dump(`{"configs":[{"@type":"${T}ClustersConfigDump","static_clusters":[{"cluster":{"name":"a","metadata":${deep}}}]}]}`)
    expect(() => clusterListing(d, {})).toThrow(/^file d.json: values nested deeper than 512 levels \(Envoy nests at most 100\) at byte \d+ \(in the ClustersConfigDump section\)$/)
    // Resource by resource (dumps past the string limit) too.
    const huge = dump(`{"configs":[{"@type":"${T}ClustersConfigDump","static_clusters":[{"cluster":{"name":"a","metadata":${deep}}}]}]}`, 1)
    expect(() => clusterListing(huge, {})).toThrow(/nested deeper than 512 levels/)
    expect(() => parseJson(Buffer.from(deep), 'stdin')).toThrow(new UserError('stdin: values nested deeper than 512 levels (Envoy nests at most 100)'))
    // Envoy's own depth is far below the limit.
    expect(nestedDeeper(JSON.parse('['.repeat(MAX_NESTING) + ']'.repeat(MAX_NESTING)), MAX_NESTING)).toBe(false)
    expect(nestedDeeper(JSON.parse('['.repeat(MAX_NESTING + 1) + ']'.repeat(MAX_NESTING + 1)), MAX_NESTING)).toBe(true)
  })

  it('says where and why JSON is broken, in bytes, and never quotes the input (it may hold a credential)', () => {
    const message = (text: string | Buffer): string => {
      try {
        parseJson(Buffer.from(text), 'stdin')
      } catch (e) {
        return (e as Error).message
      }
      return ''
    }
    expect(message('\u001b[2J\nhello')).toBe('stdin is not valid JSON: unexpected character, expected a value at byte 0')
    // Byte offsets count the byte-order mark and multi-byte characters.
    expect(message('\uFEFF{"é":\n"x",\u001b}')).toBe('stdin is not valid JSON: expected a member name at byte 14')
    expect(message('{"password": "hunter2" x}')).toBe("stdin is not valid JSON: expected ',' or '}' at byte 23")
    expect(message('{"a": "b\\q"}')).toBe('stdin is not valid JSON: invalid escape in a string at byte 8')
    expect(message('{"a": [1, 2,]}')).toBe('stdin is not valid JSON: unexpected character, expected a value at byte 12')
    expect(message('{"a": "open')).toBe('stdin is not valid JSON: unterminated string at byte 6')
    expect(message('{"a": 01}')).toBe("stdin is not valid JSON: expected ',' or '}' at byte 7")
    const dumped = dump(`{"configs":[{"@type":"${T}ClustersConfigDump","static_clusters":[{"cluster":{"name":"secret-token-x" 1}}]}]}`)
    expect(() => clusterListing(dumped, {})).toThrow(
      new UserError(`file d.json is not valid JSON: expected ',' or '}' at byte ${dumped.read(0, 200).indexOf(' 1}}') + 1} (in the ClustersConfigDump section)`),
    )
  })

  it('reads a dump whose last admin section is followed by entries that are not admin sections', () => {
    for (const extra of [`{"@type":"type.googleapis.com/cilium.Policy","a":[{"b":1}]}`, '{}', '{"name":"untyped"}']) {
      const d = dump(`{"configs":[${clusters},${secrets},${extra}]}`)
      expect(secretListing(d).items.map((i) => i.name)).toEqual(['s'])
    }
  })

  it('reads a dump with entries that are not admin sections between admin ones', () => {
    for (const extra of [`{"@type":"type.googleapis.com/cilium.Policy","a":[{"b":1}]}`, '{}', '{"name":"untyped","static_clusters":[]}']) {
      const d = dump(`{"configs":[${clusters},${extra},${secrets}]}`)
      expect(clusterListing(d, {}).items.map((c) => c.name)).toEqual(['a'])
      expect(secretListing(d).items.map((i) => i.name)).toEqual(['s'])
    }
  })

  it('refuses, for `endpoint`, what is not a /clusters?format=json answer', () => {
    const listing = (text: string) => endpointListing(Buffer.from(text), 'file c.json', {})
    expect(listing('{}').items).toEqual([])
    expect(() => listing('[]')).toThrow(new UserError('file c.json is not Envoy\'s /clusters?format=json: expected a JSON object with a "cluster_statuses" list'))
    expect(() => listing('null')).toThrow(/expected a JSON object/)
    expect(() => listing(`{"configs":[${clusters}]}`)).toThrow(
      new UserError("file c.json is a config dump, not Envoy's /clusters?format=json; `eds` shows the endpoints of a config dump"),
    )
  })
})
