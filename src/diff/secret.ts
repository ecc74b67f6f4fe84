import type {X509Certificate} from 'node:crypto'

import {type Raw, obj, str} from '../model/raw.js'
import {inlineCertificates, rfc3339, serialHex, spiffeTrustDomain, spiffeTrustDomains} from '../model/secret.js'

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
  if (chain) view.certificateChain = certificateList(chain)
  if (trusted) view.trustedCa = certificateList(trusted)
  const domains = spiffeTrustDomains(validation)
  if (domains) view.trustDomains = domains.map((d) => ({name: str(d, 'name'), trustedCa: certificateList(obj(d, 'trust_bundle'))}))
  const files = [chain, trusted].map((source) => str(source, 'filename')).filter((f) => f !== '')
  if (files.length > 0) view.files = files
  return view
}

function certificateList(source: Raw | undefined): CertificateFacts[] {
  return inlineCertificates(source).map(certificateFacts)
}

export function certificateFacts(cert: X509Certificate): CertificateFacts {
  const facts: CertificateFacts = {serialNumber: serialHex(cert), notBefore: rfc3339(new Date(cert.validFrom)), notAfter: rfc3339(new Date(cert.validTo))}
  const trustDomain = spiffeTrustDomain(cert)
  if (trustDomain !== '') facts.trustDomain = trustDomain
  const sans = (cert.subjectAltName ?? '').split(/,\s*/).filter((s) => s !== '')
  if (sans.length > 0) facts.subjectAltNames = sans
  return facts
}
