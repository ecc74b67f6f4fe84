import {ApiException, AppsV1Api, type ConfigurationOptions, CoreV1Api, type ObservableMiddleware, Observable, type V1LabelSelector, type V1Pod} from '@kubernetes/client-node'

import {debugLog} from '../core/debug.js'
import {UserError} from '../core/errors.js'
import type {Deadline} from '../core/deadline.js'
import type {KubeTarget} from './config.js'

/** The workload kinds a `<type>/<name>` argument can name, besides pods. */
export type WorkloadKind = 'deployment' | 'statefulset' | 'daemonset' | 'replicaset' | 'service'

/**
 * The few Kubernetes reads we need, through the client library, each bounded by the
 * command's deadline and turned into a one-line message on failure.
 */
export class KubeApi {
  private readonly core: CoreV1Api
  private readonly apps: AppsV1Api
  private readonly options: ConfigurationOptions<ObservableMiddleware>

  constructor(
    readonly target: KubeTarget,
    private readonly deadline: Deadline,
  ) {
    this.core = target.config.makeApiClient(CoreV1Api)
    this.apps = target.config.makeApiClient(AppsV1Api)
    const signal = deadline.signal
    // The generated clients take no timeout; an AbortSignal set on every request is the only way to stop one.
    const abortable: ObservableMiddleware = {
      pre: (context) => {
        context.setSignal(signal)
        return new Observable(Promise.resolve(context))
      },
      post: (response) => new Observable(Promise.resolve(response)),
    }
    this.options = {middleware: [abortable], middlewareMergeStrategy: 'append'}
  }

  async readPod(namespace: string, name: string): Promise<V1Pod> {
    return this.call(`read pod ${name}.${namespace}`, () => this.core.readNamespacedPod({namespace, name}, this.options), {
      notFound: `pod "${name}" not found in namespace "${namespace}"`,
    })
  }

  async listPods(namespace: string, labelSelector: string): Promise<V1Pod[]> {
    const list = await this.call(`list pods matching ${labelSelector} in namespace ${namespace}`, () => this.core.listNamespacedPod({namespace, labelSelector}, this.options))
    return list.items
  }

  /** The label selector that picks the pods of a workload. */
  async selectorOf(kind: WorkloadKind, namespace: string, name: string): Promise<string> {
    const what = `read ${kind} ${name}.${namespace}`
    const notFound = {notFound: `${kind} "${name}" not found in namespace "${namespace}"`}
    const request = {namespace, name}
    if (kind === 'service') {
      const service = await this.call(what, () => this.core.readNamespacedService(request, this.options), notFound)
      const labels = service.spec?.selector ?? {}
      if (Object.keys(labels).length === 0) throw new UserError(`service/${name} in namespace "${namespace}" has no selector, so no pods belong to it`)
      return labelSelector({matchLabels: labels})
    }
    const read: () => Promise<{spec?: {selector?: V1LabelSelector}}> = {
      deployment: () => this.apps.readNamespacedDeployment(request, this.options),
      statefulset: () => this.apps.readNamespacedStatefulSet(request, this.options),
      daemonset: () => this.apps.readNamespacedDaemonSet(request, this.options),
      replicaset: () => this.apps.readNamespacedReplicaSet(request, this.options),
    }[kind]
    const workload = await this.call(what, read, notFound)
    const selector = labelSelector(workload.spec?.selector ?? {})
    if (selector === '') throw new UserError(`${kind}/${name} in namespace "${namespace}" has an empty selector; name a pod instead`)
    return selector
  }

  private async call<T>(what: string, request: () => Promise<T>, messages: {notFound?: string} = {}): Promise<T> {
    const server = this.target.server
    this.deadline.check(`the Kubernetes API server at ${server} (${what})`)
    const started = Date.now()
    try {
      const result = await request()
      debugLog(`kubernetes ${server}: ${what}: ok in ${Date.now() - started} ms`)
      return result
    } catch (error) {
      debugLog(`kubernetes ${server}: ${what}: ${error instanceof ApiException ? `HTTP ${error.code}` : (error as Error).message}`)
      if (this.deadline.stopped) throw this.deadline.failure(`the Kubernetes API server at ${server} (${what})`)
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
          if (messages.notFound) return new UserError(messages.notFound)
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
