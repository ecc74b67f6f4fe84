import {type ChildProcessWithoutNullStreams, spawn} from 'node:child_process'
import {fileURLToPath} from 'node:url'

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url))

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * Runs the built CLI (`bin/run.js`) as a user would, optionally feeding stdin.
 * NODE_ENV=test (set by vitest) would make oclif look for TypeScript sources.
 */
export function runCli(args: readonly string[], opts: {stdin?: string | Buffer; env?: NodeJS.ProcessEnv} = {}): Promise<CliResult> {
  const child = spawn(process.execPath, ['bin/run.js', ...args], {cwd: projectRoot, env: {...process.env, NODE_ENV: 'production', NO_COLOR: '1', ...opts.env}})
  const result = outcome(child)
  child.stdin.on('error', () => {})
  child.stdin.end(opts.stdin ?? '')
  return result
}

/** What a spawned CLI printed, and how it ended. */
export function outcome(child: ChildProcessWithoutNullStreams): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({code, stdout, stderr}))
  })
}
