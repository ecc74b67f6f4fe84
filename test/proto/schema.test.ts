import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {loadSchema} from '../../src/proto/schema.js'

const ROOT = join(import.meta.dirname, '../..')
const DUMP_FOLDERS = ['fixtures', 'test/support/dumps']

/** Every Any type URL in a value. */
function typeUrls(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) typeUrls(item, out)
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '@type' && typeof item === 'string') out.add(item)
      else typeUrls(item, out)
    }
  }
  return out
}

const WELL_KNOWN = /^type\.googleapis\.com\/google\.protobuf\.[A-Za-z]+$/

describe('the Envoy schema', () => {
  const schema = loadSchema()

  for (const folder of DUMP_FOLDERS) {
    for (const file of readdirSync(join(ROOT, folder)).filter((f) => f.endsWith('.json'))) {
      it(`resolves every @type in ${folder}/${file}`, () => {
        const urls = [...typeUrls(JSON.parse(readFileSync(join(ROOT, folder, file), 'utf8')))]
        const unresolved = urls.filter((url) => !WELL_KNOWN.test(url) && schema.lookup(url.slice(url.lastIndexOf('/') + 1)) === undefined)
        expect(unresolved).toEqual([])
      })
    }
  }

  it('records which fields Envoy marks sensitive', () => {
    const fields = (name: string) => {
      const found = schema.lookup(name)
      const info = found && schema.type(found.index)
      if (info?.kind !== 'message') throw new Error(`${name} is not a message in the schema`)
      return info.fields
    }
    const marked = (name: string) =>
      fields(name)
        .filter((f) => f.sensitive)
        .map((f) => f.protoName)
    expect(marked('envoy.extensions.transport_sockets.tls.v3.TlsCertificate')).toEqual(['private_key', 'pkcs12', 'password'])
    expect(marked('envoy.extensions.filters.network.redis_proxy.v3.RedisProxy')).toEqual(['downstream_auth_password', 'downstream_auth_passwords', 'downstream_auth_username'])
    expect(marked('envoy.extensions.filters.http.basic_auth.v3.BasicAuth')).toEqual(['users'])
    expect(marked('envoy.config.cluster.v3.Cluster')).toEqual([])
    // v2 names resolve to their v3 successors, marks included.
    expect(marked('envoy.api.v2.auth.TlsCertificate')).toEqual(['private_key', 'pkcs12', 'password'])
  })
})
