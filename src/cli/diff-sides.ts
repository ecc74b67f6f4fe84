import {existsSync} from 'node:fs'

import {type ConfigDump, parseConfigDump} from '../dump/configdump.js'
import {type DumpRequest, type DumpSource, FileSource, StdinSource} from '../dump/source.js'
import type {LiveOptions} from '../live/options.js'
import type {Closable} from './base-command.js'
import {ExitCode, UserError} from './errors.js'

/**
 * Where one side of `diff` comes from. A word that names an existing path is a
 * file, as is anything ending in .json or .gz (so a mistyped file name says "no such
 * file" instead of "pod not found"); `-` is stdin; anything else is a pod reference.
 */
export type Side = {kind: 'file'; path: string} | {kind: 'stdin'} | {kind: 'pod'; pod: string} | {kind: 'admin'; url: string}

export function sideOf(word: string): Side {
  if (word === '-') return {kind: 'stdin'}
  if (existsSync(word) || /\.(json|gz)$/i.test(word)) return {kind: 'file', path: word}
  return {kind: 'pod', pod: word}
}

/**
 * The two sides from the arguments and the --left-admin-url/--right-admin-url flags:
 * a flag takes its side, and the arguments fill the others, left first.
 */
export function diffSides(words: readonly (string | undefined)[], leftAdmin?: string, rightAdmin?: string): [Side, Side] {
  const queue = words.filter((w): w is string => w !== undefined)
  const take = (url: string | undefined): Side | undefined => (url !== undefined ? {kind: 'admin', url} : queue.length > 0 ? sideOf(queue.shift()!) : undefined)
  const left = take(leftAdmin)
  const right = take(rightAdmin)
  if (left === undefined || right === undefined || queue.length > 0) {
    throw new UserError('diff compares two sides: give LEFT and RIGHT, each a saved dump, a pod, or --left-admin-url/--right-admin-url', ExitCode.usage)
  }
  if (left.kind === 'stdin' && right.kind === 'stdin') throw new UserError('only one side can be read from stdin (-)', ExitCode.usage)
  return [left, right]
}

export interface OpenDumps extends Closable {
  dumps: [ConfigDump, ConfigDump]
}

/**
 * Reads both sides at once. The single place `diff` touches dump sources, so that it
 * follows whatever reads dumps for the other commands. Whatever was opened is closed
 * again when the other side fails.
 */
export async function readSides(sides: readonly [Side, Side], live: Omit<LiveOptions, 'pod' | 'adminUrl'>, request: DumpRequest): Promise<OpenDumps> {
  const closers: Closable[] = []
  const close = async (): Promise<void> => {
    for (const c of closers.splice(0)) await c.close()
  }
  const read = async (side: Side): Promise<ConfigDump> => {
    const source = await open(side, live, closers)
    return parseConfigDump(await source.read(request), source.label)
  }
  const results = await Promise.allSettled(sides.map(read))
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed) {
    await close()
    throw failed.reason
  }
  const [left, right] = results.map((r) => (r as PromiseFulfilledResult<ConfigDump>).value)
  return {dumps: [left, right], close}
}

async function open(side: Side, live: Omit<LiveOptions, 'pod' | 'adminUrl'>, closers: Closable[]): Promise<DumpSource> {
  if (side.kind === 'file') return new FileSource(side.path)
  if (side.kind === 'stdin') return new StdinSource()
  const {createLiveSource} = await import('../live/source.js')
  const source = await createLiveSource({...live, ...(side.kind === 'pod' ? {pod: side.pod} : {adminUrl: side.url})})
  closers.push(source)
  return source
}
