import {describe, expect, it} from 'vitest'

import {parseCluster, parseClusterHead} from '../../src/model/cluster.js'

const TLS_TYPE = 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext'

describe('cluster', () => {
  it('keeps discovery, EDS name, load balancing, limits and provenance', () => {
    const c = parseCluster({
      name: 'outbound|9080|v1|reviews.default.svc.cluster.local',
      type: 'EDS',
      eds_cluster_config: {service_name: 'outbound|9080|v1|reviews.default.svc.cluster.local'},
      lb_policy: 'LEAST_REQUEST',
      connect_timeout: '10s',
      outlier_detection: {consecutive_5xx: 3},
      circuit_breakers: {
        thresholds: [
          {max_connections: 100, max_requests: '50', max_retries: {value: 2}},
          {priority: 1, max_pending_requests: 7},
        ],
      },
      metadata: {filter_metadata: {istio: {config: '/apis/networking.istio.io/v1/namespaces/default/destination-rule/reviews'}}},
    })
    expect(c).toMatchObject({
      type: 'EDS',
      customType: '',
      edsServiceName: 'outbound|9080|v1|reviews.default.svc.cluster.local',
      lbPolicy: 'LEAST_REQUEST',
      lbPolicies: [],
      connectTimeout: '10s',
      outlierDetection: true,
      circuitBreakers: [
        {priority: 'DEFAULT', maxConnections: 100, maxPendingRequests: undefined, maxRequests: 50, maxRetries: 2},
        {priority: 'HIGH', maxPendingRequests: 7},
      ],
      configRef: {namespace: 'default', kind: 'destination-rule', name: 'reviews'},
      tlsMode: '',
      transportSockets: [],
    })
  })

  it('reads enum numbers and defaults, and custom cluster types as STATIC', () => {
    expect(parseCluster({type: 3, lb_policy: 5})).toMatchObject({type: 'EDS', lbPolicy: 'MAGLEV', outlierDetection: false, connectTimeout: ''})
    expect(parseCluster({})).toMatchObject({type: 'STATIC', lbPolicy: 'ROUND_ROBIN'})
    expect(parseCluster({type: 'STRICT_DNS', cluster_type: {name: 'envoy.clusters.aggregate'}})).toMatchObject({type: 'STATIC', customType: 'envoy.clusters.aggregate'})
    expect(parseCluster({connect_timeout: {seconds: 1}}).connectTimeout).toBe('')
  })

  it('names load_balancing_policy extensions', () => {
    const c = parseCluster({load_balancing_policy: {policies: [{typed_extension_config: {name: 'envoy.load_balancing_policies.least_request'}}]}})
    expect(c.lbPolicies).toEqual(['envoy.load_balancing_policies.least_request'])
  })

  it('summarises Istio mutual TLS: SNI, ALPN, certificates and validation', () => {
    const c = parseCluster({
      transport_socket_matches: [
        {
          name: 'tlsMode-istio',
          match: {tlsMode: 'istio'},
          transport_socket: {
            name: 'envoy.transport_sockets.tls',
            typed_config: {
              '@type': TLS_TYPE,
              sni: 'outbound_.9080_.v1_.reviews.default.svc.cluster.local',
              common_tls_context: {
                alpn_protocols: ['istio-peer-exchange', 'istio'],
                tls_certificate_sds_secret_configs: [{name: 'default'}],
                combined_validation_context: {
                  default_validation_context: {match_subject_alt_names: [{exact: 'spiffe://cluster.local/ns/default/sa/reviews'}]},
                  validation_context_sds_secret_config: {name: 'ROOTCA'},
                },
              },
            },
          },
        },
        {name: 'tlsMode-disabled', match: {}, transport_socket: {name: 'envoy.transport_sockets.raw_buffer'}},
      ],
    })
    expect(c.tlsMode).toBe('ISTIO_MUTUAL')
    expect(c.transportSockets).toEqual([
      {
        matchName: 'tlsMode-istio',
        match: {tlsMode: 'istio'},
        name: 'envoy.transport_sockets.tls',
        tls: {
          sni: 'outbound_.9080_.v1_.reviews.default.svc.cluster.local',
          alpn: ['istio-peer-exchange', 'istio'],
          certificateSecrets: ['default'],
          validation: {secret: 'ROOTCA', trustedCa: false, subjectAltNames: [{kind: 'exact', value: 'spiffe://cluster.local/ns/default/sa/reviews', ignoreCase: false}]},
        },
      },
      {matchName: 'tlsMode-disabled', match: {}, name: 'envoy.transport_sockets.raw_buffer', tls: undefined},
    ])
  })

  it('summarises plain TLS with an inline CA and typed SAN matchers', () => {
    const c = parseCluster({
      transport_socket: {
        name: 'envoy.transport_sockets.tls',
        typed_config: {
          '@type': TLS_TYPE,
          common_tls_context: {validation_context: {trusted_ca: {filename: '/ca.pem'}, match_typed_subject_alt_names: [{san_type: 'DNS', matcher: {suffix: '.example.com'}}]}},
        },
      },
    })
    expect(c.tlsMode).toBe('TLS')
    expect(c.transportSockets).toEqual([
      {
        matchName: '',
        match: {},
        name: 'envoy.transport_sockets.tls',
        tls: {sni: '', alpn: [], certificateSecrets: [], validation: {secret: '', trustedCa: true, subjectAltNames: [{kind: 'suffix', value: '.example.com', ignoreCase: false}]}},
      },
    ])
    expect(parseCluster({transport_socket: {name: 'tls', typed_config: {'@type': TLS_TYPE}}}).transportSockets[0].tls).toEqual({
      sni: '',
      alpn: [],
      certificateSecrets: [],
      validation: undefined,
    })
    expect(parseCluster({transport_socket: {name: 'envoy.transport_sockets.raw_buffer'}}).tlsMode).toBe('')
  })
})

describe('cluster head', () => {
  it('is what the whole model says of the name, type, destination rule and status', () => {
    const where = {state: 'warming', dynamic: true, holder: {version_info: '7', last_updated: 'now'}, entry: {client_status: 'ACKED'}} as const
    const raws = [
      {name: 'outbound|80||a.b', type: 'EDS', metadata: {filter_metadata: {istio: {config: '/apis/networking.istio.io/v1/namespaces/ns/destination-rule/dr'}}}},
      {name: 'agg', type: 'STRICT_DNS', cluster_type: {name: 'envoy.clusters.aggregate'}},
      {name: 'odd', type: 2, metadata: {filter_metadata: {istio: {config: 'elsewhere'}}}},
      {},
    ]
    for (const raw of raws) {
      const {name, type, destinationRule, status} = parseCluster(raw, () => raw, where)
      expect(parseClusterHead(raw, () => raw, where)).toMatchObject({name, type, destinationRule, status})
    }
    expect(parseClusterHead(raws[0]).destinationRule).toBe('dr.ns')
    expect(parseClusterHead(raws[2]).destinationRule).toBe('<unknown>')
  })
})
