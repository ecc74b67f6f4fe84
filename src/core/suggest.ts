/**
 * How far `typed` may be from a candidate and still count as a typo of it: at most 2
 * edits, or a third of the word.
 */
function limitFor(typed: string): number {
  return Math.max(2, Math.floor(typed.length / 3))
}

/** Candidates near enough to `typed` to be what was meant (a typo, or `typed` is a prefix), nearest first. */
export function nearby(typed: string, candidates: readonly string[], max = 5): string[] {
  const t = typed.toLowerCase()
  const limit = limitFor(t)
  const scored: {name: string; distance: number}[] = []
  for (const name of [...new Set(candidates)].sort((a, b) => a.length - b.length || a.localeCompare(b))) {
    const n = name.toLowerCase()
    const distance = n.startsWith(t) ? 0 : editDistance(t, n)
    if (distance <= limit) scored.push({name, distance})
  }
  // A stable sort keeps the shorter, then alphabetically first name ahead on ties.
  return scored
    .sort((a, b) => a.distance - b.distance)
    .slice(0, max)
    .map((s) => s.name)
}

/**
 * The candidate nearest to `typed`, if any is near enough to be a typo of it.
 * Ties go to the shorter name, then the alphabetically first.
 */
export function closest(typed: string, candidates: readonly string[]): string | undefined {
  return nearby(typed, candidates, 1)[0]
}

/** Levenshtein distance (insertions, deletions, substitutions), one row at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length]
}
