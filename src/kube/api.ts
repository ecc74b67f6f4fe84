import type {ConfigurationOptions, ObservableMiddleware, RequestContext, V1LabelSelector, V1Pod} from '@kubernetes/client-node'

import {debugLog} from '../core/debug.js'
import type {Deadline} from '../core/deadline.js'
import {formatDuration} from '../core/duration.js'
import {UserError} from '../core/errors.js'
import type {Impersonation, KubeTarget} from './config.js'
import {ApiException, AppsV1Api, CoreV1Api, Observable} from './client.js'
import {resolveCredentials} from './credentials.js'

/** The object asked for does not exist (a real 404 with a Status), as opposed to any other failure. */
export class NotFoundError extends UserError {}

/** The workload kinds a `<type>/<name>` argument can name, besides pods. */
export type WorkloadKind = 'deployment' | 'statefulset' | 'daemonset' | 'replicaset' | 'service'

/**
 * The few Kubernetes reads we need, through the client library, each bounded by the
 * command's deadline and turned into a one-line message on failure.
 */
export class KubeApi {
  private readonly core: CoreV1Api
  private readonly apps: AppsV1Api

  constructor(
    readonly target: KubeTarget,
    private readonly deadline: Deadline,
    /** `--kubeclient-timeout`: the most one API request may take, within the deadline. */
    private readonly requestTimeoutMs?: number,
  ) {
    this.core = target.config.makeApiClient(CoreV1Api)
    this.apps = target.config.makeApiClient(AppsV1Api)
  }

  /** The generated clients take no timeout; an AbortSignal set on the request is the only way to stop one. */
  private options(signal: AbortSignal): ConfigurationOptions<ObservableMiddleware> {
    const as = this.target.impersonate
    const abortable: ObservableMiddleware = {
      pre: (context) => {
        context.setSignal(signal)
        if (as) impersonateHeaders(context, as)
        return new Observable(Promise.resolve(context))
      },
      post: (response) => new Observable(Promise.resolve(response)),
    }
    return {middleware: [abortable], middlewareMergeStrategy: 'append'}
  }

  async readPod(namespace: string, name: string): Promise<V1Pod> {
    return this.call(`read pod ${name}.${namespace}`, (options) => this.core.readNamespacedPod({namespace, name}, options), {
      notFound: `pod "${name}" not found in namespace "${namespace}"`,
    })
  }

  /** Pods in every namespace matching `labelSelector` (kubectl's -A). */
  async listPodsEverywhere(labelSelector: string): Promise<V1Pod[]> {
    const list = await this.call(`list pods matching ${labelSelector || 'anything'} in all namespaces`, (options) => this.core.listPodForAllNamespaces({labelSelector}, options))
    return list.items
  }

  async listPods(namespace: string, labelSelector: string): Promise<V1Pod[]> {
    const list = await this.call(`list pods matching ${labelSelector} in namespace ${namespace}`, (options) => this.core.listNamespacedPod({namespace, labelSelector}, options))
    return list.items
  }

  /** Namespace names, for shell completion of -n. */
  async listNamespaces(): Promise<string[]> {
    const list = await this.call('list namespaces', (options) => this.core.listNamespace({}, options))
    return list.items.map((n) => n.metadata?.name ?? '')
  }

  /** Deployment names of a namespace, for shell completion of `deployment/…`. */
  async listDeployments(namespace: string): Promise<string[]> {
    const list = await this.call(`list deployments in namespace ${namespace}`, (options) => this.apps.listNamespacedDeployment({namespace}, options))
    return list.items.map((d) => d.metadata?.name ?? '')
  }

  /** A ConfigMap's data, or undefined when it does not exist. */
  async readConfigMapData(namespace: string, name: string): Promise<Record<string, string> | undefined> {
    try {
      const map = await this.call(`read configmap ${name}.${namespace}`, (options) => this.core.readNamespacedConfigMap({namespace, name}, options), {
        notFound: `configmap ${name} not found`,
      })
      return map.data ?? {}
    } catch (error) {
      if (error instanceof NotFoundError) return undefined
      throw error
    }
  }

  /**
   * Namespaces holding a pod of this name, for a hint after "not found". Hints are
   * optional: any failure (no permission to list across namespaces) gives none.
   */
  async namespacesWithPod(name: string): Promise<string[]> {
    try {
      const list = await this.call(`find pod ${name} in all namespaces`, (options) => this.core.listPodForAllNamespaces({fieldSelector: `metadata.name=${name}`}, options))
      return [...new Set(list.items.map((p) => p.metadata?.namespace ?? '').filter((ns) => ns !== ''))].sort()
    } catch (error) {
      if (this.deadline.stopped) throw error
      return []
    }
  }

  /** Whether a deployment of this name exists, for a "did you mean" hint; false on any failure. */
  async deploymentExists(namespace: string, name: string): Promise<boolean> {
    try {
      await this.call(`read deployment ${name}.${namespace}`, (options) => this.apps.readNamespacedDeployment({namespace, name}, options))
      return true
    } catch (error) {
      if (this.deadline.stopped) throw error
      return false
    }
  }

  /** The label selector that picks the pods of a workload. */
  async selectorOf(kind: WorkloadKind, namespace: string, name: string): Promise<string> {
    const what = `read ${kind} ${name}.${namespace}`
    const notFound = {notFound: `${kind} "${name}" not found in namespace "${namespace}"`}
    const request = {namespace, name}
    if (kind === 'service') {
      const service = await this.call(what, (options) => this.core.readNamespacedService(request, options), notFound)
      const labels = service.spec?.selector ?? {}
      if (Object.keys(labels).length === 0) throw new UserError(`service/${name} in namespace "${namespace}" has no selector, so no pods belong to it`)
      return labelSelector({matchLabels: labels})
    }
    type Options = ConfigurationOptions<ObservableMiddleware>
    const read: (options: Options) => Promise<{spec?: {selector?: V1LabelSelector}}> = {
      deployment: (options: Options) => this.apps.readNamespacedDeployment(request, options),
      statefulset: (options: Options) => this.apps.readNamespacedStatefulSet(request, options),
      daemonset: (options: Options) => this.apps.readNamespacedDaemonSet(request, options),
      replicaset: (options: Options) => this.apps.readNamespacedReplicaSet(request, options),
    }[kind]
    const workload = await this.call(what, read, notFound)
    const selector = labelSelector(workload.spec?.selector ?? {})
    if (selector === '') throw new UserError(`${kind}/${name} in namespace "${namespace}" has an empty selector; name a pod instead`)
    return selector
  }

  /** Settled once, before the first request: credential plugins run and plain-HTTP refusal happen here. */
  private credentials: Promise<void> | undefined

  private async call<T>(what: string, request: (options: ConfigurationOptions<ObservableMiddleware>) => Promise<T>, messages: {notFound?: string} = {}): Promise<T> {
    const server = this.target.server
    this.deadline.check(`the Kubernetes API server at ${server} (${what})`)
    this.credentials ??= resolveCredentials(this.target, this.deadline)
    await this.credentials
    const started = Date.now()
    const perRequest = this.requestTimeoutMs === undefined ? undefined : AbortSignal.timeout(this.requestTimeoutMs)
    const signal = perRequest ? AbortSignal.any([this.deadline.signal, perRequest]) : this.deadline.signal
    try {
      const result = await request(this.options(signal))
      debugLog(`kubernetes ${server}: ${what}: ok in ${Date.now() - started} ms`)
      return result
    } catch (error) {
      debugLog(`kubernetes ${server}: ${what}: ${error instanceof ApiException ? `HTTP ${error.code}` : (error as Error).message}`)
      if (this.deadline.stopped) throw this.deadline.failure(`the Kubernetes API server at ${server} (${what})`)
      if (perRequest?.aborted) {
        throw new UserError(`the Kubernetes API server at ${server} did not answer within ${formatDuration(this.requestTimeoutMs ?? 0)} (${what}); raise --kubeclient-timeout`)
      }
      throw this.describe(error, what, messages)
    }
  }

  private describe(error: unknown, what: string, messages: {notFound?: string}): UserError {
    const {server, context} = this.target
    if (error instanceof ApiException) {
      const status = statusMessage(error.body)
      switch (error.code) {
        case 401:
          return credentialsRejected(this.target)
        case 403:
          return new UserError(`not allowed to ${what}: ${status || '403 Forbidden'}`)
        case 404:
          // Every Kubernetes 404 carries a Status; anything else answering is some other web server.
          if (!isStatus(error.body)) {
            return new UserError(
              `${server} answered 404 without a Kubernetes Status when asked to ${what}: it does not look like a Kubernetes API server; check the server of context "${context}"`,
            )
          }
          if (messages.notFound) return new NotFoundError(messages.notFound)
      }
      return new UserError(`the Kubernetes API server at ${server} answered ${error.code} when asked to ${what}${status ? `: ${status}` : ''}`)
    }
    const code = (error as {code?: string}).code ?? ''
    const detail = networkReason(error, code)
    if (TLS_ERRORS.has(code) || code.startsWith('ERR_TLS_')) {
      return new UserError(`cannot verify the TLS certificate of the Kubernetes API server at ${server} (context "${context}"): ${detail}`)
    }
    return new UserError(`cannot reach the Kubernetes API server at ${server} (context "${context}"): ${detail}`)
  }
}

/**
 * Impersonate-* headers for a REST read. The API server reads one group per
 * Impersonate-Group header line, but the generated client keeps headers in a plain
 * object (one value per name); node-fetch also takes a list of name/value pairs,
 * which can repeat a name, so it gets that instead.
 */
function impersonateHeaders(context: RequestContext, {user, uid, groups = []}: Impersonation): void {
  const pairs = Object.entries(context.getHeaders()).filter(([name]) => !name.toLowerCase().startsWith('impersonate-'))
  if (user) pairs.push(['Impersonate-User', user])
  if (uid) pairs.push(['Impersonate-Uid', uid])
  for (const g of groups) pairs.push(['Impersonate-Group', g])
  context.getHeaders = () => pairs as unknown as ReturnType<RequestContext['getHeaders']>
}

export function credentialsRejected({server, context}: KubeTarget): UserError {
  return new UserError(
    `the Kubernetes API server at ${server} rejected the credentials of context "${context}" (401 Unauthorized); log in again or fix the user in your kubeconfig`,
  )
}

const TLS_ERRORS = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
])

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ETIMEDOUT: 'connection timed out',
  ECONNRESET: 'connection reset',
}

function networkReason(error: unknown, code: string): string {
  if (NETWORK_REASONS[code]) return NETWORK_REASONS[code]
  const message = error instanceof Error ? error.message : String(error)
  // node-fetch wraps the socket error as "request to <url> failed, reason: <why>"; the URL is already in our message.
  return message.replace(/^request to \S+ failed, reason: /, '').split('\n')[0]
}

function isStatus(body: unknown): boolean {
  try {
    return (JSON.parse(String(body)) as {kind?: unknown} | null)?.kind === 'Status'
  } catch {
    return false
  }
}

/** The `message` of a Kubernetes `Status` body, which the client hands over as a JSON string. */
function statusMessage(body: unknown): string {
  let value = body
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body)
    } catch {
      return body.split('\n')[0].trim()
    }
  }
  const message = (value as {message?: unknown} | null)?.message
  return typeof message === 'string' ? message : ''
}

/** kubectl's text form of a label selector, as the list call's `labelSelector` takes it. */
export function labelSelector(selector: V1LabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`)
  for (const e of selector.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',')
    switch (e.operator) {
      case 'In':
        parts.push(`${e.key} in (${values})`)
        break
      case 'NotIn':
        parts.push(`${e.key} notin (${values})`)
        break
      case 'Exists':
        parts.push(e.key)
        break
      case 'DoesNotExist':
        parts.push(`!${e.key}`)
        break
      default:
        throw new UserError(`unsupported label selector operator "${e.operator}" on key ${e.key}`)
    }
  }
  return parts.join(',')
}
