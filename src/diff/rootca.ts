import type {X509Certificate} from 'node:crypto'

import {UserError} from '../core/errors.js'
import type {ConfigDump} from '../dump/configdump.js'
import {type Raw, obj, str} from '../model/raw.js'
import {inlineCertificates, secretEntries, spiffeTrustDomains} from '../model/secret.js'

/** What one proxy trusts (its ROOTCA) and what it presents (its workload certificate chain, if any). */
export interface Trust {
  /** `pod productpage-v1-abc.default`, `file a.json`. */
  origin: string
  roots: X509Certificate[]
  /** The `default` secret's chain, leaf first; empty when the dump has none. */
  chain: X509Certificate[]
}

export function readTrust(dump: ConfigDump): Trust {
  const active = secretEntries(dump.section('secrets') ?? {})
    .filter((e) => e.state === 'ACTIVE')
    .map((e) => e.secret)
  const rootca = active.find((s) => str(s, 'name') === 'ROOTCA')
  if (!rootca) throw new UserError(`${dump.origin}: no active ROOTCA secret`)
  const roots = validationRoots(obj(rootca, 'validation_context'))
  if (roots.length === 0) throw new UserError(`${dump.origin}: secret ROOTCA holds no certificate that can be read`)
  const workload = active.find((s) => str(s, 'name') === 'default')
  return {origin: dump.origin, roots: unique(roots), chain: inlineCertificates(obj(obj(workload, 'tls_certificate'), 'certificate_chain'))}
}

/** trusted_ca, or every trust domain's bundle when Istio uses the SPIFFE validator. */
function validationRoots(validation: Raw | undefined): X509Certificate[] {
  const bundles = spiffeTrustDomains(validation) ?? []
  return [...inlineCertificates(obj(validation, 'trusted_ca')), ...bundles.flatMap((d) => inlineCertificates(obj(d, 'trust_bundle')))]
}

function unique(certs: readonly X509Certificate[]): X509Certificate[] {
  const seen = new Set<string>()
  return certs.filter((c) => !seen.has(c.fingerprint256) && seen.add(c.fingerprint256))
}

export interface RootComparison {
  /** Every root of either side, each with who trusts it. */
  roots: {cert: X509Certificate; left: boolean; right: boolean}[]
  /** Whether one side's roots are all trusted by the other (either way round). */
  nested: boolean
  /** Whether each side's workload chain leads to a root the other side trusts; undefined without a chain. */
  leftTrustsRight: boolean | undefined
  rightTrustsLeft: boolean | undefined
  compatible: boolean
}

/**
 * Whether two proxies can establish mTLS as far as their certificates go. During a
 * root rotation a proxy trusts the old and the new root while its peers may still
 * trust only the old one, so equal root sets are the wrong test. When both
 * workload chains are known, the answer is whether each chain leads to a root the
 * peer trusts, which is what the TLS handshake checks; otherwise one side's roots
 * must include the other's.
 */
export function compareRoots(left: Trust, right: Trust): RootComparison {
  const has = (trust: Trust, cert: X509Certificate) => trust.roots.some((r) => r.fingerprint256 === cert.fingerprint256)
  const roots = unique([...left.roots, ...right.roots]).map((cert) => ({cert, left: has(left, cert), right: has(right, cert)}))
  const nested = roots.every((r) => r.left) || roots.every((r) => r.right)
  const leftTrustsRight = right.chain.length > 0 ? chainsTo(right.chain, left.roots) : undefined
  const rightTrustsLeft = left.chain.length > 0 ? chainsTo(left.chain, right.roots) : undefined
  const compatible = leftTrustsRight !== undefined && rightTrustsLeft !== undefined ? leftTrustsRight && rightTrustsLeft : nested
  return {roots, nested, leftTrustsRight, rightTrustsLeft, compatible}
}

/** Each certificate signed by the next, and the last one a trusted root or signed by one. Dates are not checked. */
export function chainsTo(chain: readonly X509Certificate[], roots: readonly X509Certificate[]): boolean {
  for (let i = 0; i + 1 < chain.length; i++) {
    if (!signedBy(chain[i], chain[i + 1])) return false
  }
  const last = chain[chain.length - 1]
  return roots.some((root) => root.fingerprint256 === last.fingerprint256 || signedBy(last, root))
}

function signedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey)
  } catch {
    return false
  }
}
