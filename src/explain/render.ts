import {escapeUnsafe} from '../core/safe-text.js'
import {describeProvenance} from './provenance.js'
import type {EndpointInfo, Explanation, Step} from './types.js'

const WIDTH = 100
/** Alternatives shown per step; -o json has them all. */
const MAX_REJECTED = 8

/** Greedy word wrap to WIDTH, every line after the first indented like the first. */
function wrap(text: string, indent: number, first = ' '.repeat(indent)): string[] {
  const pad = ' '.repeat(indent)
  const lines: string[] = []
  let line = first
  let fresh = true
  for (const word of escapeUnsafe(text).split(' ')) {
    if (!fresh && line.length + 1 + word.length > WIDTH) {
      lines.push(line)
      line = pad + word
    } else {
      line = fresh ? line + word : `${line} ${word}`
    }
    fresh = false
  }
  lines.push(line)
  return lines
}

function describeEndpoint(e: EndpointInfo): string {
  const parts = [e.address, e.health || 'UNKNOWN']
  if (e.locality) parts.push(e.locality)
  if (e.weight) parts.push(`weight ${e.weight}`)
  if (e.failedOutlierCheck) parts.push('ejected (outlier detection)')
  if (e.hostname) parts.push(`host ${e.hostname}`)
  if (e.tls) parts.push(e.tls.startsWith('ISTIO_MUTUAL') ? 'mTLS' : e.tls)
  return parts.join('  ')
}

const DETAIL_LABELS: Record<string, string> = {
  type: 'type',
  lbPolicy: 'load balancing',
  connectTimeout: 'connect timeout',
  tls: 'TLS',
  edsServiceName: 'EDS service',
  outlierDetection: 'outlier detection',
  circuitBreakers: 'circuit breakers',
  settings: 'settings',
}

function stepLines(n: number, title: string, step: Step): string[] {
  const head = `${`${n}.`.padEnd(4)}${title.padEnd(15)}${step.chosen ?? '(none)'}`
  const out = wrap(head, 19, '')
  out.push(...wrap(step.reason, 6))
  if (step.provenance) out.push(...wrap(`from ${describeProvenance(step.provenance)}`, 6))
  for (const [key, label] of Object.entries(DETAIL_LABELS)) {
    const value = step.details?.[key]
    if (typeof value === 'string' && !step.reason.includes(value)) out.push(...wrap(`${label}: ${value}`, 8, `      ${label}: `.slice(0, 6)))
  }
  const endpoints = step.details?.endpoints
  if (Array.isArray(endpoints) && endpoints.length > 0) {
    out.push('      endpoints:')
    for (const e of endpoints as EndpointInfo[]) out.push(...wrap(describeEndpoint(e), 10, '        '))
  }
  for (const r of step.rejectedConfig ?? []) out.push(...wrap(`rejected by Envoy: ${r.name}: ${r.details}`, 8, '      '))
  const rejected = step.rejected.filter((r) => !(Array.isArray(endpoints) && endpoints.some((e: EndpointInfo) => e.address === r.name)))
  if (rejected.length > 0) {
    out.push('      not taken:')
    for (const r of rejected.slice(0, MAX_REJECTED)) out.push(...wrap(`${r.name}: ${r.reason}`, 10, '      - '))
    if (rejected.length > MAX_REJECTED) out.push(`      … and ${rejected.length - MAX_REJECTED} more (-o json lists them all)`)
  }
  return out
}

/** The human form: one numbered step per decision, the outcome, then notes. */
export function renderExplanation(e: Explanation): string {
  const r = e.request
  const out: string[] = []
  out.push(...wrap(`Request: ${r.method} ${r.url} (${r.direction}${r.direction === 'outbound' ? ', leaving this pod' : ', arriving at this pod'})`, 9, ''))
  const extra = [`:authority ${r.authority}`, `destination ${r.destination}`, ...Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`)]
  out.push(...wrap(extra.join(', '), 9))
  out.push('')
  let n = 0
  const steps: [string, Step | null][] = [
    ['Capture', e.capture],
    ['Listener', e.listener],
    ['Filter chain', e.filterChain],
    ['Network filter', e.network],
    ['Route config', e.routeConfig],
    ['Virtual host', e.virtualHost],
    ['Route', e.route],
  ]
  for (const [title, step] of steps) if (step) out.push(...stepLines(++n, title, step))
  if (e.weightedTargets) {
    for (const t of e.weightedTargets) {
      out.push(...stepLines(++n, `Cluster ${t.percent}%`, t.clusterStep))
      out.push(...stepLines(++n, 'Endpoints', t.endpointsStep))
    }
  } else {
    if (e.cluster) out.push(...stepLines(++n, 'Cluster', e.cluster))
    if (e.endpoints) out.push(...stepLines(++n, 'Endpoints', e.endpoints))
  }
  out.push('')
  out.push(...wrap(`Result: ${e.outcome.kind}: ${e.outcome.summary}`, 8, ''))
  if (e.notes.length > 0) {
    out.push('Notes:')
    for (const note of [...new Set(e.notes)]) out.push(...wrap(note, 4, '  - '))
  }
  return `${out.join('\n')}\n`
}
