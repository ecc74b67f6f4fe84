import type {SecretItem} from '../model/secret.js'
import type {Colour} from './colour.js'
import type {SummaryOptions, Table} from './table.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const YEAR = 365 * DAY

export function secretTable(items: readonly SecretItem[], opts: SummaryOptions = {}): Table {
  // The trust domain column only appears when every item has one (SPIFFE federation setups).
  const withDomain = opts.wide || items.every((i) => i.trustDomain !== '')
  const header = ['RESOURCE NAME', 'TYPE', 'STATUS', 'VALID CERT', 'SERIAL NUMBER', 'NOT AFTER', 'NOT BEFORE']
  if (withDomain) header.push('TRUST DOMAIN')
  if (opts.wide) header.push('EXPIRES')
  const rows = items.map((i) => {
    const row = [(opts.withTypeNames ? 'secret/' : '') + i.name, i.type, i.state, String(i.valid), i.serialNumber, i.notAfter, i.notBefore]
    if (withDomain) row.push(i.trustDomain || (opts.wide ? '-' : ''))
    if (opts.wide) row.push(timeLeft(i))
    return row
  })
  const expires = header.length - 1
  return {
    header,
    rows,
    padding: 5,
    statusColumns: [2],
    cellColour: opts.wide ? (r, c) => (c === expires ? expiryColour(items[r]) : undefined) : undefined,
  }
}

/** "in 23h", "expired 3d ago"; without a certificate, why there is none. */
export function timeLeft(i: SecretItem): string {
  if (i.expiresIn === undefined) return i.state === 'WARMING' ? 'no certificate yet' : 'no certificate'
  if (i.expiresIn <= 0) return `expired ${span(-i.expiresIn)} ago`
  return i.notYetValid ? `not yet valid; ends in ${span(i.expiresIn)}` : `in ${span(i.expiresIn)}`
}

/** Whole minutes under an hour, hours under two days, days under two years, then years. */
function span(ms: number): string {
  if (ms < HOUR) return `${Math.floor(ms / 60_000)}m`
  if (ms < 2 * DAY) return `${Math.floor(ms / HOUR)}h`
  if (ms < 2 * YEAR) return `${Math.floor(ms / DAY)}d`
  return `${Math.floor(ms / YEAR)}y`
}

/** Red once expired, yellow within a day of it. */
function expiryColour(i: SecretItem): Colour | undefined {
  if (i.expiresIn === undefined) return undefined
  if (i.expiresIn <= 0) return 'red'
  return i.expiresIn < DAY ? 'yellow' : undefined
}
