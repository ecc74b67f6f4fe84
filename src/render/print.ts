import {ExitCode, UserError} from '../core/errors.js'
import {cmp} from '../core/gosort.js'
import {escapeUnsafe} from '../core/safe-text.js'
import {redact} from '../proto/redact.js'
import type {Listing, ListingOptions, RowListing} from './listing.js'
import type {Chunks, CombinedPrinter, JsonDocument, PreparedListing, Printer} from './printers/printer.js'
import {jsonPieces} from './json-pieces.js'
import {protoConverter} from './proto-json.js'

/**
 * A listing through a printer: items in --sort-by order (else table order for a
 * table printer), each item's JSON converted to proto JSON and redacted only when
 * something reads it, and a listing that istioctl prints as one message printed as
 * that document. Every format but the short table adds the hidden resources, after
 * the items, each with its own JSON.
 */
export async function renderListing<T, R>(l: Listing<T, R>, printer: Printer, opts: ListingOptions = {}): Promise<Chunks> {
  if (opts.sortBy && l.rows && !printer.document) return renderRows(l, l.rows, printer, opts, opts.sortBy)
  const ready = await prepare(l, printer, opts)
  return 'document' in ready ? printer.document!(ready.document) : printer.list(ready.prepared, opts)
}

/** One pod's listing into combined output for many pods, prepared as `renderListing` prepares it. */
export async function renderPodListing<T, R>(pod: string, l: Listing<T, R>, printer: Printer, combined: CombinedPrinter, opts: ListingOptions = {}): Promise<Chunks> {
  const ready = await prepare(l, printer, opts)
  return 'document' in ready ? combined.document!(pod, ready.document) : combined.list(pod, ready.prepared, opts)
}

/**
 * Items in --sort-by order (else table order for a table printer), with the hidden
 * resources after them in every format but the short table, each item's JSON made
 * only when something reads it; or the one document istioctl prints instead.
 */
async function prepare<T, R>(l: Listing<T, R>, printer: Printer, opts: ListingOptions): Promise<{prepared: PreparedListing<T>} | {document: JsonDocument}> {
  const needsJson = Boolean(opts.sortBy || printer.document)
  const toJson = needsJson ? await protoConverter(l.typeName) : undefined
  const hidden = l.hidden && l.hidden.items.length > 0 && printer.table?.wide !== false ? l.hidden : undefined
  const hiddenJson = hidden && needsJson ? await protoConverter(hidden.typeName) : undefined
  const hiddenItems = new Set(printer.document ? hidden?.items.filter((i) => hidden.documented(i)) : hidden?.items)
  const guard = (v: unknown, typeName: string): unknown => (opts.showSecrets ? v : redact(v, typeName))
  const json = (item: T): unknown => (hiddenItems.has(item) ? guard(hiddenJson!(hidden!.raw(item)), hidden!.typeName) : guard(toJson!(l.raw(item)), l.typeName))
  const jsonText = (item: T, indent: string): Iterable<string> | undefined => {
    const text = hiddenItems.has(item) ? undefined : l.rawText?.(item)
    return text && jsonPieces(text, l.typeName, (raw) => guard(toJson!(raw), l.typeName), indent)
  }
  const inTableOrder = (list: readonly T[]): readonly T[] => (l.tableOrder && printer.table && !opts.sortBy ? l.tableOrder(list) : list)
  let items: readonly T[] = [...inTableOrder(l.items), ...inTableOrder([...hiddenItems])]
  if (opts.sortBy) items = await sortItems(items, json, opts.sortBy)
  if (printer.document && l.message) {
    const {typeName, raw} = l.message
    const message = guard((await protoConverter(typeName))(raw()), typeName)
    return {document: {value: () => message}}
  }
  return {prepared: {listing: l, items, json, jsonText: needsJson ? jsonText : undefined}}
}

/** A table (or names) of rows sorted by --sort-by, each row by its own JSON. */
async function renderRows<T, R>(l: Listing<T, R>, rows: RowListing<T, R>, printer: Printer, opts: ListingOptions, sortBy: string): Promise<Chunks> {
  const toJson = await protoConverter(rows.typeName)
  const json = (row: R): unknown => (opts.showSecrets ? toJson(rows.raw(row)) : redact(toJson(rows.raw(row)), rows.typeName))
  const sorted = await sortItems(rows.of(l.items), json, sortBy)
  const listing: Listing<R> = {
    kind: l.kind,
    items: sorted,
    typeName: rows.typeName,
    raw: rows.raw,
    names: (items) => items.map(rows.name),
    table: rows.table,
    emptyTable: l.emptyTable,
  }
  return printer.list({listing, items: sorted, json}, opts)
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
