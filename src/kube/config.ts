import {existsSync, readFileSync} from 'node:fs'
import {homedir} from 'node:os'
import path from 'node:path'

import type {Cluster, Context, User} from '@kubernetes/client-node'
import {load} from 'js-yaml'

import {UserError} from '../core/errors.js'
import {KubeConfig} from './client.js'

export interface KubeConfigOptions {
  /** `--kubeconfig`: this one file, which must exist. */
  kubeconfig?: string
  /** `--context`: overrides the current context. */
  context?: string
  /** `--as`, `--as-uid`, `--as-group`: act as another user, as kubectl does. */
  impersonate?: Impersonation
}

export interface Impersonation {
  user?: string
  uid?: string
  groups?: string[]
}

/** A kubeconfig reduced to the one context we use. */
export interface KubeTarget {
  config: KubeConfig
  context: string
  /** The context's namespace, else `default`. */
  namespace: string
  /** API server URL, for messages. */
  server: string
  /** Sent with every request, the port-forward included. */
  impersonate?: Impersonation
}

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token'

/**
 * Loads the kubeconfig the way kubectl does: `--kubeconfig`, else every file listed in
 * `KUBECONFIG` (missing ones skipped; for each name the first file defining it wins,
 * and so does the first current-context), else `~/.kube/config`, else the in-cluster
 * service account. The client library's own loader fails on names repeated across
 * files and lets the last file's current-context win, so the merge is done here.
 */
export function loadKubeConfig(opts: KubeConfigOptions, env: NodeJS.ProcessEnv = process.env): KubeTarget {
  const files = kubeconfigFiles(opts, env)
  const kc = files.length === 0 ? inClusterConfig(env) : mergeFiles(files)
  const target = selectContext(kc, opts.context, files)
  const as = opts.impersonate
  if (as && (as.uid || as.groups?.length) && !as.user) throw new UserError('--as-uid and --as-group need --as: impersonating a uid or groups requires impersonating a user', 2)
  if (as?.user) target.impersonate = as
  return target
}

/**
 * Adds the Impersonate-* headers to the port-forward upgrade, which the WebSocket
 * handler builds through `applyToHTTPSOptions` (REST reads get them in KubeApi). The
 * library itself knows only Impersonate-User, from the kubeconfig.
 */
export function impersonate(kc: KubeConfig, {user, uid, groups = []}: Impersonation): void {
  const apply = kc.applyToHTTPSOptions.bind(kc)
  kc.applyToHTTPSOptions = async (opts) => {
    await apply(opts)
    const headers = (opts.headers ?? {}) as Record<string, string | string[]>
    if (user) headers['Impersonate-User'] = user
    if (uid !== undefined && uid !== '') headers['Impersonate-Uid'] = uid
    if (groups.length > 0) headers['Impersonate-Group'] = groups
    opts.headers = headers as typeof opts.headers
  }
}

function kubeconfigFiles(opts: KubeConfigOptions, env: NodeJS.ProcessEnv): string[] {
  if (opts.kubeconfig !== undefined) {
    if (!existsSync(opts.kubeconfig)) throw new UserError(`kubeconfig ${opts.kubeconfig} does not exist (given with --kubeconfig)`)
    return [opts.kubeconfig]
  }
  const listed = (env.KUBECONFIG ?? '').split(path.delimiter).filter((f) => f !== '')
  if (listed.length > 0) {
    const present = listed.filter((f) => existsSync(f))
    if (present.length === 0) throw new UserError(`none of the files in KUBECONFIG exist: ${listed.join(', ')}`)
    return present
  }
  const home = env.HOME || homedir()
  const fallback = path.join(home, '.kube', 'config')
  return existsSync(fallback) ? [fallback] : []
}

function inClusterConfig(env: NodeJS.ProcessEnv): KubeConfig {
  if (!env.KUBERNETES_SERVICE_HOST || !existsSync(IN_CLUSTER_TOKEN)) {
    throw new UserError('no kubeconfig found: set KUBECONFIG or pass --kubeconfig (or use --admin-url to reach Envoy without Kubernetes)')
  }
  const kc = new KubeConfig()
  kc.loadFromCluster()
  return kc
}

function mergeFiles(files: string[]): KubeConfig {
  const clusters = new Map<string, Cluster>()
  const users = new Map<string, User>()
  const contexts = new Map<string, Context>()
  let current: string | undefined
  for (const file of files) {
    const one = new KubeConfig()
    try {
      // kubectl treats an empty file as an empty config; the library cannot parse one.
      if (readFileSync(file, 'utf8').trim() === '') continue
      // loadFromFile also resolves certificate paths against the file's directory.
      one.loadFromFile(file)
    } catch (error) {
      throw new UserError(`cannot read kubeconfig ${file}: ${reason(error)}`)
    }
    for (const c of one.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c)
    const tokenFiles = tokenFilesOf(file)
    for (const u of one.getUsers()) if (!users.has(u.name)) users.set(u.name, withTokenFile(u, tokenFiles.get(u.name), file))
    for (const c of one.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c)
    current ||= one.getCurrentContext() || undefined
  }
  const kc = new KubeConfig()
  kc.loadFromOptions({clusters: [...clusters.values()], users: [...users.values()], contexts: [...contexts.values()], currentContext: current})
  return kc
}

/**
 * kubectl's `users[].user.tokenFile`, which the client library does not read (it knows only
 * `token-file`): user name -> path as written.
 */
function tokenFilesOf(file: string): Map<string, string> {
  const files = new Map<string, string>()
  const doc = load(readFileSync(file, 'utf8')) as {users?: unknown} | null
  for (const entry of Array.isArray(doc?.users) ? doc.users : []) {
    const name = (entry as {name?: unknown})?.name
    const tokenFile = (entry as {user?: {tokenFile?: unknown}})?.user?.tokenFile
    if (typeof name === 'string' && typeof tokenFile === 'string' && tokenFile !== '') files.set(name, tokenFile)
  }
  return files
}

/** The token read from the user's tokenFile (relative to the kubeconfig, as kubectl resolves it); a token given inline wins. */
function withTokenFile(user: User, tokenFile: string | undefined, kubeconfig: string): User {
  if (tokenFile === undefined || user.token) return user
  const where = path.resolve(path.dirname(kubeconfig), tokenFile)
  try {
    return {...user, token: readFileSync(where, 'utf8').trim()}
  } catch (error) {
    throw new UserError(`cannot read the tokenFile ${where} of user "${user.name}" in kubeconfig ${kubeconfig}: ${reason(error)}`)
  }
}

function selectContext(kc: KubeConfig, wanted: string | undefined, files: string[]): KubeTarget {
  const where = files.length === 0 ? 'the in-cluster configuration' : `kubeconfig ${files.join(', ')}`
  const names = kc.getContexts().map((c) => c.name)
  const known = names.length > 0 ? ` (contexts: ${listSome(names)})` : ' (it defines no contexts)'
  const name = wanted ?? kc.getCurrentContext()
  if (!name) throw new UserError(`${where} has no current context; pass --context${known}`)
  const context = kc.getContextObject(name)
  if (!context) throw new UserError(`context "${name}" not found in ${where}${known}`)
  const cluster = kc.getCluster(context.cluster)
  if (!cluster) throw new UserError(`context "${name}" refers to cluster "${context.cluster}", which ${where} does not define`)
  let user = context.user ? kc.getUser(context.user) : null
  if (context.user && !user) throw new UserError(`context "${name}" refers to user "${context.user}", which ${where} does not define`)
  // The client library ignores the cluster's TLS settings when the context has no user, so an anonymous context gets an empty one.
  user ??= {name: `${name}/anonymous`}
  const config = new KubeConfig()
  config.loadFromOptions({clusters: [cluster], users: [user], contexts: [{...context, user: user.name}], currentContext: name})
  return {config, context: name, namespace: context.namespace || 'default', server: cluster.server}
}

/** Enough names to spot a typo; a kubeconfig with thousands of contexts must not produce a megabyte-long line. */
const LISTED_CONTEXTS = 20

function listSome(names: string[]): string {
  const shown = names.slice(0, LISTED_CONTEXTS).join(', ')
  return names.length > LISTED_CONTEXTS ? `${shown} and ${names.length - LISTED_CONTEXTS} more` : shown
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code
  if (code === 'EACCES') return 'permission denied'
  if (code === 'EISDIR') return 'is a directory, not a file'
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n')[0]
}
