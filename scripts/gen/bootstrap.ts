import {staticClusters} from './clusters.js'
import type {BootstrapConfigDump} from './envoy.js'
import {ADS, socketAddress} from './fragments.js'
import {staticListeners} from './listeners.js'
import {CLUSTER_ID, type Mesh, podsOf, TRUST_DOMAIN} from './mesh.js'
import {messageName, sectionType, TYPE} from './type-urls.js'

/** Who the proxy is: the pod, workload and labels its node metadata describes. */
interface ProxyIdentity {
  type: 'router' | 'sidecar'
  ip: string
  pod: string
  ns: string
  workload: string
  app: string
  sa: string
  labels: Record<string, string>
  ports: {name: string; containerPort: number; protocol: 'TCP'}[]
}

function proxyIdentity(mesh: Mesh): ProxyIdentity {
  if (mesh.profile === 'gateway') {
    return {
      type: 'router',
      ip: '10.244.0.6',
      pod: 'istio-ingressgateway-5f7d8c9b6-q8mzt',
      ns: 'istio-system',
      workload: 'istio-ingressgateway',
      app: 'istio-ingressgateway',
      sa: 'istio-ingressgateway-service-account',
      labels: {
        app: 'istio-ingressgateway',
        istio: 'ingressgateway',
        'service.istio.io/canonical-name': 'istio-ingressgateway',
        'service.istio.io/canonical-revision': 'latest',
        'sidecar.istio.io/inject': 'false',
      },
      ports: [
        {name: 'http2', containerPort: 8080, protocol: 'TCP'},
        {name: 'https', containerPort: 8443, protocol: 'TCP'},
      ],
    }
  }
  const svc = mesh.proxy
  return {
    type: 'sidecar',
    ip: podsOf(svc)[0].ip,
    pod: `${svc.name}-v1-7d4cb9c6f8-x2k4q`,
    ns: svc.ns,
    workload: `${svc.name}-v1`,
    app: svc.name,
    sa: svc.sa,
    labels: {app: svc.name, 'security.istio.io/tlsMode': 'istio', 'service.istio.io/canonical-name': svc.name, 'service.istio.io/canonical-revision': 'v1', version: 'v1'},
    ports: svc.ports.map((p) => ({name: p.name, containerPort: p.targetPort, protocol: 'TCP'})),
  }
}

const PROXY_CONFIG = {
  binaryPath: '/usr/local/bin/envoy',
  concurrency: 2,
  configPath: './etc/istio/proxy',
  controlPlaneAuthPolicy: 'MUTUAL_TLS',
  discoveryAddress: 'istiod.istio-system.svc:15012',
  drainDuration: '45s',
  proxyAdminPort: 15000,
  serviceCluster: 'istio-proxy',
  statNameLength: 189,
  statusPort: 15020,
  terminationDrainDuration: '5s',
}

export function bootstrapDump(mesh: Mesh): BootstrapConfigDump {
  const id = proxyIdentity(mesh)
  const metadata = {
    ANNOTATIONS: {
      'istio.io/rev': 'default',
      'kubectl.kubernetes.io/default-container': id.app,
      'kubernetes.io/config.seen': '2026-01-14T09:12:29.145302518Z',
      'kubernetes.io/config.source': 'api',
      'prometheus.io/path': '/stats/prometheus',
      'prometheus.io/port': '15020',
      'prometheus.io/scrape': 'true',
      'sidecar.istio.io/status':
        '{"initContainers":["istio-init"],"containers":["istio-proxy"],"volumes":["workload-socket","credential-socket","workload-certs","istio-envoy","istio-data","istio-podinfo","istio-token","istiod-ca-cert"],"imagePullSecrets":null,"revision":"default"}',
    },
    APP_CONTAINERS: id.app,
    CLUSTER_ID: CLUSTER_ID,
    ENVOY_PROMETHEUS_PORT: 15090,
    ENVOY_STATUS_PORT: 15021,
    INSTANCE_IPS: id.ip,
    INTERCEPTION_MODE: 'REDIRECT',
    ISTIO_PROXY_SHA: `istio-proxy:${mesh.proxySha}`,
    ISTIO_VERSION: '1.27.1',
    LABELS: id.labels,
    MESH_ID: TRUST_DOMAIN,
    NAME: id.pod,
    NAMESPACE: id.ns,
    NODE_NAME: 'kind-worker',
    OWNER: `kubernetes://apis/apps/v1/namespaces/${id.ns}/deployments/${id.workload}`,
    PILOT_SAN: ['istiod.istio-system.svc'],
    POD_PORTS: JSON.stringify(id.ports),
    PROXY_CONFIG,
    SERVICE_ACCOUNT: id.sa,
    WORKLOAD_NAME: id.workload,
  }
  return {
    '@type': sectionType('bootstrap'),
    bootstrap: {
      node: {
        id: `${id.type}~${id.ip}~${id.pod}.${id.ns}~${id.ns}.svc.${TRUST_DOMAIN}`,
        cluster: `${id.app}.${id.ns}`,
        metadata,
        locality: {region: 'us-east1', zone: 'us-east1-b'},
        user_agent_name: 'envoy',
        user_agent_build_version: {
          version: {major_number: 1, minor_number: 35, patch: 3},
          metadata: {
            'build.type': 'RELEASE',
            'revision.sha': mesh.envoySha,
            'revision.status': 'Clean',
            'ssl.version': 'BoringSSL',
          },
        },
        extensions: [
          {name: 'envoy.filters.http.router', category: 'envoy.filters.http', type_urls: [messageName(TYPE.router)]},
          {name: 'envoy.filters.network.tcp_proxy', category: 'envoy.filters.network', type_urls: [messageName(TYPE.tcpProxy)]},
          {name: 'istio.stats', category: 'envoy.filters.http', type_urls: [messageName(TYPE.istioStats)]},
        ],
      },
      static_resources: {listeners: staticListeners(false), clusters: staticClusters(false)},
      dynamic_resources: {
        lds_config: ADS,
        cds_config: ADS,
        ads_config: {
          api_type: 'GRPC',
          grpc_services: [{envoy_grpc: {cluster_name: 'xds-grpc'}}],
          set_node_on_first_message_only: true,
          transport_api_version: 'V3',
        },
      },
      cluster_manager: {outlier_detection: {}},
      stats_config: {
        stats_tags: [
          {tag_name: 'cluster_name', regex: '^cluster\\.((.+?(\\..+?\\.svc\\.cluster\\.local)?)\\.)'},
          {tag_name: 'tcp_prefix', regex: '^tcp\\.((.*?)\\.)\\w+?$'},
          {tag_name: 'response_code', regex: '(response_code=\\.=(.+?);\\.;)|_rq(_(\\.d{3}))$'},
          {tag_name: 'http_conn_manager_prefix', regex: '^http\\.(((?:[_.[:digit:]]*|[_\\[\\]aAbBcCdDeEfF[:digit:]]*))\\.)'},
          {tag_name: 'listener_address', regex: '^listener\\.(((?:[_.[:digit:]]*|[_\\[\\]aAbBcCdDeEfF[:digit:]]*))\\.)'},
          {tag_name: 'mongo_prefix', regex: '^mongo\\.(.+?)\\.(collection|cmd|cx_|op_|delays_|decoding_)(.*?)$'},
        ],
        use_all_default_tags: false,
        stats_matcher: {
          inclusion_list: {
            patterns: [
              {prefix: 'reporter='},
              {prefix: 'cluster_manager'},
              {prefix: 'listener_manager'},
              {prefix: 'server'},
              {prefix: 'cluster.xds-grpc'},
              {prefix: 'wasm'},
              {suffix: 'rbac.allowed'},
              {suffix: 'rbac.denied'},
              {prefix: 'component'},
              {prefix: 'istio'},
            ],
          },
        },
      },
      admin: {
        access_log: [{name: 'envoy.access_loggers.file', typed_config: {'@type': TYPE.fileAccessLog, path: '/dev/null'}}],
        profile_path: '/var/lib/istio/data/envoy.prof',
        address: socketAddress('127.0.0.1', 15000),
      },
      layered_runtime: {
        layers: [
          {
            name: 'global config',
            static_layer: {
              'envoy.deprecated_features:envoy.config.listener.v3.Listener.hidden_envoy_deprecated_use_original_dst': 'true',
              'envoy.reloadable_features.http_reject_path_with_fragment': 'false',
              'overload.global_downstream_max_connections': '2147483647',
              're2.max_program_size.error_level': '32768',
            },
          },
          {name: 'admin', admin_layer: {}},
        ],
      },
    },
    last_updated: mesh.clock.at(0),
  }
}
