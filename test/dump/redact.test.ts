import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {redactJsonBytes} from '../../src/dump/redact.js'
import {NestingError} from '../../src/dump/scan.js'
import {REDACTED} from '../../src/proto/redact.js'

const DUMP = 'envoy.admin.v3.ConfigDump'

function run(text: string, pieceLimit?: number): string {
  const bytes = Buffer.from(text)
  return Buffer.concat(redactJsonBytes(bytes, {start: 0, end: bytes.length}, DUMP, pieceLimit)).toString()
}

const secretsSection = (key: string, value: string) =>
  `{"configs": [\n  {\n   "@type": "type.googleapis.com/envoy.admin.v3.SecretsConfigDump",\n   "dynamic_active_secrets": [\n    {\n     "name": "default",\n     "secret": {"@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret", "name": "default", "tls_certificate": {"certificate_chain": {"inline_bytes": "Q0VSVA=="}, ${key}: {"inline_bytes": ${JSON.stringify(value)}}}}\n    }\n   ]\n  }\n ]\n}\n`

describe('redactJsonBytes', () => {
  it('passes a dump without credentials through as the same bytes', () => {
    const bytes = readFileSync(join(import.meta.dirname, '../../fixtures/bookinfo-productpage.json'))
    for (const limit of [undefined, 4096]) {
      const pieces = redactJsonBytes(bytes, {start: 0, end: bytes.length}, DUMP, limit)
      expect(pieces).toHaveLength(1)
      expect(pieces[0].equals(bytes)).toBe(true)
    }
  })

  it('re-encodes only the redacted value, whatever the spelling of its key', () => {
    for (const key of ['"private_key"', '"privateKey"', '"private\\u005fkey"']) {
      const text = secretsSection(key, 'S0VZ')
      const out = run(text)
      expect(out).not.toContain('S0VZ')
      expect(out).toBe(text.replace('"S0VZ"', JSON.stringify(REDACTED)))
    }
  })

  it('does the same walking a dump piece by piece', () => {
    const text = secretsSection('"private_key"', 'S0VZ')
    expect(run(text, 64)).toBe(run(text))
  })

  it('keeps only the last of duplicate keys, as every parser does, so an earlier one cannot hide a secret', () => {
    const text = secretsSection('"private_key"', 'S0VZ').replace('"private_key": {"inline_bytes": "S0VZ"}', '"private_key": {"inline_bytes": "S0VZ"}, "private_key": {}')
    for (const limit of [undefined, 64]) {
      const out = run(text, limit)
      expect(out).not.toContain('S0VZ')
      expect(JSON.parse(out).configs[0].dynamic_active_secrets[0].secret.tls_certificate.private_key).toEqual({})
    }
  })

  it('refuses nesting beyond what Envoy writes, whole or piece by piece', () => {
    const deep = `{"configs": [${'['.repeat(600)}{"private_key": {"inline_string": "x"}}${']'.repeat(600)}]}`
    expect(() => run(deep)).toThrow(NestingError)
    expect(() => run(deep, 64)).toThrow(NestingError)
  })

  it('finds a PEM private key in any string', () => {
    const text = '{"configs": [{"@type": "type.googleapis.com/vendor.Thing", "note": "-----BEGIN EC PRIVATE KEY-----\\nAAAA\\n-----END EC PRIVATE KEY-----"}]}'
    expect(run(text)).toBe(`{"configs": [{"@type": "type.googleapis.com/vendor.Thing", "note": ${JSON.stringify(REDACTED)}}]}`)
  })
})
