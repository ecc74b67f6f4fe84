import type {EcdsFilter} from '../model/ecds.js'
import {statusLabel} from './status.js'
import type {SummaryOptions, Table} from './table.js'

export function ecdsTable(filters: readonly EcdsFilter[], opts: SummaryOptions = {}): Table {
  const header = ['ECDS NAME', 'TYPE']
  if (opts.wide) header.push('VERSION', 'LAST UPDATED', 'STATUS')
  const rows = filters.map((f) => {
    const row = [f.name, f.typeUrl.replace(/^type\.googleapis\.com\//, '')]
    if (opts.wide) row.push(f.version || '-', f.lastUpdated || '-', statusLabel(f.status))
    return row
  })
  return {header, rows, padding: 5, statusColumns: opts.wide ? [header.length - 1] : undefined}
}
