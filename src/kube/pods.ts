import type {V1Pod} from '@kubernetes/client-node'

import {ExitCode, UserError} from '../core/errors.js'
import {type KubeApi, NotFoundError, type WorkloadKind} from './api.js'

/** A pod argument after splitting: a pod named directly, or a workload whose pods we must find. */
export type PodArgument =
  | {kind: 'pod'; name: string; namespace: string}
  | {kind: WorkloadKind; name: string; namespace: string /** `deployment/productpage-v1`, as the user wrote the type */; text: string}

export interface PodRef {
  name: string
  namespace: string
  /** The pod as the API server returned it, for commands that read its spec (explain's capture settings). */
  object?: V1Pod
}

const KIND_BY_TYPE: Record<string, 'pod' | WorkloadKind> = {}
for (const [kind, types] of Object.entries({
  pod: ['pod', 'pods', 'po'],
  deployment: ['deployment', 'deployments', 'deploy'],
  statefulset: ['statefulset', 'statefulsets', 'sts'],
  daemonset: ['daemonset', 'daemonsets', 'ds'],
  replicaset: ['replicaset', 'replicasets', 'rs'],
  service: ['service', 'services', 'svc'],
})) {
  for (const t of types) KIND_BY_TYPE[t] = kind as 'pod' | WorkloadKind
}
const APPS_KINDS = new Set(['deployment', 'statefulset', 'daemonset', 'replicaset'])

/**
 * Splits `name`, `name.namespace` and `<type>/<name>[.<namespace>]` as istioctl does:
 * with a type, only a dot after the slash starts the namespace (so `deployment.apps/x`
 * keeps its group); without one, the last dot does. A namespace in the argument wins
 * over `-n`.
 */
export function parsePodArgument(text: string, defaultNamespace: string): PodArgument {
  const slash = text.lastIndexOf('/')
  let resource = text
  let namespace = defaultNamespace
  const dot = text.lastIndexOf('.')
  if (dot > slash) {
    resource = text.slice(0, dot)
    namespace = text.slice(dot + 1) || defaultNamespace
  }
  if (slash === 0) throw new UserError(`expected a pod name or <type>/<name>, got "${text}"`, ExitCode.usage)
  if (slash < 0) {
    if (resource === '') throw new UserError(`expected a pod name, got "${text}"`, ExitCode.usage)
    return {kind: 'pod', name: resource, namespace}
  }
  const type = resource.slice(0, slash)
  const name = resource.slice(slash + 1)
  if (name === '') throw new UserError(`expected a name after "${type}/" in "${text}"`, ExitCode.usage)
  const kind = kindOf(type)
  if (kind === undefined) {
    throw new UserError(`unknown resource type "${type}" in "${text}": use pod, deployment, statefulset, daemonset, replicaset or service`, ExitCode.usage)
  }
  if (kind === 'pod') return {kind, name, namespace}
  return {kind, name, namespace, text: `${type}/${name}`}
}

/** `deploy`, `deployments.apps` and `Deployment.v1.apps` all mean deployments, as for kubectl. */
function kindOf(type: string): 'pod' | WorkloadKind | undefined {
  const [base, ...group] = type.toLowerCase().split('.')
  const kind = KIND_BY_TYPE[base]
  if (kind === undefined) return undefined
  const qualifier = group.join('.')
  if (qualifier === '') return kind
  const expected = APPS_KINDS.has(kind) ? ['apps', 'v1.apps'] : ['v1', '']
  return expected.includes(qualifier) ? kind : undefined
}

/**
 * The one pod a dump command talks to. A pod named directly is checked with a plain GET
 * so a typo or a stopped pod gets a precise message before any port-forward; a workload
 * resolves to its best Running pod, and `notify` says which one was taken.
 */
export async function resolvePod(api: KubeApi, arg: PodArgument, notify: (line: string) => void): Promise<PodRef> {
  if (arg.kind === 'pod') {
    const pod = await api.readPod(arg.namespace, arg.name).catch((error: unknown) => notFoundHints(api, arg, error))
    const phase = pod.status?.phase ?? 'Unknown'
    if (phase !== 'Running') throw new UserError(`pod ${arg.name}.${arg.namespace} is not running (phase ${phase})`)
    return {name: arg.name, namespace: arg.namespace, object: pod}
  }
  const pods = await workloadPods(api, arg)
  const pod = pickPod(pods)
  if (!pod) throw new UserError(`no running pod among the pods of ${arg.text} in namespace "${arg.namespace}" (${describePods(pods)})`)
  const ref = refOf(pod, arg.namespace)
  notify(`Using pod ${ref.name}.${ref.namespace} (from ${arg.text})`)
  return ref
}

/**
 * Rethrows a pod lookup's failure; when the pod does not exist, with what the user
 * most likely meant: the namespaces where a pod of that name does exist, or the
 * deployment of that name (a deployment name given as a pod name).
 */
async function notFoundHints(api: KubeApi, arg: PodArgument, error: unknown): Promise<never> {
  if (!(error instanceof NotFoundError)) throw error
  const elsewhere = (await api.namespacesWithPod(arg.name)).filter((ns) => ns !== arg.namespace)
  if (elsewhere.length > 0) {
    const some = elsewhere.slice(0, 5).join(', ') + (elsewhere.length > 5 ? ` and ${elsewhere.length - 5} more` : '')
    throw new UserError(`${error.message}; a pod of that name exists in namespace ${some} (use -n ${elsewhere[0]} or ${arg.name}.${elsewhere[0]})`)
  }
  if (await api.deploymentExists(arg.namespace, arg.name)) throw new UserError(`${error.message}; did you mean deployment/${arg.name}?`)
  throw error
}

/** Every Running pod a `log` command addresses: the named pod, all pods of a workload, or all pods matching `-l`. */
export async function resolvePods(api: KubeApi, target: {arg: PodArgument} | {selector: string; namespace: string; allNamespaces?: boolean}): Promise<PodRef[]> {
  if ('selector' in target) {
    const everywhere = target.allNamespaces === true
    const pods = everywhere ? await api.listPodsEverywhere(target.selector) : await api.listPods(target.namespace, target.selector)
    const running = pods.filter(isRunning)
    const where = everywhere ? 'any namespace' : `namespace "${target.namespace}"`
    const matching = (verb: string) => (target.selector === '' ? '' : ` ${verb} selector ${target.selector}`)
    if (pods.length === 0) throw new UserError(`no pods in ${where}${matching('match')}`)
    if (running.length === 0) throw new UserError(`no running pod in ${where}${matching('matches')} (${describePods(pods)})`)
    return sortByName(running).map((p) => refOf(p, target.namespace))
  }
  const {arg} = target
  if (arg.kind === 'pod') return [await resolvePod(api, arg, () => {})]
  const pods = await workloadPods(api, arg)
  const running = pods.filter(isRunning)
  if (running.length === 0) throw new UserError(`no running pod among the pods of ${arg.text} in namespace "${arg.namespace}" (${describePods(pods)})`)
  return sortByName(running).map((p) => refOf(p, arg.namespace))
}

async function workloadPods(api: KubeApi, arg: Exclude<PodArgument, {kind: 'pod'}>): Promise<V1Pod[]> {
  const selector = await api.selectorOf(arg.kind, arg.namespace, arg.name)
  const pods = await api.listPods(arg.namespace, selector)
  if (pods.length === 0) throw new UserError(`no pods match ${arg.text} in namespace "${arg.namespace}" (selector ${selector})`)
  return pods
}

/** kubectl's preference when a workload stands for one pod: Running, then Ready, then the newest. */
export function pickPod(pods: readonly V1Pod[]): V1Pod | undefined {
  const created = (p: V1Pod) => new Date(p.metadata?.creationTimestamp ?? 0).getTime()
  return pods.filter(isRunning).sort((a, b) => Number(isReady(b)) - Number(isReady(a)) || created(b) - created(a) || nameOf(a).localeCompare(nameOf(b)))[0]
}

function isRunning(pod: V1Pod): boolean {
  return pod.status?.phase === 'Running' && !pod.metadata?.deletionTimestamp
}

function isReady(pod: V1Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
}

function nameOf(pod: V1Pod): string {
  return pod.metadata?.name ?? ''
}

function refOf(pod: V1Pod, namespace: string): PodRef {
  return {name: nameOf(pod), namespace: pod.metadata?.namespace ?? namespace, object: pod}
}

function sortByName(pods: V1Pod[]): V1Pod[] {
  return [...pods].sort((a, b) => nameOf(a).localeCompare(nameOf(b)))
}

function describePods(pods: readonly V1Pod[]): string {
  const shown = pods.slice(0, 3).map((p) => `${nameOf(p)} ${p.metadata?.deletionTimestamp ? 'Terminating' : (p.status?.phase ?? 'Unknown')}`)
  return shown.join(', ') + (pods.length > 3 ? `, and ${pods.length - 3} more` : '')
}
