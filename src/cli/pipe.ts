/**
 * `proxy-config cluster … | head -1`: when the reader goes away, stop quietly with
 * status 0, as Unix tools do, instead of an EPIPE stack trace.
 */
export function quietOnClosedPipe(): void {
  if (process.stdout.listenerCount('error') > 0) return
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0)
    throw error
  })
}
