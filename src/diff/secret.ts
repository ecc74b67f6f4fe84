import type {X509Certificate} from 'node:crypto'

import {type Raw, isRaw, list, obj, str} from '../model/raw.js'
import {pemCertificates, rfc3339, serialHex, spiffeTrustDomain} from '../model/secret.js'

const SPIFFE_VALIDATOR = 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.SPIFFECertValidatorConfig'

/** What is compared of one certificate: who it is for and when it is valid, never its key. */
export interface CertificateFacts {
  serialNumber: string
  notBefore: string
  notAfter: string
  trustDomain?: string
  subjectAltNames?: string[]
}

/**
 * A secret as the diff sees it. Key material (private keys, session ticket keys,
 * generic secrets) is only noted as present; certificates are reduced to their facts,
 * so a re-issued certificate shows as a new serial and new dates.
 */
export interface SecretView {
  kinds: string[]
  /** tls_certificate.certificate_chain: leaf first, in chain order. */
  certificateChain?: CertificateFacts[]
  /** validation_context.trusted_ca: a set of roots. */
  trustedCa?: CertificateFacts[]
  /** SPIFFE validator: roots per trust domain. */
  trustDomains?: {name: string; trustedCa: CertificateFacts[]}[]
  /** Where certificates come from when they are not inline (files on the proxy). */
  files?: string[]
}

const KINDS = ['tls_certificate', 'session_ticket_keys', 'validation_context', 'generic_secret']

export function secretView(secret: Raw): SecretView {
  const view: SecretView = {kinds: KINDS.filter((k) => obj(secret, k) !== undefined)}
  const tls = obj(secret, 'tls_certificate')
  const validation = obj(secret, 'validation_context')
  const chain = obj(tls, 'certificate_chain')
  const trusted = obj(validation, 'trusted_ca')
  if (chain) view.certificateChain = dataSourceCertificates(chain)
  if (trusted) view.trustedCa = dataSourceCertificates(trusted)
  const spiffe = obj(obj(validation, 'custom_validator_config'), 'typed_config')
  if (spiffe && str(spiffe, '@type') === SPIFFE_VALIDATOR) {
    view.trustDomains = list(spiffe, 'trust_domains')
      .filter(isRaw)
      .map((d) => ({name: str(d, 'name'), trustedCa: dataSourceCertificates(obj(d, 'trust_bundle'))}))
  }
  const files = [chain, trusted].map((source) => str(source, 'filename')).filter((f) => f !== '')
  if (files.length > 0) view.files = files
  return view
}

/** Certificates of an inline DataSource (base64 bytes or a PEM string); a file reference has none here. */
function dataSourceCertificates(source: Raw | undefined): CertificateFacts[] {
  const base64 = str(source, 'inline_bytes')
  const pem = base64 !== '' ? Buffer.from(base64, 'base64').toString('latin1') : str(source, 'inline_string')
  return pemCertificates(pem).map(certificateFacts)
}

export function certificateFacts(cert: X509Certificate): CertificateFacts {
  const facts: CertificateFacts = {serialNumber: serialHex(cert), notBefore: rfc3339(new Date(cert.validFrom)), notAfter: rfc3339(new Date(cert.validTo))}
  const trustDomain = spiffeTrustDomain(cert)
  if (trustDomain !== '') facts.trustDomain = trustDomain
  const sans = (cert.subjectAltName ?? '').split(/,\s*/).filter((s) => s !== '')
  if (sans.length > 0) facts.subjectAltNames = sans
  return facts
}
