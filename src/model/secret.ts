import type {X509Certificate} from 'node:crypto'

import {crypto} from '../core/builtins.js'
import {type Raw, isRaw, list, obj, str} from './raw.js'
import {type ResourceStatus, entryStatus} from './status.js'

const SPIFFE_VALIDATOR = 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.SPIFFECertValidatorConfig'

/** Where a secret stands: istioctl lists active and warming ones; static ones come from the bootstrap. */
export type SecretState = 'ACTIVE' | 'WARMING' | 'STATIC'

/** What the secret table shows for one certificate (a secret, or one SPIFFE trust bundle of it). */
export interface SecretItem {
  name: string
  state: SecretState
  type: string
  /** Only a certificate inside its validity period is valid. */
  valid: boolean
  /** Milliseconds from `now` to NOT AFTER (negative once expired); undefined without a certificate. */
  expiresIn: number | undefined
  /** `now` is before NOT BEFORE. */
  notYetValid: boolean
  serialNumber: string
  notAfter: string
  notBefore: string
  trustDomain: string
}

/** Active and warming entries of a SecretsConfigDump, with Envoy's state. */
export interface SecretEntry {
  /** The dynamic secret's own name, which istioctl shows (not the inner Secret's). */
  name: string
  state: SecretState
  secret: Raw
  /** Version, update time, and a refused update (error_state) if Envoy kept one. */
  status: ResourceStatus
}

export function secretEntries(section: Raw | undefined): SecretEntry[] {
  const pick = (listName: string, state: SecretEntry['state']): SecretEntry[] =>
    list(section, listName)
      .map((e) => ({name: str(e, 'name'), state, secret: obj(e, 'secret') ?? {}, status: entryStatus(e, state === 'WARMING' ? 'warming' : 'active')}))
      .filter((e) => isRaw(e.secret))
  // istioctl lists warming secrets before active ones.
  return [...pick('dynamic_warming_secrets', 'WARMING'), ...pick('dynamic_active_secrets', 'ACTIVE')]
}

/** Secrets defined in the bootstrap, which istioctl does not list. */
export function staticSecretEntries(section: Raw | undefined): SecretEntry[] {
  return list(section, 'static_secrets').map((e) => ({name: str(e, 'name'), state: 'STATIC', secret: obj(e, 'secret') ?? {}, status: entryStatus(e, 'active', false)}))
}

/**
 * One item per secret; a SPIFFE validator without an inline CA yields one item per
 * trust domain, each with its own bundle.
 */
export function secretItems(entries: readonly SecretEntry[], now: Date): SecretItem[] {
  const items: SecretItem[] = []
  for (const {name, state, secret} of entries) {
    const validation = obj(secret, 'validation_context')
    const data = str(obj(obj(secret, 'tls_certificate'), 'certificate_chain'), 'inline_bytes') || str(obj(validation, 'trusted_ca'), 'inline_bytes')
    const domains = spiffeTrustDomains(validation)
    if (data === '' && domains) {
      // Trust bundles are listed under the inner Secret's name.
      for (const domain of domains) {
        items.push(describeCertificate(str(secret, 'name'), state, str(obj(domain, 'trust_bundle'), 'inline_bytes'), str(domain, 'name'), now))
      }
      continue
    }
    items.push(describeCertificate(name, state, data, '', now))
  }
  return items
}

function describeCertificate(name: string, state: SecretState, base64: string, trustDomain: string, now: Date): SecretItem {
  const item: SecretItem = {name, state, type: '', valid: false, expiresIn: undefined, notYetValid: false, serialNumber: '', notAfter: '', notBefore: '', trustDomain}
  const cert = firstCertificate(base64)
  if (!cert) return item
  const notBefore = new Date(cert.validFrom)
  const notAfter = new Date(cert.validTo)
  item.type = cert.ca ? 'CA' : 'Cert Chain'
  item.serialNumber = serialHex(cert)
  item.notAfter = rfc3339(notAfter)
  item.notBefore = rfc3339(notBefore)
  item.valid = now > notBefore && now < notAfter
  item.expiresIn = Number.isNaN(notAfter.getTime()) ? undefined : notAfter.getTime() - now.getTime()
  item.notYetValid = now < notBefore
  item.trustDomain = trustDomain || spiffeTrustDomain(cert)
  return item
}

/** Lower-case hex without leading zeros, padded to 32 digits, as istioctl prints serials. */
export function serialHex(cert: X509Certificate): string {
  return cert.serialNumber
    .toLowerCase()
    .replace(/^0+(?=.)/, '')
    .padStart(32, '0')
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/

/** The trust domains of Istio's SPIFFE validator (each with its `trust_bundle`), if the validation context uses it. */
export function spiffeTrustDomains(validation: Raw | undefined): Raw[] | undefined {
  const spiffe = obj(obj(validation, 'custom_validator_config'), 'typed_config')
  return spiffe && str(spiffe, '@type') === SPIFFE_VALIDATOR ? list(spiffe, 'trust_domains').filter(isRaw) : undefined
}

/** Every certificate of an inline DataSource (base64 bytes or a PEM string); a file reference has none here. */
export function inlineCertificates(source: Raw | undefined): X509Certificate[] {
  const base64 = str(source, 'inline_bytes')
  return pemCertificates(base64 !== '' ? Buffer.from(base64, 'base64').toString('latin1') : str(source, 'inline_string'))
}

/** Every certificate of a PEM bundle (a chain, a set of roots); blocks that do not parse are skipped. */
function pemCertificates(pem: string): X509Certificate[] {
  const out: X509Certificate[] = []
  for (const [block] of pem.matchAll(new RegExp(PEM_BLOCK.source, 'g'))) {
    try {
      out.push(new (crypto().X509Certificate)(block))
    } catch {
      // A damaged block says nothing about the others.
    }
  }
  return out
}

function firstCertificate(base64: string): X509Certificate | undefined {
  if (base64 === '') return undefined
  const pem = PEM_BLOCK.exec(Buffer.from(base64, 'base64').toString('latin1'))
  if (!pem) return undefined
  try {
    return new (crypto().X509Certificate)(pem[0])
  } catch {
    return undefined
  }
}

/** The host of the last `spiffe://` URI SAN, as Istio reads a workload's trust domain. */
export function spiffeTrustDomain(cert: X509Certificate): string {
  const uris = (cert.subjectAltName ?? '').split(/,\s*/).filter((s) => s.startsWith('URI:spiffe://'))
  const last = uris[uris.length - 1]
  if (!last) return ''
  return last.slice('URI:spiffe://'.length).split('/')[0]
}

export function rfc3339(d: Date): string {
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().replace(/\.\d{3}Z$/, 'Z')
}
