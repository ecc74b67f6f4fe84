import {ExitCode, UserError} from '../core/errors.js'
import {escapeUnsafe} from '../core/safe-text.js'
import {nearby} from '../core/suggest.js'
import type {AdminTarget} from './client.js'

/** Envoy's level names; `warn` is istioctl's spelling of `warning`. */
const LEVELS: Record<string, string> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warning: 'warning',
  warn: 'warning',
  error: 'error',
  critical: 'critical',
  off: 'off',
}

/** The key of the "every logger" entry, as Envoy's `?level=` takes it. */
const ALL = 'level'

export interface LogFlags {
  pod?: string
  selector?: string
  level?: string
  reset: boolean
  output: string
  adminUrl?: string
}

/** istioctl's checks, in its order, before anything is asked of Kubernetes or Envoy. */
export function checkLogFlags(flags: LogFlags): void {
  if (flags.pod === undefined && flags.selector === undefined && flags.adminUrl === undefined) {
    throw new UserError('log requires pod name or --selector', ExitCode.usage)
  }
  if (flags.adminUrl !== undefined && (flags.pod !== undefined || flags.selector !== undefined)) {
    throw new UserError('--admin-url cannot be combined with a pod name or --selector', ExitCode.usage)
  }
  if (flags.reset && flags.level !== undefined) throw new UserError('--level cannot be combined with --reset', ExitCode.usage)
  if (flags.output !== 'short' && flags.output !== '') throw new UserError('--output is not applicable for this command', ExitCode.usage)
}

/** Logger names from Envoy's `/logging` answer: `active loggers:` then one `  name: level` per line. */
export function activeLoggers(body: string): Set<string> {
  const names = new Set<string>()
  for (const line of body.split('\n')) {
    const m = /^\s+([^\s:]+):\s*\S+\s*$/.exec(line)
    if (m) names.add(m[1])
  }
  return names
}

/**
 * What to set, from `--level` or the level `--reset` goes back to, checked against the loggers Envoy reported.
 * `--level` is istioctl's grammar: comma-separated items, each either a bare level
 * (which replaces everything before it) or `<logger>:<level>` / `<logger>=<level>`,
 * where a `…::` prefix on the logger is dropped. Later items win.
 */
export function levelPlan(level: string | undefined, resetTo: string | undefined, known: ReadonlySet<string>): Map<string, string> {
  if (resetTo !== undefined) return new Map([[ALL, resetTo]])
  let plan = new Map<string, string>()
  for (const item of (level ?? '').split(',').filter((i) => i !== '')) {
    const sep = item.search(/[:=]/)
    if (sep < 0) {
      plan = new Map([[ALL, levelName(item)]])
      continue
    }
    const scoped = item.lastIndexOf('::')
    const entry = scoped < 0 ? item : item.slice(scoped + 2)
    const split = entry.search(/[:=]/)
    if (split < 0) throw new UserError(`expected <logger>:<level> in --level, got "${item}"`)
    const logger = entry.slice(0, split)
    if (logger !== ALL && !known.has(logger)) throw unknownLogger(logger, known)
    plan.set(logger, levelName(entry.slice(split + 1)))
  }
  return plan
}

function levelName(text: string): string {
  const level = LEVELS[text]
  if (level === undefined) throw new UserError(`unrecognized logging level: ${escapeUnsafe(text)} (levels: ${LEVEL_NAMES})`, ExitCode.usage)
  return level
}

const LEVEL_NAMES = [...new Set(Object.values(LEVELS))].join(', ')

function unknownLogger(logger: string, known: ReadonlySet<string>): UserError {
  const near = nearby(logger, [...known])
  const names = [...known].sort()
  const some = names.length > 10 ? `${names.slice(0, 10).join(', ')} and ${names.length - 10} more` : names.join(', ')
  const hint = near.length > 0 ? `did you mean ${near.join(', ')}?` : `Envoy's loggers: ${some}`
  return new UserError(`unrecognized logger name: ${escapeUnsafe(logger)} (${hint})`, ExitCode.usage)
}

/**
 * The proxy log level an Istio install configures: `global.proxy.logLevel` in the
 * `values` (JSON) of the istio-sidecar-injector ConfigMap. Undefined when it is missing
 * or not a level Envoy knows.
 */
export function injectorLogLevel(values: string | undefined): string | undefined {
  if (values === undefined) return undefined
  let level: unknown
  try {
    level = (JSON.parse(values) as {global?: {proxy?: {logLevel?: unknown}}})?.global?.proxy?.logLevel
  } catch {
    return undefined
  }
  return typeof level === 'string' ? LEVELS[level] : undefined
}

/** The `/logging` queries that apply a plan: the global level first, so named loggers then override it. */
export function loggingQueries(plan: ReadonlyMap<string, string>): string[] {
  const all = plan.get(ALL)
  const named = [...plan].filter(([logger]) => logger !== ALL).map(([logger, level]) => `${logger}=${level}`)
  return all === undefined ? named : [`${ALL}=${all}`, ...named]
}

/**
 * The `log` command against already opened targets: ask every Envoy for its loggers,
 * validate the plan against them before changing anything, then apply it pod by pod,
 * printing each Envoy's final list. Failures on some pods do not stop the others.
 */
export async function configureLogging(targets: readonly AdminTarget[], flags: {level?: string; resetTo?: string}, write: (text: string) => void): Promise<void> {
  const current = new Map<AdminTarget, string>()
  const known = new Set<string>()
  for (const target of targets) {
    const body = await target.admin.logging()
    current.set(target, body)
    for (const name of activeLoggers(body)) known.add(name)
  }
  const queries = loggingQueries(levelPlan(flags.level, flags.resetTo, known))
  const failures: string[] = []
  for (const target of targets) {
    try {
      // With nothing to change, the list fetched for validation is already the answer.
      let body = current.get(target) ?? ''
      for (const query of queries) body = await target.admin.logging(query)
      write(`${target.name}:\n${body}`)
    } catch (error) {
      if (error instanceof UserError && error.exitCode === ExitCode.interrupted) throw error
      failures.push(`error configuring log level for ${target.name}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  if (failures.length > 0) throw new UserError(failures.join('; '))
}
