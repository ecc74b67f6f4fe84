import {printLines} from './terminal.js'

/**
 * Debug output for bug reports: `--debug`, or `DEBUG=proxy-config*` as the `debug`
 * package users expect. Read from argv directly so it also covers failures that
 * happen before oclif has parsed the flags.
 */
export function debugEnabled(): boolean {
  return process.argv.includes('--debug') || /(^|,)\s*proxy-config/.test(process.env.DEBUG ?? '')
}

export function debugLog(message: string): void {
  if (debugEnabled()) printLines(`debug: ${message}`)
}
