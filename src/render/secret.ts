import type {SecretItem} from '../model/secret.js'
import type {SummaryOptions} from './cluster.js'
import {tabwrite} from './tabwriter.js'

export function secretTable(items: readonly SecretItem[], opts: SummaryOptions = {}): string {
  if (items.length === 0) return 'No secret items to show.\n'
  // The trust domain column only appears when every item has one (SPIFFE federation setups).
  const withDomain = items.every((i) => i.trustDomain !== '')
  const header = ['RESOURCE NAME', 'TYPE', 'STATUS', 'VALID CERT', 'SERIAL NUMBER', 'NOT AFTER', 'NOT BEFORE']
  if (withDomain) header.push('TRUST DOMAIN')
  const rows = items.map((i) => {
    const row = [(opts.withTypeNames ? 'secret/' : '') + i.name, i.type, i.state, String(i.valid), i.serialNumber, i.notAfter, i.notBefore]
    if (withDomain) row.push(i.trustDomain)
    return row
  })
  return tabwrite([header, ...rows], 5)
}
