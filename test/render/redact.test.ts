import {describe, expect, it} from 'vitest'

import {REDACTED, redactJsonBytes, redactSecrets} from '../../src/render/redact.js'

const secret = {
  name: 'default',
  tls_certificate: {
    certificate_chain: {inline_bytes: 'Q0VSVA=='},
    private_key: {inline_bytes: 'S0VZ'},
    password: {inline_string: 'hunter2'},
  },
  session_ticket_keys: {keys: [{inline_bytes: 'VElDS0VU'}, {filename: '/etc/keys/t'}]},
}

describe('secret redaction', () => {
  it('blanks inline key material under sensitive fields and keeps certificates', () => {
    const out = redactSecrets({secrets: [secret]}) as {secrets: (typeof secret)[]}
    const s = out.secrets[0]
    expect(s.tls_certificate.private_key.inline_bytes).toBe(REDACTED)
    expect(s.tls_certificate.password.inline_string).toBe(REDACTED)
    expect(s.session_ticket_keys.keys).toEqual([{inline_bytes: REDACTED}, {filename: '/etc/keys/t'}])
    expect(s.tls_certificate.certificate_chain.inline_bytes).toBe('Q0VSVA==')
    // The input is not modified.
    expect(secret.tls_certificate.private_key.inline_bytes).toBe('S0VZ')
  })

  it('leaves empty values empty, in parsed JSON and in raw bytes', () => {
    const empty = {private_key: {inline_bytes: ''}, password: {inlineString: ''}}
    expect(redactSecrets(empty)).toEqual(empty)
    const bytes = Buffer.from(JSON.stringify({configs: [empty]}))
    expect(redactJsonBytes(bytes)).toEqual([bytes])
  })

  it('handles camelCase proto JSON too', () => {
    expect(redactSecrets({privateKey: {inlineBytes: 'S0VZ'}})).toEqual({privateKey: {inlineBytes: REDACTED}})
  })

  it('rewrites only the sensitive values of raw dump bytes', () => {
    const text = `{"configs": [ {"a": "private_key", "b": ${JSON.stringify(secret, null, 1)}} ]}`
    const out = Buffer.concat(redactJsonBytes(Buffer.from(text))).toString()
    expect(out).not.toContain('S0VZ')
    expect(out).not.toContain('hunter2')
    expect(out).not.toContain('VElDS0VU')
    expect(out).toContain('Q0VSVA==')
    expect(out.startsWith('{"configs": [ {"a": "private_key", "b": {')).toBe(true)
    expect(JSON.parse(out).configs[0].b.tls_certificate.private_key).toEqual({inline_bytes: REDACTED})
  })

  it('passes a dump without key material through as the same buffer', () => {
    const bytes = Buffer.from('{"configs": []}')
    expect(redactJsonBytes(bytes)).toEqual([bytes])
  })
})
