import {existsSync} from 'node:fs'

import {ExitCode, UserError} from '../core/errors.js'
import {type ConfigDump, parseConfigDump} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/request.js'
import {openSource} from '../source/open.js'
import type {SourceSpec} from '../source/source.js'

/**
 * Where one side of a comparison comes from, as the source layer takes it: `-` is
 * stdin, an http(s) URL an Envoy admin endpoint, a word naming an existing path (or
 * ending like a dump or an archive, so a mistyped file name says "no such file"
 * rather than "pod not found") a saved dump or bundle, anything else a pod reference.
 */
export function sideSpec(word: string, base: SourceSpec): SourceSpec {
  const spec: SourceSpec = {...base, pod: undefined, file: undefined, adminUrl: undefined}
  if (/^https?:\/\//i.test(word)) return {...spec, adminUrl: word}
  if (word === '-' || existsSync(word) || /\.(json|gz|tgz|tar)$/i.test(word)) return {...spec, file: word}
  return {...spec, pod: word}
}

export interface OpenSides {
  dumps: [ConfigDump, ConfigDump]
  close(): Promise<void>
}

/**
 * Reads both sides at once, each through the source factory, so a side can be
 * anything the listing commands read. Whatever was opened is closed again when the
 * other side fails.
 */
export async function openSides(words: readonly [string, string], base: SourceSpec, request: DumpRequest, noun: string): Promise<OpenSides> {
  if (words[0] === '-' && words[1] === '-') throw new UserError('only one side can be read from stdin (-)', ExitCode.usage)
  const closers: Array<() => Promise<void>> = []
  const close = async (): Promise<void> => {
    for (const c of closers.splice(0)) await c()
  }
  const read = async (word: string): Promise<ConfigDump> => {
    const {source, close: closeSide} = await openSource(sideSpec(word, base), noun)
    closers.push(closeSide)
    return parseConfigDump(await source.read(request), source.origin)
  }
  const results = await Promise.allSettled(words.map(read))
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed) {
    await close()
    throw failed.reason
  }
  const [left, right] = results.map((r) => (r as PromiseFulfilledResult<ConfigDump>).value)
  return {dumps: [left, right], close}
}
