import {rfc3339, serialHex} from '../model/secret.js'
import {escapeUnsafe} from '../core/safe-text.js'
import {renderTable} from '../render/table.js'
import type {RootComparison, Trust} from './rootca.js'

/** A side as people name it: the pod (`productpage-v1-abc.default`) or the file path. */
function sideName(t: Trust): string {
  return escapeUnsafe(t.origin.replace(/^(pod|file) /, ''))
}

/** Every root of either side and who trusts it, then whose workload certificate the other accepts. */
export function rootcaReport(left: Trust, right: Trust, c: RootComparison): string {
  const mark = (trusted: boolean) => (trusted ? 'trusted' : 'missing')
  const rows = c.roots.map(({cert, left: l, right: r}) => [cert.subject.split('\n').join(', '), serialHex(cert), rfc3339(new Date(cert.validTo)), mark(l), mark(r)])
  const table = [...renderTable({header: ['ROOT CA', 'SERIAL NUMBER', 'NOT AFTER', sideName(left), sideName(right)], rows, padding: 3})].join('')
  const lines = [chainLine(right, left, c.leftTrustsRight), chainLine(left, right, c.rightTrustsLeft)]
  return `${table}\n${lines.map((l) => `${l}\n`).join('')}`
}

function chainLine(presenter: Trust, verifier: Trust, trusted: boolean | undefined): string {
  if (trusted === undefined) return `${sideName(presenter)} has no workload certificate to check`
  return `${sideName(presenter)}'s workload certificate ${trusted ? 'chains' : 'does not chain'} to a root ${sideName(verifier)} trusts`
}

/** The verdict: a line for the output when compatible, the error message when not. */
export function rootcaVerdict(left: Trust, right: Trust, c: RootComparison): string {
  const both = `[${sideName(left)}] and [${sideName(right)}]`
  if (c.compatible) return `${both} trust each other's certificates: connectivity between them is possible`
  const shared = c.roots.filter((r) => r.left && r.right).length
  const why =
    c.leftTrustsRight === undefined || c.rightTrustsLeft === undefined
      ? `neither trusts every root of the other (${shared} shared of ${c.roots.length})`
      : 'a workload certificate does not chain to a root its peer trusts'
  return `${both} do not trust each other's certificates: ${why}; connectivity between them is unavailable`
}
