import type {Table, TableOptions} from './table.js'

/**
 * What a listing command shows, independent of the output format: its items in
 * istioctl's order, how each becomes proto JSON, a name, and a table.
 */
export interface Listing<T, R = unknown> {
  /** `-o name` prefix, as kubectl writes `<kind>/<name>`. */
  kind: string
  items: readonly T[]
  /** Proto message of one item, for JSON, YAML, JSONPath and --sort-by; '' when `raw` is already plain JSON. */
  typeName: string
  raw(item: T): unknown
  /** The JSON text `raw` parses, when the item is read from a dump: output reads a huge item from it piece by piece. */
  rawText?(item: T): Buffer | undefined
  names(items: readonly T[]): string[]
  table(items: readonly T[], wide: boolean): Table
  /** Table order when it differs from the JSON order (istioctl sorts listener rows, not listener JSON). */
  tableOrder?(items: readonly T[]): readonly T[]
  /** Replaces the per-item JSON when istioctl prints one message instead (secrets, ECDS): its type and its raw JSON. */
  message?: {typeName: string; raw: () => unknown}
  /**
   * Resources istioctl's output leaves out: warming ones, updates Envoy refused and,
   * for secrets, static ones. Wide tables list them after the items with their status
   * and `-o name` names them; a short table leaves them out. JSON, YAML and JSONPath
   * add those `documented` says (refused updates: a dump without any keeps istioctl's
   * JSON), each as its dump entry (`typeName`: client status and error_state).
   */
  hidden?: {items: readonly T[]; typeName: string; raw(item: T): unknown; documented(item: T): boolean}
  /** Said on stderr, one line for each warming or refused resource: the state a table cannot show. */
  notes?: readonly string[]
  /** When table rows are not the items (endpoint: the hosts of cluster statuses), --sort-by sorts the rows, each by its own JSON. */
  rows?: RowListing<T, R>
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

/** The rows of a table whose items hold several rows each. */
export interface RowListing<T, R> {
  /** Proto message of one row. */
  typeName: string
  of(items: readonly T[]): readonly R[]
  raw(row: R): unknown
  name(row: R): string
  table(rows: readonly R[], wide: boolean): Table
}
