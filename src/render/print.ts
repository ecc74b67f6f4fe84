import {ExitCode, UserError} from '../core/errors.js'
import {cmp} from '../core/gosort.js'
import {escapeUnsafe} from '../core/safe-text.js'
import {redact} from '../proto/redact.js'
import type {Listing, ListingOptions} from './listing.js'
import type {Chunks, CombinedPrinter, JsonDocument, PreparedListing, Printer} from './printers/printer.js'
import {protoConverter} from './proto-json.js'

/**
 * A listing through a printer: items in --sort-by order (else table order for a
 * table printer), each item's JSON converted to proto JSON and redacted only when
 * something reads it, and a listing that istioctl prints as one message printed as
 * that document.
 */
export async function renderListing<T>(l: Listing<T>, printer: Printer, opts: ListingOptions = {}): Promise<Chunks> {
  const ready = await prepare(l, printer, opts)
  return 'document' in ready ? printer.document!(ready.document) : printer.list(ready.prepared, opts)
}

/** One pod's listing into combined output for many pods, prepared as `renderListing` prepares it. */
export async function renderPodListing<T>(pod: string, l: Listing<T>, printer: Printer, combined: CombinedPrinter, opts: ListingOptions = {}): Promise<Chunks> {
  const ready = await prepare(l, printer, opts)
  return 'document' in ready ? combined.document!(pod, ready.document) : combined.list(pod, ready.prepared, opts)
}

async function prepare<T>(l: Listing<T>, printer: Printer, opts: ListingOptions): Promise<{prepared: PreparedListing<T>} | {document: JsonDocument}> {
  const toJson = opts.sortBy || printer.document ? await protoConverter(l.typeName) : undefined
  const guard = (v: unknown, typeName: string): unknown => (opts.showSecrets ? v : redact(v, typeName))
  const json = (item: T): unknown => guard(toJson!(l.raw(item)), l.typeName)
  let items = l.items
  if (opts.sortBy) items = await sortItems(items, json, opts.sortBy)
  else if (l.tableOrder && printer.table) items = l.tableOrder(items)
  if (printer.document && l.message) {
    const {typeName, raw} = l.message
    const message = guard((await protoConverter(typeName))(raw()), typeName)
    return {document: {value: () => message}}
  }
  return {prepared: {listing: l, items, json}}
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
    throw new UserError(`--sort-by "${escapeUnsafe(expr)}": ${(error as Error).message}`, ExitCode.usage)
  }
  // As kubectl: a field no item has is a mistake; one that some items lack sorts them last.
  if (items.length > 0 && keys.every((k) => k === undefined)) {
    throw new UserError(`couldn't find any field with path "${escapeUnsafe(`{${path}}`)}" in the list of objects`)
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
