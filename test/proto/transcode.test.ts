import {describe, expect, it} from 'vitest'

import {anyToProtoJson, toProtoJson} from '../../src/proto/transcode.js'

const CLUSTER = 'envoy.config.cluster.v3.Cluster'
const CLUSTER_URL = `type.googleapis.com/${CLUSTER}`

// The same cluster as Envoy prints it by default (snake_case, field-number
// order) and as a camelCase producer might, with keys shuffled.
const snakeCluster = {
  '@type': CLUSTER_URL,
  name: 'outbound|9080||reviews.default.svc.cluster.local',
  type: 'EDS',
  eds_cluster_config: {eds_config: {ads: {}, resource_api_version: 'V3'}, service_name: 'reviews'},
  connect_timeout: '10s',
  circuit_breakers: {thresholds: [{max_connections: 4294967295, max_retries: 4294967295}]},
  common_lb_config: {},
  metadata: {filter_metadata: {istio: {services: [{name: 'reviews', host: 'reviews.default'}], default_original_port: 9080}}},
}
const camelCluster = {
  metadata: {filterMetadata: {istio: {services: [{name: 'reviews', host: 'reviews.default'}], default_original_port: 9080}}},
  commonLbConfig: {},
  circuitBreakers: {thresholds: [{maxRetries: 4294967295, maxConnections: 4294967295}]},
  connectTimeout: '10s',
  edsClusterConfig: {serviceName: 'reviews', edsConfig: {resourceApiVersion: 'V3', ads: {}}},
  type: 'EDS',
  name: 'outbound|9080||reviews.default.svc.cluster.local',
  '@type': CLUSTER_URL,
}

describe('toProtoJson', () => {
  it('gives identical output for snake_case and camelCase input, in declaration order', () => {
    const fromSnake = toProtoJson(snakeCluster, CLUSTER)
    expect(fromSnake).toEqual(toProtoJson(camelCluster, CLUSTER))
    expect(JSON.stringify(fromSnake)).toBe(JSON.stringify(toProtoJson(camelCluster, CLUSTER)))
    expect(Object.keys(fromSnake as object)).toEqual(['name', 'type', 'edsClusterConfig', 'connectTimeout', 'circuitBreakers', 'commonLbConfig', 'metadata'])
  })

  it('keeps set sub-messages that are empty and keeps Struct keys as spelled, sorted', () => {
    const out = toProtoJson(snakeCluster, CLUSTER) as Record<string, any>
    expect(out.commonLbConfig).toEqual({})
    expect(out.edsClusterConfig).toEqual({edsConfig: {ads: {}, resourceApiVersion: 'V3'}, serviceName: 'reviews'})
    const istio = out.metadata.filterMetadata.istio
    expect(Object.keys(istio)).toEqual(['default_original_port', 'services'])
    expect(Object.keys(istio.services[0])).toEqual(['host', 'name'])
  })

  it('accepts a type URL as the type name and returns unknown types untouched', () => {
    expect(toProtoJson({name: 'a'}, CLUSTER_URL)).toEqual({name: 'a'})
    const raw = {some_field: 1}
    expect(toProtoJson(raw, 'example.NotAType')).toBe(raw)
  })

  it('drops unknown fields', () => {
    expect(toProtoJson({name: 'a', no_such_field: 1, hosts: [{}]}, CLUSTER)).toEqual({name: 'a'})
  })

  it('omits proto3 defaults but keeps a oneof member that is set to its zero value', () => {
    const out = toProtoJson({name: '', type: 'STATIC', lb_policy: 'ROUND_ROBIN', respect_dns_ttl: false, per_connection_buffer_limit_bytes: 0}, CLUSTER)
    // type is in the cluster_discovery_type oneof; the wrapper is a set message.
    expect(out).toEqual({type: 'STATIC', perConnectionBufferLimitBytes: 0})
  })

  it('turns enum numbers into names and leaves unknown numbers as numbers', () => {
    expect(toProtoJson({type: 3, lb_policy: 1, dns_lookup_family: 77}, CLUSTER)).toEqual({
      type: 'EDS',
      lbPolicy: 'LEAST_REQUEST',
      dnsLookupFamily: 77,
    })
  })

  it('quotes 64-bit integers and keeps 32-bit ones as numbers', () => {
    const status = toProtoJson(
      {
        name: 'c',
        host_statuses: [
          {
            weight: '3',
            stats: [
              {name: 'cx_total', value: 12},
              {name: 'rq_error', value: '0', type: 'GAUGE'},
            ],
          },
        ],
      },
      'envoy.admin.v3.ClusterStatus',
    )
    expect(status).toEqual({
      name: 'c',
      hostStatuses: [
        {
          stats: [
            {value: '12', name: 'cx_total'},
            {type: 'GAUGE', name: 'rq_error'},
          ],
          weight: 3,
        },
      ],
    })
    const ring = toProtoJson({ring_hash_lb_config: {minimum_ring_size: 1024}}, CLUSTER)
    expect(ring).toEqual({ringHashLbConfig: {minimumRingSize: '1024'}})
  })

  it('prints wrappers bare, durations with 0/3/6/9 digits and timestamps in UTC', () => {
    const out = toProtoJson(
      {
        connect_timeout: '1.5s',
        dns_refresh_rate: '0.000001s',
        cleanup_interval: '-2.000000000s',
        max_requests_per_connection: 1,
        wait_for_warm_on_init: false,
      },
      CLUSTER,
    )
    expect(out).toEqual({
      connectTimeout: '1.500s',
      maxRequestsPerConnection: 1,
      dnsRefreshRate: '0.000001s',
      waitForWarmOnInit: false,
      cleanupInterval: '-2s',
    })
    const dump = toProtoJson({last_updated: '2023-12-23T14:46:00.699000+01:00', version_info: 'v1'}, 'envoy.admin.v3.ClustersConfigDump.StaticCluster')
    expect(dump).toEqual({lastUpdated: '2023-12-23T13:46:00.699Z'})
  })

  it('normalises bytes to padded standard base64', () => {
    expect(toProtoJson({inline_bytes: 'aGk'}, 'envoy.config.core.v3.DataSource')).toEqual({inlineBytes: 'aGk='})
  })

  it('keeps values of the wrong JSON type as they are', () => {
    expect(toProtoJson({name: 7, connect_timeout: {seconds: 1}, circuit_breakers: 'x', health_checks: {}}, CLUSTER)).toEqual({
      name: 7,
      connectTimeout: {seconds: 1},
      circuitBreakers: 'x',
      healthChecks: {},
    })
    expect(toProtoJson('not an object', CLUSTER)).toBe('not an object')
  })

  it('spells a number beyond float64 (JSON.parse gives Infinity) as jsonpb spells an infinite double, wherever it is', () => {
    const cluster = JSON.parse(
      '{"common_lb_config": {"healthy_panic_threshold": {"value": 1e400}}, "circuit_breakers": {"thresholds": [{"max_connections": -1e400}]},' +
        ' "metadata": {"filter_metadata": {"istio": {"n": [1e400]}}},' +
        ' "typed_extension_protocol_options": {"x": {"@type": "type.googleapis.com/acme.Unknown", "deep": {"n": 1e400, "ok": 1}}}}',
    )
    expect(toProtoJson(cluster, CLUSTER)).toEqual({
      circuitBreakers: {thresholds: [{maxConnections: '-Infinity'}]},
      commonLbConfig: {healthyPanicThreshold: {value: 'Infinity'}},
      metadata: {filterMetadata: {istio: {n: ['Infinity']}}},
      typedExtensionProtocolOptions: {x: {'@type': 'type.googleapis.com/acme.Unknown', deep: {n: 'Infinity', ok: 1}}},
    })
    expect(toProtoJson(JSON.parse('{"a": [1e400]}'), 'acme.Unknown')).toEqual({a: ['Infinity']})
  })

  it('sorts map entries by key and transcodes Any map values', () => {
    const out = toProtoJson(
      {
        typed_extension_protocol_options: {
          'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
            '@type': 'type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
            explicit_http_config: {http2_protocol_options: {max_concurrent_streams: 100}},
          },
          'a.custom': {'@type': 'type.googleapis.com/example.Custom', snake_key: 1},
        },
      },
      CLUSTER,
    ) as Record<string, any>
    const options = out.typedExtensionProtocolOptions
    expect(Object.keys(options)).toEqual(['a.custom', 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions'])
    expect(options['envoy.extensions.upstreams.http.v3.HttpProtocolOptions']).toEqual({
      '@type': 'type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
      explicitHttpConfig: {http2ProtocolOptions: {maxConcurrentStreams: 100}},
    })
  })

  it('survives deeply nested input', () => {
    let permission: Record<string, unknown> = {any: true}
    for (let i = 0; i < 20_000; i++) permission = {not_rule: permission}
    expect(() => toProtoJson(permission, 'envoy.config.rbac.v3.Permission')).not.toThrow()
    const shallow = toProtoJson({not_rule: {not_rule: {any: true}}}, 'envoy.config.rbac.v3.Permission')
    expect(shallow).toEqual({notRule: {notRule: {any: true}}})

    let value: unknown = 'leaf'
    for (let i = 0; i < 20_000; i++) value = {nested: [value]}
    expect(() => toProtoJson({filter_metadata: {deep: value}}, 'envoy.config.core.v3.Metadata')).not.toThrow()
  })
})

describe('anyToProtoJson', () => {
  it('puts @type first and transcodes the embedded message', () => {
    const out = anyToProtoJson({cluster_name: 'c', '@type': 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment'})
    expect(JSON.stringify(out)).toBe('{"@type":"type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment","clusterName":"c"}')
  })

  it('maps v2 type URLs, including nested ones, to v3', () => {
    const listener = anyToProtoJson({
      '@type': 'type.googleapis.com/envoy.api.v2.Listener',
      name: 'l',
      filter_chains: [
        {
          filters: [
            {
              name: 'envoy.http_connection_manager',
              typed_config: {
                '@type': 'type.googleapis.com/envoy.config.filter.network.http_connection_manager.v2.HttpConnectionManager',
                stat_prefix: 'p',
                rds: {route_config_name: '80'},
              },
            },
          ],
        },
      ],
    })
    expect(listener).toEqual({
      '@type': 'type.googleapis.com/envoy.config.listener.v3.Listener',
      name: 'l',
      filterChains: [
        {
          filters: [
            {
              name: 'envoy.http_connection_manager',
              typedConfig: {
                '@type': 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
                statPrefix: 'p',
                rds: {routeConfigName: '80'},
              },
            },
          ],
        },
      ],
    })
    expect(toProtoJson({name: 'c', connect_timeout: '1s'}, 'envoy.api.v2.Cluster')).toEqual({name: 'c', connectTimeout: '1s'})
  })

  it('keeps Any values of unknown types exactly as they were', () => {
    const cilium = {'@type': 'type.googleapis.com/cilium.L7Policy', access_log_path: '/var/run/cilium/access_log.sock'}
    expect(anyToProtoJson(cilium)).toBe(cilium)
    const filter = toProtoJson({name: 'cilium.l7policy', typed_config: cilium}, 'envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter')
    expect(filter).toEqual({name: 'cilium.l7policy', typedConfig: cilium})
    expect((filter as {typedConfig: unknown}).typedConfig).toBe(cilium)
    expect(anyToProtoJson({no_type: true})).toEqual({no_type: true})
  })

  it("knows Istio's own filter configs, as istioctl does", () => {
    const alpn = {
      '@type': 'type.googleapis.com/istio.envoy.config.filter.http.alpn.v2alpha1.FilterConfig',
      alpn_override: [{upstream_protocol: 'HTTP11', alpn_override: ['http/1.1']}],
    }
    expect(anyToProtoJson(alpn)).toEqual({'@type': alpn['@type'], alpnOverride: [{upstreamProtocol: 'HTTP11', alpnOverride: ['http/1.1']}]})
    const exchange = {'@type': 'type.googleapis.com/envoy.tcp.metadataexchange.config.MetadataExchange', protocol: 'istio-peer-exchange', enable_discovery: true}
    expect(anyToProtoJson(exchange)).toEqual({'@type': exchange['@type'], protocol: 'istio-peer-exchange', enableDiscovery: true})
    const stats = {'@type': 'type.googleapis.com/stats.PluginConfig', disable_host_header_fallback: true}
    expect(anyToProtoJson(stats)).toEqual({'@type': stats['@type'], disableHostHeaderFallback: true})
  })

  it('writes well-known types inside Any as {"@type", "value"}', () => {
    expect(anyToProtoJson({'@type': 'type.googleapis.com/google.protobuf.Duration', value: '3.25s'})).toEqual({
      '@type': 'type.googleapis.com/google.protobuf.Duration',
      value: '3.250s',
    })
    expect(anyToProtoJson({'@type': 'type.googleapis.com/google.protobuf.Struct', value: {b: 1, a: {y: null, x: [true]}}})).toEqual({
      '@type': 'type.googleapis.com/google.protobuf.Struct',
      value: {a: {x: [true], y: null}, b: 1},
    })
  })
})
