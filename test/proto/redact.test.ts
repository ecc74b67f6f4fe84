import {describe, expect, it} from 'vitest'

import {REDACTED, redact} from '../../src/proto/redact.js'

const TLS_SECRET = 'envoy.extensions.transport_sockets.tls.v3.Secret'

const secret = {
  name: 'default',
  tls_certificate: {
    certificate_chain: {inline_bytes: 'Q0VSVA=='},
    private_key: {inline_bytes: 'S0VZ'},
    password: {inline_string: 'hunter2'},
  },
  session_ticket_keys: {keys: [{inline_bytes: 'VElDS0VU'}, {filename: '/etc/keys/t'}]},
}

const PEM_KEY = '-----BEGIN RSA PRIVATE KEY-----\nTUlJRXBBSUJBQUtDQVFFQTBa\n-----END RSA PRIVATE KEY-----\n'
const PEM_CERT = '-----BEGIN CERTIFICATE-----\nTUlJQ2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n'

describe('redact, typed by the schema', () => {
  it("hides the fields Envoy marks sensitive and keeps certificates and a DataSource's location", () => {
    const out = redact(secret, TLS_SECRET) as typeof secret
    expect(out.tls_certificate.private_key.inline_bytes).toBe(REDACTED)
    expect(out.tls_certificate.password.inline_string).toBe(REDACTED)
    expect(out.session_ticket_keys.keys).toEqual([{inline_bytes: REDACTED}, {filename: '/etc/keys/t'}])
    expect(out.tls_certificate.certificate_chain.inline_bytes).toBe('Q0VSVA==')
    // The input is not modified, and what did not change is shared.
    expect(secret.tls_certificate.private_key.inline_bytes).toBe('S0VZ')
    expect(out.tls_certificate.certificate_chain).toBe(secret.tls_certificate.certificate_chain)
  })

  it('accepts camelCase and v2 names', () => {
    expect(redact({privateKey: {inlineBytes: 'S0VZ'}}, 'envoy.extensions.transport_sockets.tls.v3.TlsCertificate')).toEqual({privateKey: {inlineBytes: REDACTED}})
    expect(redact({private_key: {inline_string: 'k'}}, 'envoy.api.v2.auth.TlsCertificate')).toEqual({private_key: {inline_string: REDACTED}})
  })

  it('leaves empty values and values Envoy already redacted as they are', () => {
    const cert = {private_key: {inline_bytes: ''}, password: {inline_bytes: 'W3JlZGFjdGVkXQ=='}}
    expect(redact(cert, 'envoy.extensions.transport_sockets.tls.v3.TlsCertificate')).toBe(cert)
  })

  it('follows Any and TypedStruct at any depth', () => {
    const redis = {'@type': 'type.googleapis.com/envoy.extensions.filters.network.redis_proxy.v3.RedisProxy', downstream_auth_password: {inline_string: 's3cret'}}
    const listener = {filter_chains: [{filters: [{name: 'redis', typed_config: redis}]}]}
    expect(JSON.stringify(redact(listener, 'envoy.config.listener.v3.Listener'))).not.toContain('s3cret')
    const typedStruct = {
      '@type': 'type.googleapis.com/udpa.type.v1.TypedStruct',
      type_url: 'type.googleapis.com/envoy.extensions.filters.http.basic_auth.v3.BasicAuth',
      value: {users: {inline_string: 'user1:{SHA}hash'}},
    }
    expect(redact({typed_config: typedStruct}, 'envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter')).toEqual({
      typed_config: {...typedStruct, value: {users: {inline_string: REDACTED}}},
    })
  })

  it('hides the whole config under a sensitive Any', () => {
    const provider = {provider_name: 'cryptomb', typed_config: {'@type': 'type.googleapis.com/some.Unknown', key: 'k'}}
    expect(redact(provider, 'envoy.extensions.transport_sockets.tls.v3.PrivateKeyProvider')).toEqual({
      provider_name: 'cryptomb',
      typed_config: {'@type': 'type.googleapis.com/some.Unknown', key: REDACTED},
    })
  })

  it('hides credentials the API does not mark: call credentials and credential headers', () => {
    const grpc = {
      google_grpc: {
        target_uri: 'authz:9000',
        call_credentials: [{access_token: 'tok1'}, {service_account_jwt_access: {json_key: '{"k":1}'}}, {google_refresh_token: 'tok2'}],
      },
      initial_metadata: [
        {key: 'Authorization', value: 'Bearer tok3'},
        {key: 'x-request-source', value: 'mesh'},
      ],
    }
    const out = redact(grpc, 'envoy.config.core.v3.GrpcService') as typeof grpc
    expect(JSON.stringify(out)).not.toMatch(/tok1|tok2|tok3|"k":1/)
    expect(out.initial_metadata[1]).toBe(grpc.initial_metadata[1])
    expect(out.google_grpc.target_uri).toBe('authz:9000')
    const route = {request_headers_to_add: [{header: {key: 'cookie', raw_value: 'c2Vzc2lvbj0x'}}]}
    expect(redact(route, 'envoy.config.route.v3.RouteConfiguration')).toEqual({request_headers_to_add: [{header: {key: 'cookie', raw_value: REDACTED}}]})
  })

  it('cuts PEM private keys out of any string, base64-encoded ones too, and keeps the certificates around them', () => {
    const chain = PEM_CERT + PEM_KEY
    expect(redact({name: chain})).toEqual({name: `${PEM_CERT}${REDACTED}\n`})
    const encoded = Buffer.from(chain).toString('base64')
    const out = redact({certificate_chain: {inline_bytes: encoded}}, 'envoy.extensions.transport_sockets.tls.v3.TlsCertificate') as {certificate_chain: {inline_bytes: string}}
    expect(Buffer.from(out.certificate_chain.inline_bytes, 'base64').toString()).toBe(`${PEM_CERT}${REDACTED}\n`)
    expect(redact({v: '-----BEGIN PRIVATE KEY-----\nMIIE cut off'})).toEqual({v: REDACTED})
  })

  it('uses credential names in JSON of no known type', () => {
    const unknown = {'@type': 'type.googleapis.com/vendor.Filter', nested: {privateKey: 'k', secret_access_key: 'a', note: 'kept'}}
    expect(redact({typed_config: unknown}, 'envoy.config.listener.v3.Filter')).toEqual({
      typed_config: {'@type': 'type.googleapis.com/vendor.Filter', nested: {privateKey: REDACTED, secret_access_key: REDACTED, note: 'kept'}},
    })
  })

  it('hides what lies deeper than it follows instead of printing it unchecked', () => {
    let deep: unknown = {private_key: {inline_string: 'deep-secret'}}
    for (let i = 0; i < 1500; i++) deep = {nested: deep}
    expect(JSON.stringify(redact(deep))).not.toContain('deep-secret')
  })

  it('keeps a "__proto__" key from the data as a key', () => {
    const value = JSON.parse('{"__proto__": {"password": "p"}}') as Record<string, unknown>
    const out = redact(value) as Record<string, unknown>
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({password: REDACTED})
  })
})
