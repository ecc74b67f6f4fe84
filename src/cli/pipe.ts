/**
 * `proxy-config cluster … | head -1`: when the reader goes away, stop quietly with
 * status 0, as Unix tools do, instead of an EPIPE error. oclif adds a stdout error
 * listener of its own (which swallows EPIPE without exiting), so ours is tracked by
 * a flag, not by counting listeners.
 */
let installed = false

export function quietOnClosedPipe(): void {
  if (installed) return
  installed = true
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0)
    throw error
  })
}
