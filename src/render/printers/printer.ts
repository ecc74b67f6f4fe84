import type {Listing} from '../listing.js'
import type {TableOptions} from '../table.js'

/** Output as pieces, so tens of thousands of rows or resources never become one giant string. */
export type Chunks = Iterable<string | Buffer>

/** A listing ready to print: its items in print order, and each item's JSON (converted and redacted). */
export interface PreparedListing<T> {
  listing: Listing<T>
  items: readonly T[]
  json(item: T): unknown
}

/** One JSON document printed whole: the whole dump (`all`), a bootstrap, the one message of `secret` and `ecds`. */
export interface JsonDocument {
  value(): unknown
  /** The document as JSON bytes when it exists as such (it may be larger than any string); JSON output passes them through. */
  bytes?(): Iterable<Buffer>
}

/** One output format, ready to print (a JSONPath printer carries its template). */
export interface Printer {
  /** Table printers (short, wide) print rows in table order; `wide` adds -o wide's columns. */
  readonly table?: {readonly wide: boolean}
  list<T>(prepared: PreparedListing<T>, opts: TableOptions): Promise<Chunks>
  /** Only printers of JSON-derived text (json, yaml, jsonpath) print whole documents. */
  document?(doc: JsonDocument): Promise<Chunks>
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
