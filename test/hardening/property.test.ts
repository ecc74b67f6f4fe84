/**
 * Property-based hardening: whatever JSON (or bytes) comes in, and whatever filter
 * values a user types, the dump reader, every listing builder, the filters and the
 * renderers either produce a result or throw a UserError, never anything else, and
 * the proto transcoder never throws at all.
 */
import {readFileSync} from 'node:fs'

import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {UserError} from '../../src/core/errors.js'
import {ConfigDump} from '../../src/dump/configdump.js'
import {filterClusters, sortByClusterName} from '../../src/filter/cluster.js'
import {clustersWithMatchingHosts, filterLoadAssignment, matchingHosts} from '../../src/filter/endpoint.js'
import {filterListeners, listenerType, sortListeners} from '../../src/filter/listener.js'
import {filterRoutes, sortRoutes} from '../../src/filter/route.js'
import {parseCluster} from '../../src/model/cluster.js'
import {parseClusterLoadAssignment, parseClusterStatuses} from '../../src/model/endpoint.js'
import {parseListener} from '../../src/model/listener.js'
import {parseRouteConfiguration} from '../../src/model/route.js'
import {anyToProtoJson, toProtoJson} from '../../src/proto/transcode.js'
import type {Listing} from '../../src/render/listing.js'
import {renderListing} from '../../src/render/print.js'
import {parsePrinter} from '../../src/render/printers/registry.js'
import {clusterListing} from '../../src/show/cluster.js'
import {edsListing, endpointListing} from '../../src/show/endpoint.js'
import {listenerListing} from '../../src/show/listener.js'
import {routeListing} from '../../src/show/route.js'
import {FIXTURE} from '../support/bad-corpus.js'
import {type CommandName, DUMP_COMMANDS, type OutputFormat, describeOutcome, formatsOf, runInProcess} from '../support/in-process.js'

const RUNS = Number(process.env.FC_RUNS ?? 60)
const params = {numRuns: RUNS, endOnFailure: true}
/** Per test: FC_RUNS=2000 for a long hunt needs more than the default 30 s. */
const TIMEOUT = Math.max(30_000, RUNS * 300)

const T = 'type.googleapis.com/envoy.admin.v3.'
const SECTION_TYPES = [
  'BootstrapConfigDump',
  'ClustersConfigDump',
  'ListenersConfigDump',
  'RoutesConfigDump',
  'EndpointsConfigDump',
  'SecretsConfigDump',
  'EcdsConfigDump',
  'ScopedRoutesConfigDump',
].map((t) => T + t)

/** Field names the models read (and a few camelCase twins), so random resources reach real code paths. */
const FIELDS = [
  'name',
  'type',
  'cluster_type',
  'eds_cluster_config',
  'service_name',
  'metadata',
  'filter_metadata',
  'istio',
  'config',
  'transport_socket',
  'transport_socket_matches',
  'match',
  'tlsMode',
  'circuit_breakers',
  'thresholds',
  'priority',
  'max_connections',
  'max_requests',
  'connect_timeout',
  'address',
  'socket_address',
  'port_value',
  'pipe',
  'path',
  'additional_addresses',
  'filter_chains',
  'default_filter_chain',
  'filter_chain_match',
  'server_names',
  'transport_protocol',
  'application_protocols',
  'prefix_ranges',
  'address_prefix',
  'prefix_len',
  'destination_port',
  'filters',
  'typed_config',
  '@type',
  'route_config',
  'rds',
  'route_config_name',
  'cluster',
  'weighted_clusters',
  'clusters',
  'weight',
  'virtual_hosts',
  'domains',
  'routes',
  'route',
  'prefix',
  'safe_regex',
  'regex',
  'headers',
  'timeout',
  'retry_policy',
  'num_retries',
  'redirect',
  'direct_response',
  'status',
  'cluster_name',
  'endpoints',
  'lb_endpoints',
  'endpoint',
  'health_status',
  'load_balancing_weight',
  'locality',
  'region',
  'zone',
  'sub_zone',
  'envoy_internal_address',
  'bind_to_port',
  'use_original_dst',
  'bootstrap',
  'node',
  'user_agent_build_version',
  'version',
  'major_number',
  'ISTIO_VERSION',
  'secret',
  'tls_certificate',
  'certificate_chain',
  'inline_bytes',
  'validation_context',
  'trusted_ca',
  'custom_validator_config',
  'trust_domains',
  'trust_bundle',
  'ecds_filter',
  'version_info',
  'last_updated',
  'portValue',
  'socketAddress',
  'filterChains',
  'clusterName',
  'lbEndpoints',
  'virtualHosts',
  'cluster_statuses',
  'host_statuses',
  'eds_health_status',
  'failed_outlier_check',
  'hostname',
  'string_match',
  'query_parameters',
  'invert_match',
  'present_match',
  'range_match',
  'exact',
  'response_code',
  'typed_per_filter_config',
  'source_ports',
  'listener_filters',
  'common_tls_context',
  'combined_validation_context',
  'match_subject_alt_names',
  'error_state',
  'failed_configuration',
  'client_status',
  'warming_state',
  '__proto__',
  'constructor',
]

/** Scalars, including the awkward ones: huge and fractional numbers, integer strings, Istio cluster names. */
const scalar = fc.oneof(
  fc.string(),
  fc.string({unit: 'binary'}),
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    65536,
    2 ** 64,
    -1,
    1.5,
    1e308,
    -0,
    '18446744073709551616',
    '9080',
    'STRICT_DNS',
    'HEALTHY',
    'outbound|9080|v1|reviews.default.svc.cluster.local',
    'envoy.filters.network.http_connection_manager',
    'envoy.filters.network.tcp_proxy',
    '1.5s',
    '2026-01-14T09:00:00Z',
  ),
  fc.boolean(),
  fc.constant(null),
)

/** Objects keyed by the model vocabulary, nested a few levels, with lists and scalars in any place. */
const {node} = fc.letrec<{node: unknown; obj: Record<string, unknown>}>((tie) => ({
  node: fc.oneof({maxDepth: 5, depthIdentifier: 'node'}, scalar, tie('obj'), fc.array(tie('obj'), {maxLength: 3}), fc.array(tie('node'), {maxLength: 3})),
  obj: fc.dictionary(fc.constantFrom(...FIELDS), tie('node'), {maxKeys: 6}),
}))

/** Entries of a section's repeated fields: the resource under its wrapper key, or anything at all. */
const entry = fc.oneof(
  fc.record({cluster: node}, {requiredKeys: []}),
  fc.record({active_state: fc.record({listener: node}, {requiredKeys: []})}, {requiredKeys: []}),
  fc.record({listener: node, route_config: node, endpoint_config: node, secret: node, ecds_filter: node}, {requiredKeys: []}),
  node,
)

const REPEATED = [
  'static_clusters',
  'dynamic_active_clusters',
  'static_listeners',
  'dynamic_listeners',
  'static_route_configs',
  'dynamic_route_configs',
  'static_endpoint_configs',
  'dynamic_endpoint_configs',
  'dynamic_active_secrets',
  'dynamic_warming_secrets',
  'ecds_filters',
  'bootstrap',
  'dynamicActiveClusters',
]

/** Any section type with any of the repeated fields, holding anything. */
const looseSection = fc
  .tuple(fc.constantFrom(...SECTION_TYPES), fc.dictionary(fc.constantFrom(...REPEATED), fc.oneof(fc.array(entry, {maxLength: 5}), node), {maxKeys: 4}))
  .map(([type, fields]) => ({'@type': type, ...fields}))

/** Where each section keeps its resources, so that random resources reach the models. */
const SHAPES: [string, [string, string[]][]][] = [
  [
    'ClustersConfigDump',
    [
      ['static_clusters', ['cluster']],
      ['dynamic_active_clusters', ['cluster']],
    ],
  ],
  [
    'ListenersConfigDump',
    [
      ['static_listeners', ['listener']],
      ['dynamic_listeners', ['active_state', 'listener']],
    ],
  ],
  [
    'RoutesConfigDump',
    [
      ['static_route_configs', ['route_config']],
      ['dynamic_route_configs', ['route_config']],
    ],
  ],
  [
    'EndpointsConfigDump',
    [
      ['static_endpoint_configs', ['endpoint_config']],
      ['dynamic_endpoint_configs', ['endpoint_config']],
    ],
  ],
  [
    'SecretsConfigDump',
    [
      ['dynamic_active_secrets', ['secret']],
      ['dynamic_warming_secrets', ['secret']],
    ],
  ],
  ['EcdsConfigDump', [['ecds_filters', ['ecds_filter']]]],
  ['BootstrapConfigDump', [['bootstrap', []]]],
]
const resource = fc.dictionary(fc.constantFrom(...FIELDS), node, {minKeys: 1, maxKeys: 8})
const wrapped = (path: string[]): fc.Arbitrary<unknown> => resource.map((r) => path.reduceRight<unknown>((inner, step) => ({[step]: inner}), r))

/** A section of a known type whose repeated fields hold wrapped resources (mostly) of random contents. */
const wellFormedSection = fc
  .constantFrom(...SHAPES)
  .chain(([type, lists]) =>
    fc
      .record(
        Object.fromEntries(
          lists.map(([list, path]) => [list, list === 'bootstrap' ? resource : fc.array(fc.oneof(wrapped(path), wrapped(path), wrapped(path), entry), {maxLength: 4})]),
        ),
        {requiredKeys: []},
      )
      .map((fields) => ({'@type': T + type, ...fields})),
  )

const dumpShaped = fc.record({configs: fc.array(fc.oneof(wellFormedSection, wellFormedSection, wellFormedSection, looseSection, node), {maxLength: 8})})

/** The bundled fixture with three resources per list: real structure for mutations to break. */
function miniFixture(): {configs: Record<string, unknown>[]} {
  const dump = JSON.parse(readFileSync(FIXTURE, 'utf8')) as {configs: Record<string, unknown>[]}
  for (const section of dump.configs) for (const [key, value] of Object.entries(section)) if (Array.isArray(value)) section[key] = value.slice(0, 3)
  return dump
}

/** Every path to a value inside `value`. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return out
  for (const [k, v] of Object.entries(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(k) : k]
    out.push(path)
    paths(v, path, out)
  }
  return out
}

/** The fixture with a few values, anywhere, replaced by arbitrary ones (or removed). */
const mutatedFixture = (() => {
  const base = miniFixture()
  const all = paths(base).filter((p) => p.length > 2)
  return fc.array(fc.tuple(fc.nat(), fc.oneof(node, scalar, fc.constant(undefined))), {minLength: 1, maxLength: 6}).map((mutations) => {
    const dump = structuredClone(base)
    for (const [n, value] of mutations) {
      const path = all[n % all.length]
      let parent: unknown = dump
      for (const step of path.slice(0, -1)) parent = typeof parent === 'object' && parent !== null ? (parent as Record<string | number, unknown>)[step] : undefined
      if (typeof parent !== 'object' || parent === null) continue
      if (value === undefined) delete (parent as Record<string | number, unknown>)[path[path.length - 1]]
      else (parent as Record<string | number, unknown>)[path[path.length - 1]] = value
    }
    return dump
  })
})()

/** What a command may do with any input: print something, or refuse with a UserError before printing. */
async function assertContract(input: Buffer, commands: readonly CommandName[] = DUMP_COMMANDS, formats?: readonly OutputFormat[]): Promise<void> {
  for (const command of commands) {
    for (const format of formats ?? formatsOf(command)) {
      const o = await runInProcess(command, format, input)
      if (o.kind === 'crash') throw new Error(`${command} -o ${format}: ${describeOutcome(o)}`)
    }
  }
}

/** Runs `fn`; anything thrown other than a UserError fails the property. */
function onlyUserErrors(fn: () => unknown): void {
  try {
    fn()
  } catch (error) {
    if (!(error instanceof UserError)) throw error
  }
}

describe('properties: the dump reader and every command', () => {
  it(
    'arbitrary JSON values, as config dumps and as /clusters?format=json',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.jsonValue({maxDepth: 6}), async (value) => {
          const input = Buffer.from(JSON.stringify(value))
          await assertContract(input)
          await assertContract(input, ['endpoint'])
        }),
        params,
      )
    },
    TIMEOUT,
  )

  it(
    'arbitrary bytes and text',
    async () => {
      const bytes = fc.oneof(
        fc.uint8Array({maxLength: 200}).map((a) => Buffer.from(a)),
        fc.string({unit: 'binary'}).map((s) => Buffer.from(s)),
        fc.string().map((s) => Buffer.from(`{"configs":[${s}]}`)),
        fc.string().map((s) => Buffer.from(`{"configs":[{"@type":"${T}ClustersConfigDump","static_clusters":[${s}]}]}`)),
      )
      await fc.assert(
        fc.asyncProperty(bytes, async (input) => {
          await assertContract(input, DUMP_COMMANDS, ['short', 'json'])
          await assertContract(input, ['endpoint'], ['short', 'json'])
        }),
        params,
      )
    },
    TIMEOUT,
  )

  it(
    'config-dump-shaped values with known section types and random contents',
    async () => {
      await fc.assert(
        fc.asyncProperty(dumpShaped, async (dump) => {
          await assertContract(Buffer.from(JSON.stringify(dump)))
        }),
        {...params, numRuns: RUNS * 3},
      )
    },
    TIMEOUT,
  )

  it(
    'the bundled fixture with values anywhere replaced by arbitrary ones',
    async () => {
      await fc.assert(
        fc.asyncProperty(mutatedFixture, async (dump) => {
          await assertContract(Buffer.from(JSON.stringify(dump)), DUMP_COMMANDS, ['short', 'wide', 'json', 'name'])
        }),
        params,
      )
    },
    TIMEOUT,
  )

  it(
    'the same, read resource by resource (the path for dumps past the string limit)',
    async () => {
      const commands = ['cluster', 'listener', 'route', 'eds'] as const
      await fc.assert(
        fc.asyncProperty(dumpShaped, async (dump) => {
          const input = Buffer.from(JSON.stringify(dump))
          for (const command of commands) {
            for (const format of ['short', 'json', 'name'] as const) {
              const o = await runInProcess(command, format, input, {wholeParseLimit: 1})
              if (o.kind === 'crash') throw new Error(`${command} -o ${format}: ${describeOutcome(o)}`)
            }
          }
        }),
        params,
      )
    },
    TIMEOUT,
  )

  it(
    '/clusters?format=json-shaped values',
    async () => {
      const statuses = fc.record(
        {
          cluster_statuses: fc.oneof(
            fc.array(fc.oneof(node, fc.record({name: scalar, host_statuses: fc.oneof(fc.array(node, {maxLength: 4}), node)}, {requiredKeys: []})), {maxLength: 5}),
            node,
          ),
        },
        {requiredKeys: []},
      )
      await fc.assert(
        fc.asyncProperty(statuses, async (value) => {
          await assertContract(Buffer.from(JSON.stringify(value)), ['endpoint'])
        }),
        params,
      )
    },
    TIMEOUT,
  )
})

/** Filter values as a user could type them (ports can only be integers on the command line; other numbers are tried too). */
const text = fc.oneof(fc.string(), fc.string({unit: 'binary'}), fc.constantFrom('', '|', '||||', 'reviews', 'outbound', '*', '.', 'HTTP', 'http+tcp', 'UNKNOWN', 'healthy'))
const port = fc.oneof(fc.integer(), fc.integer({min: 0, max: 65535}), fc.constantFrom(0, -1, 65536, 2 ** 53, Number.NaN, Infinity, 1.5))
const optional = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, {nil: undefined})

describe('properties: filters and sorting with arbitrary values', () => {
  const models = fc.array(node, {maxLength: 6})

  it(
    'cluster, listener, route and endpoint filters on arbitrary resources',
    () => {
      fc.assert(
        fc.property(models, optional(text), optional(text), optional(text), optional(port), optional(text), (raws, a, b, c, p, d) => {
          const objects = raws.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null && !Array.isArray(r))
          onlyUserErrors(() =>
            sortByClusterName(
              filterClusters(
                objects.map((r) => parseCluster(r)),
                {fqdn: a, direction: b, subset: c, port: p},
              ),
              (x) => x.name,
            ),
          )
          onlyUserErrors(() => {
            const listeners = filterListeners(
              objects.map((r) => parseListener(r)),
              {address: a, port: p, type: d},
            )
            sortListeners(listeners).map(listenerType)
          })
          onlyUserErrors(() =>
            sortRoutes(
              filterRoutes(
                objects.map((r) => parseRouteConfiguration(r)),
                a,
              ),
            ),
          )
          onlyUserErrors(() =>
            objects
              .map((r) => filterLoadAssignment(r, {address: a, port: p, cluster: b, status: c}))
              .filter(Boolean)
              .map((r) => parseClusterLoadAssignment(r!)),
          )
          onlyUserErrors(() => {
            const statuses = parseClusterStatuses({cluster_statuses: raws})
            matchingHosts(statuses, {address: a, port: p, cluster: b, status: c})
            clustersWithMatchingHosts(statuses, {address: a, port: p, cluster: b, status: c})
          })
        }),
        {...params, numRuns: RUNS * 5},
      )
    },
    TIMEOUT,
  )

  it(
    'listings with arbitrary filters, --sort-by expressions and jsonpath templates',
    async () => {
      const fixture = Buffer.from(JSON.stringify({configs: []}))
      const dumps = fc.oneof(
        fc.constant(fixture),
        dumpShaped.map((d) => Buffer.from(JSON.stringify(d))),
      )
      const formats = fc.oneof(
        fc.constantFrom('short', 'wide', 'json', 'yaml', 'name'),
        text.map((t) => `jsonpath=${t}`),
      )
      await fc.assert(
        fc.asyncProperty(dumps, optional(text), optional(text), optional(text), optional(port), formats, optional(text), async (input, a, b, c, p, format, sortBy) => {
          const origin = 'file prop.json'
          const builders: (() => Listing<unknown>)[] = [
            () => clusterListing(ConfigDump.fromBuffer(input, origin), {fqdn: a, direction: b, subset: c, port: p}) as Listing<unknown>,
            () => listenerListing(ConfigDump.fromBuffer(input, origin), {address: a, port: p, type: b}, {verbose: c === undefined}) as Listing<unknown>,
            () => routeListing(ConfigDump.fromBuffer(input, origin), a, {verbose: true}) as Listing<unknown>,
            () => edsListing(ConfigDump.fromBuffer(input, origin), {address: a, port: p, cluster: b, status: c}) as Listing<unknown>,
            () => endpointListing(input, origin, {address: a, port: p, cluster: b, status: c}) as Listing<unknown>,
          ]
          for (const build of builders) {
            try {
              const chunks = await renderListing(build(), parsePrinter(format), {sortBy, noHeaders: c === ''})
              for (const chunk of chunks) expect(typeof chunk === 'string' || Buffer.isBuffer(chunk)).toBe(true)
            } catch (error) {
              if (!(error instanceof UserError)) throw error
            }
          }
        }),
        params,
      )
    },
    TIMEOUT,
  )
})

describe('properties: the proto transcoder never throws', () => {
  const typeNames = fc.oneof(
    fc.constantFrom(
      'envoy.config.cluster.v3.Cluster',
      'envoy.config.listener.v3.Listener',
      'envoy.config.route.v3.RouteConfiguration',
      'envoy.config.endpoint.v3.ClusterLoadAssignment',
      'envoy.admin.v3.BootstrapConfigDump',
      'envoy.admin.v3.SecretsConfigDump',
      'envoy.admin.v3.EcdsConfigDump',
      'envoy.admin.v3.ClusterStatus',
      'envoy.admin.v3.ConfigDump',
      'envoy.api.v2.Cluster',
      'google.protobuf.Any',
      'google.protobuf.Struct',
      'google.protobuf.Value',
      'google.protobuf.Duration',
      'google.protobuf.Timestamp',
      'google.protobuf.UInt32Value',
      'type.googleapis.com/envoy.config.core.v3.Node',
      'envoy.config.core.v3.HealthStatus',
      '',
    ),
    fc.string(),
  )
  const anyUrl = fc.constantFrom(
    'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
    'type.googleapis.com/envoy.config.filter.network.http_connection_manager.v2.HttpConnectionManager',
    'type.googleapis.com/google.protobuf.Struct',
    'type.googleapis.com/google.protobuf.Duration',
    'type.googleapis.com/udpa.type.v1.TypedStruct',
    'nonsense',
    '',
  )
  const anyValue = fc
    .tuple(anyUrl, node)
    .map(([url, value]) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? {'@type': url, ...value} : {'@type': url, value}))

  it(
    'toProtoJson on arbitrary JSON as any message type',
    () => {
      fc.assert(
        fc.property(fc.oneof(fc.jsonValue({maxDepth: 8}), node, anyValue, dumpShaped), typeNames, (value, typeName) => {
          toProtoJson(value, typeName)
          anyToProtoJson(value)
        }),
        {...params, numRuns: RUNS * 10},
      )
    },
    TIMEOUT,
  )

  it('toProtoJson on values nested far deeper than Envoy allows', () => {
    let deep: unknown = {'@type': 'type.googleapis.com/google.protobuf.Struct', a: 1}
    for (let i = 0; i < 5000; i++) deep = i % 2 ? {value: deep} : [deep]
    expect(() => toProtoJson({metadata: {filter_metadata: {x: deep}}}, 'envoy.config.cluster.v3.Cluster')).not.toThrow()
    expect(() => toProtoJson(deep, 'google.protobuf.Value')).not.toThrow()
  })
})
