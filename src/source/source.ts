import type {V1Pod} from '@kubernetes/client-node'

import type {ByteStream} from '../dump/input.js'
import type {DumpRequest} from '../dump/request.js'
import type {Impersonation} from '../kube/config.js'

/** Where dump bytes come from: a file, stdin, a pod through a tunnel, an admin URL. */
export interface DumpSource {
  /** Names where the data came from in messages ("file dump.json", "pod productpage-v1.default"). */
  readonly origin: string
  /**
   * Set when the source is one of several pods (a bundle of dumps, a selector): the
   * POD column of combined output. A source that names one Envoy has none.
   */
  readonly pod?: string
  /** The whole answer in one buffer (small answers such as /clusters?format=json, and each pod's dump in fleet mode). */
  read(request: DumpRequest): Promise<Buffer>
  /** The answer as it streams in, for config dumps of any size; sources without it are read whole. */
  stream?(request: DumpRequest): Promise<ByteStream>
  /** The pod object as the API server returned it, when the source is a pod: its spec says how traffic reaches Envoy. */
  readonly podObject?: V1Pod
}

/** What the command line says about where to read from, as given: each kind checks what it uses. */
export interface SourceSpec {
  /** The pod argument: `name`, `name.namespace`, or `<type>/<name>[.<namespace>]`. */
  pod?: string
  /** `-f`: a saved dump, `-` for stdin. */
  file?: string
  /** `--admin-url`: an Envoy admin endpoint reached directly, no Kubernetes. */
  adminUrl?: string
  /** `-l`: every Running pod matching this label selector. */
  selector?: string
  /** `-A`: `selector` looks in every namespace. */
  allNamespaces?: boolean
  /** `--all-pods`: a workload argument stands for all its Running pods, not the best one. */
  allPods?: boolean
  /** `-n`; empty means the kubeconfig context's namespace, else `default`. */
  namespace?: string
  kubeconfig?: string
  context?: string
  /** Envoy admin port inside the pod. */
  adminPort: number
  /** `--timeout` as typed: the budget for reading and parsing. */
  timeout: string
  /** `-i`: where the Istio install keeps its ConfigMaps. */
  istioNamespace?: string
  /** `--as`, `--as-uid`, `--as-group`: sent as Impersonate-* headers on every Kubernetes request. */
  impersonate?: Impersonation
  /** `--kubeclient-timeout` as typed: the most one Kubernetes API request may take. */
  kubeclientTimeout?: string
  /** `--max-dump-size` as typed; the default when absent. */
  maxDumpSize?: string
}

/** The flags and arguments that say where dumps come from; exactly one of them may be given. */
export type SourceInput = 'pod' | 'file' | 'adminUrl' | 'selector'

/** What opening a source gave: one or more dumps to read, and how to tear down what opening them started. */
export interface OpenSources {
  sources: DumpSource[]
  close(): Promise<void>
}

/**
 * One way of reading dumps. Kinds reading the same input are asked in registry
 * order (see kinds.ts) whether they take its value; the first that does opens it.
 */
export interface SourceKind {
  readonly input: SourceInput
  accepts(value: string): boolean | Promise<boolean>
  open(value: string, spec: SourceSpec): Promise<OpenSources>
}

/** A source with nothing to tear down (files, stdin). */
export function openedAlone(source: DumpSource): OpenSources {
  return {sources: [source], close: async () => {}}
}
