import {escapeUnsafe} from '../core/safe-text.js'
import type {Chunks, Printer} from '../render/printers/printer.js'
import {type Table, renderTable} from '../render/table.js'
import type {FieldChange} from './compare.js'
import type {ResourceDiff} from './engine.js'

/** The `-o` formats `diff` takes: the table, or the whole report as one JSON or YAML document. */
export const DIFF_FORMATS = ['short', 'json', 'yaml'] as const

export interface DiffReport {
  /** How each side was named: "file a.json", "pod productpage-v1-abc.default". */
  left: string
  right: string
  differences: readonly ResourceDiff[]
}

export const NO_DIFFERENCES = 'no differences\n'

/** Paths listed per row before the table refers to --details. */
const PATHS_PER_ROW = 3

/** The summary table, the field-level listing (`--details`), or the whole report as a document (JSON, YAML). */
export async function renderDiff(report: DiffReport, printer: Printer, details: boolean): Promise<Chunks> {
  if (printer.document) return printer.document({value: () => structuredReport(report)})
  if (report.differences.length === 0) return [NO_DIFFERENCES]
  return details ? detailLines(report.differences) : renderTable(diffTable(report.differences))
}

export function diffTable(differences: readonly ResourceDiff[]): Table {
  const rows = differences.map((d) => [d.type, shownName(d.name), d.change, fieldSummary(d.fields)])
  return {header: ['TYPE', 'NAME', 'CHANGE', 'FIELDS'], rows, padding: 3}
}

/** Static listeners and inlined route configs may have no name; an empty cell would read as a layout fault. */
function shownName(name: string): string {
  return name === '' ? '(unnamed)' : name
}

function fieldSummary(fields: readonly FieldChange[]): string {
  const paths = [...new Set(fields.map((f) => f.path || '(whole resource)'))]
  if (paths.length <= PATHS_PER_ROW) return paths.join(', ')
  return `${paths.slice(0, PATHS_PER_ROW).join(', ')} (+${paths.length - PATHS_PER_ROW} more, see --details)`
}

function* detailLines(differences: readonly ResourceDiff[]): Generator<string> {
  for (const d of differences) {
    yield `${d.type} ${escapeUnsafe(shownName(d.name))}: ${d.change}\n`
    for (const f of d.fields) yield `  ${escapeUnsafe(f.path || '(whole resource)')}: ${describeChange(f)}\n`
  }
}

function describeChange(f: FieldChange): string {
  switch (f.change) {
    case 'changed':
      return `${preview(f.left)} → ${preview(f.right)}`
    case 'added':
      return `added ${preview(f.right)}${f.position === undefined ? '' : ` at position ${f.position}`}`
    case 'removed':
      return `removed ${preview(f.left)}`
    case 'reordered':
      return `order ${preview(f.left)} → ${preview(f.right)}`
  }
}

/** A value on one line, cut short when long: the JSON output has it whole. */
const PREVIEW = 120

function preview(value: unknown): string {
  const text = value === undefined ? 'null' : JSON.stringify(value)
  return escapeUnsafe(text.length <= PREVIEW ? text : `${text.slice(0, PREVIEW - 1)}…`)
}

function structuredReport(report: DiffReport): unknown {
  return {
    left: report.left,
    right: report.right,
    identical: report.differences.length === 0,
    differences: report.differences.map((d) => (d.change === 'changed' ? d : {type: d.type, name: d.name, change: d.change})),
  }
}
