import {createHash} from 'node:crypto'

import type {EcdsConfigDump, TypedConfig} from './envoy.js'
import {STATS_FILTER_PREFIX, WASM_FILTER} from './fragments.js'
import type {SidecarMesh} from './mesh.js'
import {sectionType, TYPE} from './type-urls.js'

/** The sidecar's two ECDS sections: HTTP filters (stats, a Wasm plugin), then network filters. */
export function ecdsDumps(mesh: SidecarMesh): EcdsConfigDump[] {
  const entry = (name: string, typedConfig: TypedConfig, offset: number): EcdsConfigDump['ecds_filters'][number] => ({
    version_info: mesh.clock.version,
    ecds_filter: {'@type': TYPE.extensionConfig, name, typed_config: typedConfig},
    last_updated: mesh.clock.at(offset),
  })
  const wasmSha = createHash('sha256').update(`${WASM_FILTER} ${mesh.proxySha}`).digest('hex')
  const http = [
    entry(`${STATS_FILTER_PREFIX}/Outbound/HTTP`, {'@type': TYPE.istioStats}, 1_402),
    entry(`${STATS_FILTER_PREFIX}/Inbound/HTTP`, {'@type': TYPE.istioStats, disable_host_header_fallback: true}, 1_409),
    entry(
      WASM_FILTER,
      {
        '@type': TYPE.wasm,
        config: {
          name: WASM_FILTER,
          root_id: 'header_injector',
          vm_config: {
            runtime: 'envoy.wasm.runtime.v8',
            code: {local: {filename: `/var/lib/istio/data/${wasmSha}/${wasmSha.slice(0, 32)}.wasm`}},
            environment_variables: {key_values: {ISTIO_META_WASM_PLUGIN_RESOURCE_VERSION: '4172'}},
          },
          configuration: {'@type': TYPE.stringValue, value: '{"header":"x-bookinfo-demo","value":"productpage"}'},
        },
      },
      1_422,
    ),
  ]
  const network = [entry(`${STATS_FILTER_PREFIX}/Outbound/TCP`, {'@type': TYPE.istioStats}, 1_398), entry(`${STATS_FILTER_PREFIX}/Inbound/TCP`, {'@type': TYPE.istioStats}, 1_405)]
  return [
    {'@type': sectionType('ecds'), ecds_filters: http},
    {'@type': sectionType('ecds'), ecds_filters: network},
  ]
}
