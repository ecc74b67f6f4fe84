import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {secretEntries, secretItems} from '../../src/model/secret.js'
import {projectRoot} from '../support/run-cli.js'

const rootCa = readFileSync(join(projectRoot, 'fixtures/certs/root-ca.pem')).toString('base64')
const now = new Date('2030-01-01T00:00:00Z')

describe('secret items', () => {
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
