import {ExitCode, UserError} from '../core/errors.js'
import {SOURCE_KINDS} from './kinds.js'
import type {DumpSource, OpenSources, SourceKind, SourceSpec} from './source.js'

/**
 * Turns the command line into open sources: exactly one of the pod argument, `-f`
 * and `--admin-url` says where dumps come from, and the first kind registered for
 * that input that accepts its value opens it. `noun` is the command as istioctl's
 * messages spell it ("endpoints requires …").
 */
export async function openSources(spec: SourceSpec, noun: string, kinds: readonly SourceKind[] = SOURCE_KINDS): Promise<OpenSources> {
  const given = [...new Set(kinds.map((k) => k.input))].filter((input) => spec[input] !== undefined)
  if (given.length !== 1) {
    const hint = given.length === 0 ? '' : ' (give only one of them)'
    throw new UserError(`${noun} requires pod name or --file parameter${hint}`, ExitCode.usage)
  }
  const [input] = given
  const value = spec[input] as string
  for (const kind of kinds) {
    if (kind.input === input && (await kind.accepts(value))) return kind.open(value, spec)
  }
  throw new UserError(`${noun} cannot read from "${value}"`, ExitCode.usage)
}

/** For commands that show one Envoy: the single source the spec names; one that names several is refused. */
export async function openSource(spec: SourceSpec, noun: string, kinds: readonly SourceKind[] = SOURCE_KINDS): Promise<{source: DumpSource; close(): Promise<void>}> {
  const opened = await openSources(spec, noun, kinds)
  if (opened.sources.length === 1) return {source: opened.sources[0], close: opened.close}
  await opened.close()
  throw new UserError(`${noun} shows one Envoy at a time, but ${opened.sources.length} were given: ${opened.sources.map((s) => s.origin).join(', ')}`, ExitCode.usage)
}
