import type {SecretItem} from '../model/secret.js'
import type {SummaryOptions, Table} from './table.js'

export function secretTable(items: readonly SecretItem[], opts: SummaryOptions = {}): Table {
  // The trust domain column only appears when every item has one (SPIFFE federation setups).
  const withDomain = opts.wide || items.every((i) => i.trustDomain !== '')
  const header = ['RESOURCE NAME', 'TYPE', 'STATUS', 'VALID CERT', 'SERIAL NUMBER', 'NOT AFTER', 'NOT BEFORE']
  if (withDomain) header.push('TRUST DOMAIN')
  const rows = items.map((i) => {
    const row = [(opts.withTypeNames ? 'secret/' : '') + i.name, i.type, i.state, String(i.valid), i.serialNumber, i.notAfter, i.notBefore]
    if (withDomain) row.push(i.trustDomain || (opts.wide ? '-' : ''))
    return row
  })
  return {header, rows, padding: 5, statusColumns: [2]}
}
