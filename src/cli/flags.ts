import {Args, Flags} from '@oclif/core'

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
  file: Flags.string({char: 'f', description: 'Read a saved Envoy dump from this file instead of a pod ("-" reads stdin; gzip is recognised)', helpValue: 'FILE'}),
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
  'proxy-admin-port': Flags.integer({default: 15000, description: 'Envoy admin port inside the pod', helpValue: 'PORT'}),
  timeout: Flags.string({default: '30s', description: 'Give up after this long: fetching, reading and parsing (e.g. 10s, 2m)', helpValue: 'DURATION'}),
  debug: Flags.boolean({default: false, description: 'Print stack traces and HTTP exchanges on stderr (for bug reports; also DEBUG=proxy-config*)'}),
}

/** What the source flags hold, whichever command declared them (`log` has no `-f`). */
export interface SourceFlags {
  file?: string
  'admin-url'?: string
  namespace?: string
  kubeconfig?: string
  context?: string
  'proxy-admin-port': number
  timeout: string
  'max-dump-size'?: string
}

/** The pod argument and the source flags, as the source layer takes them. */
export function sourceSpec(pod: string | undefined, flags: SourceFlags): SourceSpec {
  return {
    pod,
    file: flags.file,
    adminUrl: flags['admin-url'],
    namespace: flags.namespace,
    kubeconfig: flags.kubeconfig,
    context: flags.context,
    adminPort: flags['proxy-admin-port'],
    timeout: flags.timeout,
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
  port: Flags.integer({default: 0, description: 'Only clusters of this service port'}),
}

export function clusterFilter(flags: {fqdn?: string; direction?: string; subset?: string; port: number}): ClusterFilter {
  return {fqdn: flags.fqdn, direction: flags.direction, subset: flags.subset, port: flags.port}
}

export const listenerFilterFlags = {
  address: Flags.string({description: 'Only listeners bound to this address (exact, including additional addresses)'}),
  port: Flags.integer({default: 0, description: 'Only listeners on this port'}),
  type: Flags.string({description: 'Only listeners of this type: HTTP, TCP, HTTP+TCP or UNKNOWN'}),
}

export function listenerFilter(flags: {address?: string; port: number; type?: string}): ListenerFilter {
  return {address: flags.address, port: flags.port, type: flags.type}
}

/** Filters shared by `endpoint` (live host table) and `eds` (EDS assignments). */
export const endpointFilterFlags = {
  address: Flags.string({description: 'Only endpoints with this address (for eds: ip:port as shown)'}),
  port: Flags.integer({default: 0, description: 'Only endpoints on this port'}),
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
