import {execFileSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {type Dump, copy, loadDump, secret, section} from './dump-variants.js'
import {projectRoot} from './run-cli.js'

/**
 * A mesh in the middle of a root rotation, made with OpenSSL: the old root, the new
 * root, an intermediate under the new root, and workload certificates under each.
 */
export interface Pki {
  oldRoot: string
  newRoot: string
  intermediate: string
  oldLeaf: string
  newLeaf: string
}

export function makePki(dir: string): Pki {
  const file = (name: string) => path.join(dir, name)
  const run = (...args: string[]) => execFileSync('openssl', args, {stdio: 'pipe'})
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  const root = (name: string) => run('req', '-x509', ...key, '-keyout', file(`${name}.key`), '-out', file(`${name}.pem`), '-days', '30', '-subj', `/O=cluster.local/CN=${name}`)
  writeFileSync(file('ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n')
  writeFileSync(file('leaf.ext'), 'subjectAltName=URI:spiffe://cluster.local/ns/default/sa/productpage\nbasicConstraints=CA:FALSE\n')
  const issue = (name: string, issuer: string, ext: string) => {
    run('req', ...key, '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`), '-subj', `/O=cluster.local/CN=${name}`)
    run(
      'x509',
      '-req',
      '-in',
      file(`${name}.csr`),
      '-CA',
      file(`${issuer}.pem`),
      '-CAkey',
      file(`${issuer}.key`),
      '-CAcreateserial',
      '-out',
      file(`${name}.pem`),
      '-days',
      '1',
      '-extfile',
      file(ext),
    )
  }
  root('old-root')
  root('new-root')
  issue('intermediate', 'new-root', 'ca.ext')
  issue('old-leaf', 'old-root', 'leaf.ext')
  issue('new-leaf', 'intermediate', 'leaf.ext')
  const read = (name: string) => readFileSync(file(`${name}.pem`), 'utf8')
  return {oldRoot: read('old-root'), newRoot: read('new-root'), intermediate: read('intermediate'), oldLeaf: read('old-leaf'), newLeaf: read('new-leaf')}
}

const sidecar = loadDump(path.join(projectRoot, 'fixtures/bookinfo-productpage.json'))
const base64 = (...pems: string[]) => Buffer.from(pems.join('')).toString('base64')

/** The bundled sidecar dump with these roots in ROOTCA and this chain in `default` (none: no workload certificate). */
export function proxyWith(roots: string[], chain: string[]): Dump {
  const d = copy(sidecar)
  secret(d, 'ROOTCA').validation_context.trusted_ca.inline_bytes = base64(...roots)
  if (chain.length > 0) secret(d, 'default').tls_certificate.certificate_chain.inline_bytes = base64(...chain)
  else section(d, 'Secrets').dynamic_active_secrets = section(d, 'Secrets').dynamic_active_secrets.filter((s: {name: string}) => s.name !== 'default')
  return d
}
