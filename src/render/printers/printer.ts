import type {Listing} from '../listing.js'
import type {TableOptions} from '../table.js'

/** Output as pieces, so tens of thousands of rows or resources never become one giant string. */
export type Chunks = Iterable<string | Buffer>

/** A listing ready to print: its items in print order, and each item's JSON (converted and redacted). */
export interface PreparedListing<T> {
  listing: Listing<T>
  items: readonly T[]
  json(item: T): unknown
  /**
   * The item's JSON as `JSON.stringify(json(item), null, 4)` writes it, every line
   * after the first indented by `indent`, in pieces made one after the other; for
   * items read from a dump (undefined otherwise), which may be too large to convert whole.
   */
  jsonText?(item: T, indent: string): Iterable<string> | undefined
}

/** One JSON document printed whole: the whole dump (`all`), a bootstrap, the one message of `secret` and `ecds`. */
export interface JsonDocument {
  value(): unknown
  /** The document as JSON bytes when it exists as such (it may be larger than any string); JSON output passes them through. */
  bytes?(): Iterable<Buffer>
}

/**
 * Output of many pods as one (a bundle of dumps, `-l`): each pod's part is added as
 * soon as it is ready and the pod's dump can be dropped. Formats that stream (json,
 * yaml, name) print each part at once, every line or item carrying its pod; a table
 * or a JSONPath result needs every pod and is printed at the end, in pod order.
 */
export interface CombinedPrinter {
  /** One pod's listing; returns what can be printed now. */
  list<T>(pod: string, prepared: PreparedListing<T>, opts: TableOptions): Promise<Chunks>
  /** One pod's whole document (printers with `document` only). */
  document?(pod: string, doc: JsonDocument): Promise<Chunks>
  /** What is left to print once every pod is in. */
  end(opts: TableOptions): Promise<Chunks>
}

/** One output format, ready to print (a JSONPath printer carries its template). */
export interface Printer {
  /** Table printers (short, wide) print rows in table order; `wide` adds -o wide's columns. */
  readonly table?: {readonly wide: boolean}
  list<T>(prepared: PreparedListing<T>, opts: TableOptions): Promise<Chunks>
  /** Only printers of JSON-derived text (json, yaml, jsonpath) print whole documents. */
  document?(doc: JsonDocument): Promise<Chunks>
  /** The same format for many pods at once, with the pod named on every row, line or item. */
  combined(): CombinedPrinter
}

/** A pod's item or document as combined JSON output shows it: the pod first, then the value's own members. */
export function withPod(pod: string, value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? {pod, ...value} : {pod, value}
}

/** An `-o` value: its name, the placeholder when it takes `=ARGUMENT`, and how to make its printer. */
export interface PrinterEntry {
  readonly name: string
  /** `TEMPLATE` for `jsonpath=TEMPLATE`; absent for formats that take nothing. */
  readonly argument?: string
  /** An argument to show when one is missing: `'{[*].name}'`. */
  readonly example?: string
  /** What to say after the name in `-o`'s help, if anything. */
  readonly note?: string
  create(argument: string): Printer
}
