import type {ByteStream} from '../dump/input.js'
import type {DumpRequest} from '../dump/request.js'

/** Where dump bytes come from: a file, stdin, a pod through a tunnel, an admin URL. */
export interface DumpSource {
  /** Names where the data came from in messages ("file dump.json", "pod productpage-v1.default"). */
  readonly origin: string
  /** The whole answer in one buffer (small answers such as /clusters?format=json). */
  read(request: DumpRequest): Promise<Buffer>
  /** The answer as it streams in, for config dumps of any size; sources without it are read whole. */
  stream?(request: DumpRequest): Promise<ByteStream>
}

/** What the command line says about where to read from, as given: each kind checks what it uses. */
export interface SourceSpec {
  /** The pod argument: `name`, `name.namespace`, or `<type>/<name>[.<namespace>]`. */
  pod?: string
  /** `-f`: a saved dump, `-` for stdin. */
  file?: string
  /** `--admin-url`: an Envoy admin endpoint reached directly, no Kubernetes. */
  adminUrl?: string
  /** `-n`; empty means the kubeconfig context's namespace, else `default`. */
  namespace?: string
  kubeconfig?: string
  context?: string
  /** Envoy admin port inside the pod. */
  adminPort: number
  /** `--timeout` as typed: the budget for reading and parsing. */
  timeout: string
  /** `--max-dump-size` as typed; the default when absent. */
  maxDumpSize?: string
}

/** The flags and arguments that say where dumps come from; exactly one of them may be given. */
export type SourceInput = 'pod' | 'file' | 'adminUrl'

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
