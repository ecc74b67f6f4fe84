import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {secretEntries, secretItems, staticSecretEntries} from '../../src/model/secret.js'
import {projectRoot} from '../support/run-cli.js'

const rootCa = readFileSync(join(projectRoot, 'fixtures/certs/root-ca.pem')).toString('base64')
const now = new Date('2030-01-01T00:00:00Z')

describe('secret item names', () => {
  it('are named after the dynamic secret, not the Secret inside it', () => {
    const section = {
      dynamic_active_secrets: [
        {name: 'ROOTCA', secret: {name: 'root-inner', validation_context: {trusted_ca: {inline_bytes: rootCa}}}},
        {name: 'default', secret: {tls_certificate: {}}},
      ],
    }
    const items = secretItems(secretEntries(section), now)
    expect(items.map((i) => [i.name, i.type, i.valid])).toEqual([
      ['ROOTCA', 'CA', true],
      ['default', '', false],
    ])
  })

  it('keep the inner name for SPIFFE trust bundles', () => {
    const spiffe = {
      '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.SPIFFECertValidatorConfig',
      trust_domains: [{name: 'east.local', trust_bundle: {inline_bytes: rootCa}}],
    }
    const section = {dynamic_active_secrets: [{name: 'outer', secret: {name: 'ROOTCA', validation_context: {custom_validator_config: {typed_config: spiffe}}}}]}
    expect(secretItems(secretEntries(section), now).map((i) => [i.name, i.trustDomain])).toEqual([['ROOTCA', 'east.local']])
  })
})

/** A self-signed leaf (serial 0abc) for spiffe://example.org/ns/default/sa/web, valid 2026-11-30 to 2126-11-06. */
const CERT =
  'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJsVENDQVR1Z0F3SUJBZ0lDQ3J3d0NnWUlLb1pJemowRUF3SXdEekVOTUFzR0ExVUVDZ3dFZEdWemREQWcKRncweU5qRXhNekF4TURJek1qQmFHQTh5TVRJMk1URXdOakV3TWpNeU1Gb3dEekVOTUFzR0ExVUVDZ3dFZEdWegpkREJaTUJNR0J5cUdTTTQ5QWdFR0NDcUdTTTQ5QXdFSEEwSUFCSFJJWG0walhlb1AyWkYxOWFiNkEwR21MQ05vClZLRFJQZGozK0JoUGxWK0ZoM05nbWU1KzVPbmsyTEkzOGRJazB4eTczWFp2Um1EM0k1L29zVlZNamlTamdZUXcKZ1lFd0hRWURWUjBPQkJZRUZFV3hBWk1DSkJCaWlOOFEyZTdKZktYUThZbm9NQjhHQTFVZEl3UVlNQmFBRkVXeApBWk1DSkJCaWlOOFEyZTdKZktYUThZbm9NREVHQTFVZEVRUXFNQ2lHSm5Od2FXWm1aVG92TDJWNFlXMXdiR1V1CmIzSm5MMjV6TDJSbFptRjFiSFF2YzJFdmQyVmlNQXdHQTFVZEV3RUIvd1FDTUFBd0NnWUlLb1pJemowRUF3SUQKU0FBd1JRSWdQaWcwUkxQZzNVUTNEMHQ2emNMOTJmL2VXaGRFYkI2Ulg4TkxTbXplcWJnQ0lRRFBEck5aMk9Ubwp2N01zRUd4SnBSOUovK3A5QXRBajEvQVBNOUlBMlRsOTR3PT0KLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo='
const SPIFFE = 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.SPIFFECertValidatorConfig'
const DURING = new Date('2050-01-01T00:00:00Z')

describe('secret entries', () => {
  it('lists warming secrets before active ones, with their status', () => {
    const entries = secretEntries({
      dynamic_active_secrets: [{name: 'default', version_info: 'v1', last_updated: '2024-01-01T00:00:00Z', secret: {name: 'default'}}],
      dynamic_warming_secrets: [{name: 'ROOTCA', secret: {name: 'ROOTCA'}}],
      static_secrets: [{name: 'static', secret: {name: 'static'}}],
    })
    expect(entries.map((e) => [e.state, e.secret.name, e.status.state, e.status.versionInfo, e.status.lastUpdated])).toEqual([
      ['WARMING', 'ROOTCA', 'warming', '', ''],
      ['ACTIVE', 'default', 'active', 'v1', '2024-01-01T00:00:00Z'],
    ])
  })

  it('keeps a refused update of a secret', () => {
    const [entry] = secretEntries({dynamicActiveSecrets: [{name: 'default', errorState: {details: 'bad key'}, clientStatus: 'NACKED'}]})
    expect(entry.secret).toEqual({})
    expect(entry.status).toMatchObject({clientStatus: 'NACKED', error: {details: 'bad key'}})
  })
})

describe('secret items', () => {
  it('describes a certificate chain: serial, validity and SPIFFE trust domain', () => {
    const entries = secretEntries({dynamic_active_secrets: [{name: 'default', secret: {name: 'default', tls_certificate: {certificate_chain: {inline_bytes: CERT}}}}]})
    expect(secretItems(entries, DURING)).toEqual([
      {
        name: 'default',
        state: 'ACTIVE',
        type: 'Cert Chain',
        valid: true,
        expiresIn: Date.parse('2126-11-06T10:23:20Z') - DURING.getTime(),
        notYetValid: false,
        serialNumber: '00000000000000000000000000000abc',
        notAfter: '2126-11-06T10:23:20Z',
        notBefore: '2026-11-30T10:23:20Z',
        trustDomain: 'example.org',
      },
    ])
    expect(secretItems(entries, new Date('2020-01-01T00:00:00Z'))[0]).toMatchObject({valid: false, notYetValid: true})
    expect(secretItems(entries, new Date('2127-01-01T00:00:00Z'))[0]).toMatchObject({valid: false, notYetValid: false})
    expect(secretItems(entries, new Date('2127-01-01T00:00:00Z'))[0].expiresIn).toBeLessThan(0)
  })

  it('lists static secrets apart, as istioctl does not show them', () => {
    const section = {static_secrets: [{name: 'legacy', secret: {name: 'legacy', tls_certificate: {certificate_chain: {inline_bytes: CERT}}}}]}
    expect(secretEntries(section)).toEqual([])
    const [entry] = staticSecretEntries(section)
    expect(entry).toMatchObject({name: 'legacy', state: 'STATIC', status: {dynamic: false}})
    expect(secretItems([entry], DURING)[0]).toMatchObject({state: 'STATIC', valid: true})
  })

  it('gives one item per SPIFFE trust domain, and empty facts for unreadable data', () => {
    const entries = secretEntries({
      dynamic_active_secrets: [
        {
          name: 'ROOTCA',
          secret: {
            name: 'ROOTCA',
            validation_context: {
              custom_validator_config: {
                typed_config: {
                  '@type': SPIFFE,
                  trust_domains: [
                    {name: 'a.org', trust_bundle: {inline_bytes: CERT}},
                    {name: 'b.org', trust_bundle: {inline_bytes: 'bm90IGEgY2VydA=='}},
                  ],
                },
              },
            },
          },
        },
        {name: 'empty', secret: {name: 'empty'}},
      ],
    })
    const items = secretItems(entries, DURING)
    expect(items.map((i) => [i.name, i.trustDomain, i.type, i.valid])).toEqual([
      ['ROOTCA', 'a.org', 'Cert Chain', true],
      ['ROOTCA', 'b.org', '', false],
      ['empty', '', '', false],
    ])
  })
})
