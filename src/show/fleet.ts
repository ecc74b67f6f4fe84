import {firstLine} from '../core/errors.js'
import {cmp} from '../core/gosort.js'
import {type ConfigDump, parseConfigDump} from '../dump/configdump.js'
import type {DumpRequest} from '../dump/request.js'
import {type Fingerprint, type MajorityReport, fingerprint, findDisagreements} from '../diff/fingerprint.js'
import type {ResourceType} from '../diff/resources.js'
import type {Chunks} from '../render/printers/printer.js'
import type {DumpSource} from '../source/source.js'

/** One pod's answer, as a command's view of it takes it. */
export interface PodDump {
  pod: string
  /** The answer as read, for answers that are not config dumps (`endpoint`'s /clusters); a config dump from one source is streamed instead. */
  bytes?: Buffer
  origin: string
  /** The bytes as a config dump, parsed on first use (an `endpoint` answer is not one). */
  dump(): ConfigDump
}

/** What a command prints of many pods: each pod's part as it is read, and what is left at the end. */
export interface FleetView {
  pod(pod: PodDump): Promise<Chunks>
  end(): Promise<Chunks>
}

export interface FleetOptions {
  request: DumpRequest
  /** Pods read at once. */
  concurrency: number
  /** Types compared across pods to find replicas that disagree; none for live state (endpoint health). */
  compare: readonly ResourceType[]
}

export interface FleetReport {
  /** Pods that could not be read or shown, with why, in pod order. */
  failures: {pod: string; message: string}[]
  disagreements: MajorityReport
}

/**
 * Reads every pod, at most `concurrency` at once, and hands each answer to `view`,
 * whose output is written at once (one pod's output whole, never interleaved with
 * another's). Only `view`'s output and each pod's fingerprint outlive the pod's turn,
 * so a hundred large dumps never sit in memory together. A pod that fails is
 * recorded and the others carry on.
 */
export async function runFleet(
  sources: readonly DumpSource[],
  opts: FleetOptions,
  view: (pod: PodDump) => Promise<Chunks>,
  write: (chunks: Chunks) => Promise<void>,
): Promise<FleetReport> {
  const failures: FleetReport['failures'] = []
  const prints: {pod: string; print: Fingerprint}[] = []
  let writing = Promise.resolve()
  const visit = async (source: DumpSource): Promise<void> => {
    const pod = source.pod ?? source.origin
    try {
      const bytes = await source.read(opts.request)
      let parsed: ConfigDump | undefined
      const dump = () => (parsed ??= parseConfigDump(bytes, source.origin))
      const output = await view({pod, bytes, origin: source.origin, dump})
      if (opts.compare.length > 0) prints.push({pod, print: await fingerprint(dump(), opts.compare)})
      writing = writing.then(() => write(output))
      await writing
    } catch (error) {
      failures.push({pod, message: firstLine(error)})
    }
  }
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < sources.length) await visit(sources[next++])
  }
  await Promise.all(Array.from({length: Math.max(1, Math.min(opts.concurrency, sources.length))}, worker))
  failures.sort((a, b) => cmp(a.pod, b.pod))
  return {failures, disagreements: findDisagreements(prints)}
}

/** The fleet's troubles as stderr lines: each pod that failed, then each replica that disagrees with the majority. */
export function fleetNotes(report: FleetReport): {errors: string[]; warnings: string[]} {
  const errors = report.failures.map((f) => `${f.pod}: ${f.message}`)
  const {majority, total, odd} = report.disagreements
  const warnings = odd.map((d) => {
    const shown = d.differences.slice(0, 5).map((r) => `${r.resource} ${r.change}`)
    const more = d.differences.length > shown.length ? `, and ${d.differences.length - shown.length} more` : ''
    return `pod ${d.pod} disagrees with the majority (${majority} of ${total} pods): ${shown.join(', ')}${more}`
  })
  return {errors, warnings}
}
