/**
 * The command line as kubectl users type it, rewritten into what oclif parses.
 * Pure functions over argv and the flag definitions, so each rule is tested alone.
 */

/** What these rewrites need to know about a flag. */
export interface FlagShape {
  type: 'boolean' | 'option'
  char?: string
  multiple?: boolean
  allowNo?: boolean
}

/** The spellings (`--namespace`, `-n`) of every flag in `flags` that takes a value. */
export function valueFlagSpellings(flags: Iterable<[string, FlagShape]>): Set<string> {
  const spellings = new Set<string>()
  for (const [name, flag] of flags) {
    if (flag.type !== 'option') continue
    spellings.add(`--${name}`)
    if (flag.char) spellings.add(`-${flag.char}`)
  }
  return spellings
}

/**
 * kubectl takes global flags before the command (`proxy-config -n bookinfo cluster
 * pod`); oclif takes the first word as the command. Flags before the first word
 * move after it, each with its value when it takes one. `--version` and a
 * command line without a command word are left alone.
 */
export function commandFirst(argv: readonly string[], valueFlags: ReadonlySet<string>): string[] {
  const leading: string[] = []
  let i = 0
  while (i < argv.length && argv[i].startsWith('-') && argv[i] !== '-' && argv[i] !== '--') {
    const arg = argv[i++]
    if (arg === '--version') return [...argv]
    leading.push(arg)
    if (valueFlags.has(arg) && i < argv.length) leading.push(argv[i++])
  }
  if (leading.length === 0 || i >= argv.length || argv[i] === '--') return [...argv]
  return [argv[i], ...leading, ...argv.slice(i + 1)]
}

/**
 * A command's own arguments, rewritten for oclif the way pflag reads them:
 * - booleans take `--verbose=false` and also `--verbose false` (the `false` is
 *   never the pod); oclif only knows `--no-verbose`;
 * - an option given twice keeps its last value (`-o yaml -o json` is json);
 *   oclif would refuse it.
 */
export function pflagStyle(argv: readonly string[], flags: Readonly<Record<string, FlagShape>>): string[] {
  const byChar = new Map(Object.entries(flags).flatMap(([name, f]) => (f.char ? [[f.char, name] as const] : [])))
  const out: string[] = []
  /** Where each single-valued option was given in `out`: first index and token count. */
  const given = new Map<string, {at: number; length: number}[]>()
  let i = 0
  while (i < argv.length) {
    const arg = argv[i++]
    if (arg === '--') {
      out.push(arg, ...argv.slice(i))
      break
    }
    const long = /^--([^=]+)(?:=(.*))?$/s.exec(arg)
    const short = long ? null : /^-([^-])(.*)$/s.exec(arg)
    const name = long ? long[1] : short ? byChar.get(short[1]) : undefined
    const flag = name === undefined ? undefined : flags[name]
    if (!name || !flag) {
      out.push(arg)
      continue
    }
    const inline = long ? long[2] : short?.[2] || undefined
    if (flag.type === 'boolean') {
      let value = inline
      if (value === undefined && (argv[i] === 'true' || argv[i] === 'false')) value = argv[i++]
      if (value === 'false') {
        // Without allowNo a boolean defaults to false: saying so changes nothing.
        if (flag.allowNo) out.push(`--no-${name}`)
      } else {
        out.push(value === 'true' ? `--${name}` : arg)
      }
      continue
    }
    const at = out.length
    out.push(arg)
    if (inline === undefined && i < argv.length) out.push(argv[i++])
    if (!flag.multiple) given.set(name, [...(given.get(name) ?? []), {at, length: out.length - at}])
  }
  const dropped = new Set<number>()
  for (const places of given.values()) {
    for (const {at, length} of places.slice(0, -1)) for (let k = at; k < at + length; k++) dropped.add(k)
  }
  return out.filter((_, k) => !dropped.has(k))
}
