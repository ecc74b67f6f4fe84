import {readFileSync} from 'node:fs'

import type {SecretEntry, SecretsConfigDump} from './envoy.js'
import type {Mesh} from './mesh.js'
import {sectionType, TYPE} from './type-urls.js'

/** PEM chains from fixtures/certs (see fixtures/README.md), base64 as in `inline_bytes`. */
export interface Certs {
  root: string
  productpage: string
  ingressgateway: string
  bookinfo: string
  legacy: string
}

export function loadCerts(): Certs {
  const read = (name: string): string => readFileSync(new URL(`../../fixtures/certs/${name}.pem`, import.meta.url), 'utf8')
  const b64 = (...names: string[]): string => Buffer.from(names.map(read).join('')).toString('base64')
  return {
    root: b64('root-ca'),
    productpage: b64('workload-productpage', 'root-ca'),
    ingressgateway: b64('workload-ingressgateway', 'root-ca'),
    bookinfo: b64('gateway-bookinfo'),
    legacy: b64('expired-legacy'),
  }
}

// Envoy prints private keys as "[redacted]".
const REDACTED = {inline_bytes: Buffer.from('[redacted]').toString('base64')}

export function secretsDump(mesh: Mesh): SecretsConfigDump {
  const {certs, clock} = mesh
  const tlsSecret = (name: string, chain: string): SecretEntry => ({
    name,
    version_info: clock.version,
    last_updated: clock.at(1_204),
    secret: {'@type': TYPE.secret, name, tls_certificate: {certificate_chain: {inline_bytes: chain}, private_key: REDACTED}},
  })
  const gateway = mesh.profile === 'gateway'
  const active = [
    tlsSecret('default', gateway ? certs.ingressgateway : certs.productpage),
    {
      name: 'ROOTCA',
      version_info: clock.version,
      last_updated: clock.at(1_187),
      secret: {'@type': TYPE.secret, name: 'ROOTCA', validation_context: {trusted_ca: {inline_bytes: certs.root}}},
    },
  ]
  if (gateway) active.push(tlsSecret('kubernetes://bookinfo-credential', certs.bookinfo), tlsSecret('kubernetes://legacy-shop-credential', certs.legacy))
  const warmingName = gateway ? 'kubernetes://bookinfo-credential-cacert' : 'kubernetes://payments-client-credential'
  const warming = [{name: warmingName, version_info: 'uninitialized', last_updated: clock.at(1_530), secret: {'@type': TYPE.secret, name: warmingName}}]
  return {'@type': sectionType('secrets'), dynamic_active_secrets: active, dynamic_warming_secrets: warming}
}
