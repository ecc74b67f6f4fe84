/**
 * Waits until `condition` holds, checking it every `intervalMs`. The deadline is
 * generous on purpose: it only decides how long a broken test takes to fail, so a
 * loaded machine never turns a slow pass into a failure.
 */
export async function waitFor(
  condition: () => boolean,
  {timeoutMs = 20_000, intervalMs = 10, what = 'condition'}: {timeoutMs?: number; intervalMs?: number; what?: string} = {},
): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > end) throw new Error(`${what} not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

/**
 * A condition that holds once `read` has returned the same value `polls` times in
 * a row: for "this stream has stopped moving", which no event announces.
 */
export function settled(read: () => number, polls = 10): () => boolean {
  let last: number | undefined
  let same = 0
  return () => {
    const now = read()
    same = now === last ? same + 1 : 0
    last = now
    return same >= polls
  }
}
