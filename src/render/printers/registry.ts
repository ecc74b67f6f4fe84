import {ExitCode, UserError} from '../../core/errors.js'
import {json} from './json.js'
import {jsonpath} from './jsonpath.js'
import {name} from './name.js'
import type {Printer, PrinterEntry} from './printer.js'
import {short} from './short.js'
import {wide} from './wide.js'
import {yaml} from './yaml.js'

/** Every `-o` format, in the order help texts list them: istioctl's short, json and yaml, kubectl's wide, name and jsonpath. */
export const PRINTERS: readonly PrinterEntry[] = [short, wide, json, yaml, name, jsonpath]

/** The format names, for a command that takes them all. */
export const ALL_FORMATS: readonly string[] = PRINTERS.map((p) => p.name)

function entry(format: string): PrinterEntry {
  const found = PRINTERS.find((p) => p.name === format)
  if (!found) throw new Error(`no printer named ${format}`)
  return found
}

/** How a user writes the format: `json`, `jsonpath=TEMPLATE`. */
function spelling(p: PrinterEntry): string {
  return p.argument === undefined ? p.name : `${p.name}=${p.argument}`
}

/** The printer for an `-o` value, if it names one of `allowed`; `jsonpath=TEMPLATE` carries its template. */
export function parsePrinter(value: string, allowed: readonly string[] = ALL_FORMATS): Printer {
  const eq = value.indexOf('=')
  const found = PRINTERS.find((p) => p.name === (eq < 0 ? value : value.slice(0, eq)) && allowed.includes(p.name))
  if (found?.argument !== undefined) {
    const argument = eq < 0 ? '' : value.slice(eq + 1)
    if (argument === '') throw new UserError(`-o ${found.name}= needs a ${found.argument.toLowerCase()}, e.g. -o ${found.name}=${found.example}`, ExitCode.usage)
    return found.create(argument)
  }
  if (found && eq < 0) return found.create('')
  throw new UserError(`output format "${value}" not supported (use one of ${allowed.map((f) => spelling(entry(f))).join('|')})`, ExitCode.usage)
}

/**
 * `-o`'s help: the formats a command takes as the user writes them, each with its
 * note in parentheses (the registry's, or the command's own when it gives `notes`).
 */
export function formatsHelp(allowed: readonly string[], notes?: Readonly<Record<string, string>>): string {
  const parts = allowed.map((f) => {
    const p = entry(f)
    const note = notes ? notes[f] : p.note
    return note === undefined ? spelling(p) : `${spelling(p)} (${note})`
  })
  return parts.length < 2 ? parts.join('') : `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`
}

/** What a shell offers after `-o`: every format, those taking an argument ending in `=`. */
export function formatCompletions(): string[] {
  return PRINTERS.map((p) => (p.argument === undefined ? p.name : `${p.name}=`))
}
