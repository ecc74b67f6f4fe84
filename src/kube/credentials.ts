import {spawn} from 'node:child_process'

import type {User} from '@kubernetes/client-node'

import type {Deadline} from '../core/deadline.js'
import {UserError} from '../core/errors.js'
import {escapeUnsafe} from '../core/safe-text.js'
import type {KubeTarget} from './config.js'

/** A credential plugin answers with one small JSON document; anything larger is not one. */
const MAX_PLUGIN_OUTPUT = 1 << 20

/** What kubectl tells a plugin about the call (client.authentication.k8s.io ExecCredential spec). */
const EXEC_INFO = (apiVersion: string) => JSON.stringify({apiVersion, kind: 'ExecCredential', spec: {interactive: false}})

/**
 * Makes the context's credentials static before the first request: runs its exec
 * credential plugin under the command's deadline (the client library would run it with
 * no time limit and leave it running on Ctrl-C), and refuses to send any credential to
 * a plain-HTTP server, as kubectl does. Rewrites `target.config` in place, so the API
 * client and the port-forward both use the result.
 */
export async function resolveCredentials(target: KubeTarget, deadline: Deadline): Promise<void> {
  const kc = target.config
  const user = kc.getCurrentUser()
  if (!user || !carriesCredentials(user)) return
  if (target.server.toLowerCase().startsWith('http://')) {
    throw new UserError(
      `refusing to send the credentials of context "${target.context}" to ${target.server} over plain HTTP, where anyone on the path can read them; use an https:// server in the kubeconfig`,
    )
  }
  if (!user.exec) return
  const resolved = await runPlugin(user, deadline)
  const cluster = kc.getCurrentCluster()
  const context = kc.getContextObject(kc.getCurrentContext())
  if (!cluster || !context) return
  kc.loadFromOptions({clusters: [cluster], users: [resolved], contexts: [context], currentContext: context.name})
}

function carriesCredentials(user: User): boolean {
  return Boolean(user.token || user.password || user.exec || user.authProvider || user.certData || user.certFile || user.keyData || user.keyFile)
}

interface ExecSpec {
  command: string
  args?: string[]
  env?: {name: string; value: string}[]
  apiVersion?: string
}

async function runPlugin(user: User, deadline: Deadline): Promise<User> {
  const exec = user.exec as ExecSpec
  const command = String(exec.command ?? '')
  const what = `the credential plugin "${escapeUnsafe(command)}" of user "${escapeUnsafe(user.name)}"`
  if (command === '') throw new UserError(`user "${escapeUnsafe(user.name)}" has an exec credential plugin without a command; fix users[].user.exec in the kubeconfig`)
  deadline.check(what)
  const env: NodeJS.ProcessEnv = {...process.env, KUBERNETES_EXEC_INFO: EXEC_INFO(exec.apiVersion ?? 'client.authentication.k8s.io/v1beta1')}
  for (const e of exec.env ?? []) env[e.name] = e.value
  const {code, stdout, stderr, failure, tooBig} = await new Promise<{code: number | null; stdout: string; stderr: string; failure?: NodeJS.ErrnoException; tooBig: boolean}>(
    (done) => {
      // SIGKILL: a plugin that hangs may also ignore SIGTERM, and the user asked us to stop.
      const child = spawn(command, exec.args ?? [], {env, stdio: ['ignore', 'pipe', 'pipe'], signal: deadline.signal, killSignal: 'SIGKILL'})
      const out: Buffer[] = []
      const err: Buffer[] = []
      let size = 0
      child.stdout.on('data', (d: Buffer) => {
        size += d.length
        if (size > MAX_PLUGIN_OUTPUT) child.kill('SIGKILL')
        else out.push(d)
      })
      child.stderr.on('data', (d: Buffer) => {
        if (err.length < 64) err.push(d)
      })
      let failure: NodeJS.ErrnoException | undefined
      child.on('error', (e) => (failure = e))
      child.on('close', (exitCode) =>
        done({code: exitCode, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), failure, tooBig: size > MAX_PLUGIN_OUTPUT}),
      )
    },
  )
  if (deadline.stopped) throw deadline.failure(what)
  if (failure?.code === 'ENOENT') throw new UserError(`${what} was not found; install it or fix users[].user.exec.command in the kubeconfig`)
  if (failure) throw new UserError(`${what} could not run: ${escapeUnsafe(failure.message)}`)
  if (tooBig) throw new UserError(`${what} printed more than ${MAX_PLUGIN_OUTPUT} bytes, which is not a credential`)
  if (code !== 0) {
    const reason = stderr.split('\n').find((l) => l.trim() !== '')
    throw new UserError(`${what} failed (exit ${code})${reason ? `: ${escapeUnsafe(reason.trim())}` : ''}`)
  }
  return credentialUser(user.name, stdout, what)
}

function credentialUser(name: string, text: string, what: string): User {
  let status: {token?: unknown; clientCertificateData?: unknown; clientKeyData?: unknown} | undefined
  try {
    status = (JSON.parse(text) as {status?: typeof status})?.status
  } catch {
    throw new UserError(`${what} did not print an ExecCredential JSON document`)
  }
  const token = typeof status?.token === 'string' && status.token !== '' ? status.token : undefined
  const cert = typeof status?.clientCertificateData === 'string' ? status.clientCertificateData : undefined
  const key = typeof status?.clientKeyData === 'string' ? status.clientKeyData : undefined
  if (token === undefined && (cert === undefined || key === undefined)) throw new UserError(`${what} gave neither a token nor a client certificate and key`)
  const base64 = (pem: string) => Buffer.from(pem).toString('base64')
  return {name, ...(token !== undefined ? {token} : {}), ...(cert !== undefined && key !== undefined ? {certData: base64(cert), keyData: base64(key)} : {})}
}
