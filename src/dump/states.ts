/** Where a resource stands in Envoy: serving, waiting for its dependencies, being drained, or refused. */
export type ResourceState = 'active' | 'warming' | 'draining' | 'rejected'

const BIT: Record<ResourceState, number> = {active: 1, warming: 2, draining: 4, rejected: 8}
/** Set once an element was parsed, so that one holding no resource at all is known too. */
const PARSED = 16

export const ALL_STATES: readonly ResourceState[] = ['active', 'warming', 'draining', 'rejected']

/**
 * Which states each entry of a resource list was found to hold, once a pass parsed
 * it. Listings read a list twice, for the resources Envoy serves and then for the
 * few it does not; the second pass skips, unread, the entries the first one found
 * to hold none of the states it wants.
 */
export class HeldStates {
  private readonly masks: Uint8Array

  constructor(length: number) {
    this.masks = new Uint8Array(length)
  }

  record(index: number, states: Iterable<ResourceState>): void {
    let mask = PARSED
    for (const state of states) mask |= BIT[state]
    this.masks[index] = mask
  }

  /** Indexes, in order, of the entries that may hold one of `states`: those found to, and those not parsed yet. */
  candidates(states: readonly ResourceState[]): number[] {
    const wanted = states.reduce((mask, state) => mask | BIT[state], 0)
    const out: number[] = []
    for (let i = 0; i < this.masks.length; i++) {
      const mask = this.masks[i]
      if (mask === 0 || (mask & wanted) !== 0) out.push(i)
    }
    return out
  }
}
