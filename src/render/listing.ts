import {ExitCode, UserError} from '../cli/errors.js'
import {cmp} from '../model/istio.js'
import {type Chunks, type OutputFormat, isStructured, protoConverter, structured, structuredList} from './output.js'
import {redact} from '../proto/redact.js'
import {escapeUnsafe} from './safe-text.js'
import {type Table, type TableOptions, renderTable} from './table.js'

/**
 * What a listing command shows, independent of the output format: its items in
 * istioctl's order, how each becomes proto JSON, a name, and a table.
 */
export interface Listing<T> {
  /** `-o name` prefix, as kubectl writes `<kind>/<name>`. */
  kind: string
  items: readonly T[]
  /** Proto message of one item, for JSON, YAML, JSONPath and --sort-by; '' when `raw` is already plain JSON. */
  typeName: string
  raw(item: T): unknown
  names(items: readonly T[]): string[]
  table(items: readonly T[], wide: boolean): Table
  /** Table order when it differs from the JSON order (istioctl sorts listener rows, not listener JSON). */
  tableOrder?(items: readonly T[]): readonly T[]
  /** Replaces the per-item JSON when istioctl prints one message instead (secrets, ECDS): its type and its raw JSON. */
  message?: {typeName: string; raw: () => unknown}
  /** Said on stderr when filters left nothing ("no clusters match --fqdn x; 27 clusters in the dump"). */
  emptyNote?: string
  /** What a table prints instead of an empty one (istioctl's "No secret items to show."). */
  emptyTable?: string
}

export interface ListingOptions extends TableOptions {
  /** Print credentials found in the dump instead of `[redacted]`. */
  showSecrets?: boolean
  /** kubectl's --sort-by: a JSONPath expression evaluated on each item's JSON. */
  sortBy?: string
}

export async function renderListing<T>(l: Listing<T>, format: OutputFormat, opts: ListingOptions = {}): Promise<Chunks> {
  const toJson = opts.sortBy || isStructured(format) ? await protoConverter(l.typeName) : undefined
  const guard = (v: unknown, typeName: string): unknown => (opts.showSecrets ? v : redact(v, typeName))
  const json = (item: T): unknown => guard(toJson!(l.raw(item)), l.typeName)
  let items = l.items
  if (opts.sortBy) items = await sortItems(items, json, opts.sortBy)
  else if (l.tableOrder && (format === 'short' || format === 'wide')) items = l.tableOrder(items)
  if (format === 'short' || format === 'wide') {
    if (items.length === 0 && l.emptyTable !== undefined) return [l.emptyTable]
    return renderTable(l.table(items, format === 'wide'), opts)
  }
  if (format === 'name') return l.names(items).map((n) => `${l.kind}/${escapeUnsafe(n)}\n`)
  if (l.message) {
    const {typeName, raw} = l.message
    return [await structured(guard((await protoConverter(typeName))(raw()), typeName), format)]
  }
  return structuredList(items, json, format)
}

/** Items in --sort-by order: each item's JSON is built for its key and dropped again. */
async function sortItems<T>(items: readonly T[], json: (item: T) => unknown, expr: string): Promise<T[]> {
  const {JSONPath} = await import('jsonpath-plus')
  const path = expr.replace(/^\{(.*)\}$/, '$1').trim()
  const full = path.startsWith('$') ? path : `$${path.startsWith('.') || path.startsWith('[') ? '' : '.'}${path}`
  let keys: unknown[]
  try {
    keys = items.map((item) => (JSONPath({path: full, json: json(item) as object, wrap: true}) as unknown[])[0])
  } catch (error) {
    throw new UserError(`--sort-by "${expr}": ${(error as Error).message}`, ExitCode.usage)
  }
  const order = items.map((_, i) => i).sort((a, b) => compareKeys(keys[a], keys[b]))
  return order.map((i) => items[i])
}

/** Missing keys last; numbers, int64 strings and proto durations ("1.5s") by value; the rest by text. */
function numeric(v: unknown): number | undefined {
  if (typeof v === 'number') return v
  if (typeof v !== 'string') return undefined
  const m = /^(-?\d+(?:\.\d+)?)(s?)$/.exec(v.trim())
  return m ? Number(m[1]) : undefined
}

function compareKeys(a: unknown, b: unknown): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1
  const na = numeric(a)
  const nb = numeric(b)
  if (na !== undefined && nb !== undefined) return na - nb
  return cmp(typeof a === 'string' ? a : JSON.stringify(a), typeof b === 'string' ? b : JSON.stringify(b))
}
