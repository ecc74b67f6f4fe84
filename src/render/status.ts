import type {ResourceStatus} from '../model/status.js'

/** A resource's state as -o wide's STATUS column says it. */
export function statusLabel(status: ResourceStatus): string {
  if (status.state === 'active') return status.dynamic ? 'ACTIVE' : 'STATIC'
  return status.state.toUpperCase()
}

/** A resource whose state deserves a word on stderr. */
export interface Noted {
  name: string
  status: ResourceStatus
}

/**
 * One line per warming resource and per refused update: the facts a short table
 * cannot show, and often the ones that explain an outage. A refusal says when and
 * why, in Envoy's words (multi-line details are joined into one line).
 */
export function statusNotes(kind: string, resources: readonly Noted[]): string[] {
  const notes: string[] = []
  for (const {name, status} of resources) {
    const what = name === '' ? `${kind} (no name)` : `${kind} ${name}`
    const facts = [status.clientStatus, status.versionInfo && `version ${status.versionInfo}`]
    if (status.state === 'warming') {
      const since = status.lastUpdated && `since ${status.lastUpdated}`
      notes.push(`${what} is warming (${[...facts, since].filter(Boolean).join(', ') || 'no version'}): Envoy does not use it yet`)
    } else if (status.error) {
      const e = status.error
      const when = [status.clientStatus, e.versionInfo && `version ${e.versionInfo}`, e.lastUpdateAttempt && `at ${e.lastUpdateAttempt}`].filter(Boolean).join(', ')
      const details = e.details.replace(/\s*\n\s*/g, ' ').trim() || 'no details'
      notes.push(`Envoy rejected ${what}${when && ` (${when})`}: ${details}`)
    }
  }
  return notes
}
