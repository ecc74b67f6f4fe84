import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {ExitCode, UserError} from '../core/errors.js'
import {checkAdminPort, parsePortNumber} from '../core/port.js'
import type {ClusterFilter} from '../filter/cluster.js'
import type {EndpointFilter} from '../filter/endpoint.js'
import type {ListenerFilter} from '../filter/listener.js'
import type {ListingOptions} from '../render/listing.js'
import {ALL_FORMATS, formatsHelp} from '../render/printers/registry.js'
import {DEFAULT_MAX_DUMP_SIZE} from '../source/limits.js'
import type {SourceSpec} from '../source/source.js'

/**
 * Every flag and argument more than one command takes, each defined once, with the
 * mappers from parsed flags to what src/ takes (filters, listing options, a source spec).
 */

/**
 * The pod argument. Each command declares `static override args = podArg`: oclif
 * copies a command's own static fields only, so an inherited `args` is not seen.
 */
export const podArg = {
  // oclif would otherwise read piped stdin into the argument; `-f -` needs stdin for the dump.
  pod: Args.string({ignoreStdin: true, description: 'Pod to inspect: name, name.namespace, or <type>/<name>[.<namespace>] (deployment/productpage-v1)'}),
}

/**
 * `-o`, its help written from the printer registry: the formats a command takes
 * (all by default), each with the registry's note or the command's own `notes`.
 */
export function outputFlag(opts: {default?: string; formats?: readonly string[]; notes?: Readonly<Record<string, string>>} = {}) {
  return {
    output: Flags.string({
      char: 'o',
      default: opts.default ?? 'short',
      description: `Output format: ${formatsHelp(opts.formats ?? ALL_FORMATS, opts.notes)}`,
      helpValue: 'FORMAT',
    }),
  }
}

/** `-f`: a saved dump instead of a pod. */
export const fileFlag = {
  file: Flags.string({
    char: 'f',
    description:
      'Read a saved Envoy dump from this file instead of a pod ("-" reads stdin; gzip is recognised); a directory or a .tar.gz/.tgz/.tar of dumps (e.g. istioctl bug-report) shows every pod in it',
    helpValue: 'FILE',
  }),
}

/**
 * An integer port flag whose mistakes read "invalid port number", not oclif's
 * "Parsing --port"; `check` adds a range check (the admin port's).
 */
function portFlag(opts: {default: number; description: string; helpValue?: string; check?: (port: number) => number}) {
  const {check = (port: number) => port, ...rest} = opts
  return Flags.custom<number>({parse: async (input, _context, flag) => check(parsePortNumber(input, `--${flag.name}`))})(rest)
}

/** `--max-dump-size`: the most a command reads, so endless or hostile input ends with an error instead of exhausting memory. */
export const maxDumpSizeFlag = {
  'max-dump-size': Flags.string({
    default: DEFAULT_MAX_DUMP_SIZE,
    description: 'Refuse dumps larger than this, fetched or decompressed (e.g. 800MB, 2GiB)',
    helpValue: 'SIZE',
  }),
}

/** Flags for reaching a live Envoy, shared by the dump commands and `log`. */
export const connectionFlags = {
  'admin-url': Flags.string({description: 'Talk to an Envoy admin endpoint directly, e.g. http://127.0.0.1:15000 (no Kubernetes)', helpValue: 'URL'}),
  namespace: Flags.string({char: 'n', description: 'Namespace of the pod (default: the kubeconfig context namespace, else "default")', helpValue: 'NAMESPACE'}),
  kubeconfig: Flags.string({char: 'c', description: 'Path to the kubeconfig file (default: $KUBECONFIG or ~/.kube/config)', helpValue: 'FILE'}),
  context: Flags.string({description: 'Kubeconfig context to use', helpValue: 'CONTEXT'}),
  'proxy-admin-port': portFlag({default: 15000, description: 'Envoy admin port inside the pod (1-65535)', helpValue: 'PORT', check: checkAdminPort}),
  timeout: Flags.string({default: '30s', description: 'Give up after this long: fetching, reading and parsing (e.g. 10s, 2m)', helpValue: 'DURATION'}),
  debug: Flags.boolean({default: false, description: 'Print stack traces and HTTP exchanges on stderr (for bug reports; also DEBUG=proxy-config*)'}),
  // istioctl's root flags, accepted everywhere as istioctl accepts them.
  istioNamespace: Flags.string({
    char: 'i',
    default: 'istio-system',
    description: 'Istio system namespace (log --reset reads the istio-sidecar-injector ConfigMap there)',
    helpValue: 'NAMESPACE',
  }),
  as: Flags.string({description: 'Username to impersonate for every Kubernetes request, the port-forward included', helpValue: 'USER'}),
  'as-uid': Flags.string({description: 'UID to impersonate (needs --as)', helpValue: 'UID'}),
  'as-group': Flags.string({multiple: true, multipleNonGreedy: true, description: 'Group to impersonate (needs --as); repeat for several groups', helpValue: 'GROUP'}),
  'kubeclient-timeout': Flags.string({default: '15s', description: 'Give up on one Kubernetes API request after this long', helpValue: 'DURATION'}),
}

/** Many pods at once, for the listing commands: one combined output with a POD column. */
export const fleetFlags = {
  selector: Flags.string({
    char: 'l',
    description: 'Every Running pod matching this label selector (e.g. app=productpage), in one combined output with a POD column',
    helpValue: 'SELECTOR',
  }),
  'all-namespaces': Flags.boolean({
    char: 'A',
    default: false,
    description: 'With -l, look in every namespace (alone: every Running pod everywhere); pods are named name.namespace',
  }),
  'all-pods': Flags.boolean({default: false, description: 'A workload argument (deployment/x) stands for all its Running pods, not the best one'}),
  'max-concurrency': Flags.integer({default: 8, min: 1, description: 'Pods (or dumps of a bundle) read at once', helpValue: 'N'}),
}

/** What the source flags hold, whichever command declared them (`log` has no `-f`). */
export interface SourceFlags {
  selector?: string
  'all-namespaces'?: boolean
  'all-pods'?: boolean
  file?: string
  'admin-url'?: string
  namespace?: string
  kubeconfig?: string
  context?: string
  'proxy-admin-port': number
  timeout: string
  istioNamespace: string
  as?: string
  'as-uid'?: string
  'as-group'?: string[]
  'kubeclient-timeout': string
  'max-dump-size'?: string
}

/** The pod argument and the source flags, as the source layer takes them. */
export function sourceSpec(pod: string | undefined, flags: SourceFlags): SourceSpec {
  return {
    pod,
    file: flags.file,
    adminUrl: flags['admin-url'],
    // -A alone asks for every pod; with a pod argument it has nothing to widen.
    selector: flags.selector ?? (flags['all-namespaces'] && pod === undefined ? '' : undefined),
    allNamespaces: flags['all-namespaces'],
    allPods: flags['all-pods'],
    namespace: flags.namespace,
    kubeconfig: flags.kubeconfig,
    context: flags.context,
    adminPort: flags['proxy-admin-port'],
    timeout: flags.timeout,
    istioNamespace: flags.istioNamespace,
    impersonate:
      flags.as === undefined && flags['as-uid'] === undefined && flags['as-group'] === undefined ? undefined : {user: flags.as, uid: flags['as-uid'], groups: flags['as-group']},
    kubeclientTimeout: flags['kubeclient-timeout'],
    maxDumpSize: flags['max-dump-size'],
  }
}

/** kubectl's listing flags, for every command that lists resources. */
export const listingFlags = {
  'no-headers': Flags.boolean({default: false, description: 'Print table rows without the header line (for scripts)'}),
  'sort-by': Flags.string({description: "Sort by a JSONPath expression over each item's JSON, as kubectl does, e.g. .name or '{.connectTimeout}'", helpValue: 'EXPR'}),
}

export const showSecretsFlag = {
  'show-secrets': Flags.boolean({
    default: false,
    description: 'Show credentials found in the dump (private keys, passwords, tokens) instead of [redacted]; certificates are always shown',
  }),
}

export function listingOptions(flags: {'no-headers': boolean; 'sort-by'?: string; 'show-secrets': boolean}): ListingOptions {
  return {noHeaders: flags['no-headers'], sortBy: flags['sort-by'], showSecrets: flags['show-secrets']}
}

/** istioctl's cluster filters: substring tests on the cluster name. */
export const clusterFilterFlags = {
  fqdn: Flags.string({description: 'Only clusters whose name contains this service FQDN (substring match)'}),
  direction: Flags.string({description: 'Only clusters whose name contains this direction (inbound, outbound)'}),
  subset: Flags.string({description: 'Only clusters whose name contains this subset (e.g. v1)'}),
  port: portFlag({default: 0, description: 'Only clusters of this service port'}),
}

export function clusterFilter(flags: {fqdn?: string; direction?: string; subset?: string; port: number}): ClusterFilter {
  return {fqdn: flags.fqdn, direction: flags.direction, subset: flags.subset, port: flags.port}
}

export const listenerFilterFlags = {
  address: Flags.string({description: 'Only listeners bound to this address (exact, including additional addresses)'}),
  port: portFlag({default: 0, description: 'Only listeners on this port'}),
  type: Flags.string({description: 'Only listeners of this type: HTTP, TCP, HTTP+TCP or UNKNOWN'}),
}

export function listenerFilter(flags: {address?: string; port: number; type?: string}): ListenerFilter {
  return {address: flags.address, port: flags.port, type: flags.type}
}

/** Filters shared by `endpoint` (live host table) and `eds` (EDS assignments). */
export const endpointFilterFlags = {
  address: Flags.string({description: 'Only endpoints with this address (for eds: ip:port as shown)'}),
  port: portFlag({default: 0, description: 'Only endpoints on this port'}),
  cluster: Flags.string({description: 'Only endpoints of this cluster (e.g. "outbound|9080||reviews.default.svc.cluster.local")'}),
  status: Flags.string({description: 'Only endpoints with this health status: HEALTHY, UNHEALTHY, DRAINING, TIMEOUT, DEGRADED, UNKNOWN'}),
}

export function endpointFilter(flags: {address?: string; port: number; cluster?: string; status?: string}): EndpointFilter {
  return {address: flags.address, port: flags.port, cluster: flags.cluster, status: flags.status}
}

export const routeNameFlag = {
  name: Flags.string({description: 'Only the route configuration with exactly this name (e.g. 9080)'}),
}

/**
 * The same flags with other help texts, for a command (`all`) where one flag filters
 * several sections and says so.
 */
export function redescribed<F extends Record<string, {description?: string}>>(flags: F, descriptions: {[K in keyof F]: string}): F {
  return Object.fromEntries(Object.entries(flags).map(([name, flag]) => [name, {...flag, description: descriptions[name]}])) as F
}

/**
 * When certificates are judged (VALID CERT, EXPIRES): now, or PROXY_CONFIG_NOW
 * (an RFC 3339 time) to ask how a certificate stands at another moment.
 */
export function certificateClock(env: NodeJS.ProcessEnv = process.env): Date {
  const at = env.PROXY_CONFIG_NOW
  if (at === undefined || at === '') return new Date()
  const date = new Date(at)
  if (!/^\d{4}-\d\d-\d\dT/.test(at) || Number.isNaN(date.getTime()))
    throw new UserError(`PROXY_CONFIG_NOW="${at}" is not an RFC 3339 time such as 2026-01-14T10:00:00Z`, ExitCode.usage)
  return date
}
