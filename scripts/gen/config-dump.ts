import {bootstrapDump} from './bootstrap.js'
import {serviceCluster, specialClusters, staticClusters} from './clusters.js'
import {ecdsDumps} from './ecds.js'
import {loadAssignment, staticLoadAssignment} from './endpoints.js'
import type {Listener} from './envoy.js'
import type {JsonStreamWriter} from './json-writer.js'
import {STATIC_LISTENERS, gatewayListeners, ipListener, sharedListener, staticListeners, virtualInbound, virtualOutbound} from './listeners.js'
import {clusterPods, type Mesh, serviceClusters} from './mesh.js'
import {type DynamicRouteConfig, gatewayRouteConfigs, inboundRouteConfigs, sidecarRouteConfigs, staticListenerRoute} from './routes.js'
import {secretsDump} from './secrets.js'
import {sectionType, TYPE} from './type-urls.js'

/**
 * /config_dump?include_eds=true, in the section order Envoy prints. Sections that
 * grow with the mesh are streamed resource by resource; the rest are written whole.
 */
export async function writeConfigDump(w: JsonStreamWriter, mesh: Mesh): Promise<void> {
  const {clock} = mesh
  const specials = specialClusters(mesh)

  w.open(undefined, '{')
  w.open('configs', '[')
  w.value(undefined, bootstrapDump(mesh))

  w.open(undefined, '{')
  w.value('@type', sectionType('clusters'))
  w.value('version_info', clock.version)
  w.value(
    'static_clusters',
    staticClusters(true).map((cluster) => ({cluster, last_updated: clock.at(12)})),
  )
  w.open('dynamic_active_clusters', '[')
  for (const s of specials) w.value(undefined, {version_info: clock.version, cluster: s.resource, last_updated: clock.next()})
  for (const svc of mesh.services) {
    for (const c of serviceClusters(svc)) w.value(undefined, {version_info: clock.version, cluster: serviceCluster(c), last_updated: clock.next()})
    await w.flush()
  }
  w.close(']')
  w.close('}')

  if (mesh.profile === 'sidecar') for (const dump of ecdsDumps(mesh)) w.value(undefined, dump)

  w.open(undefined, '{')
  w.value('@type', sectionType('endpoints'))
  w.value(
    'static_endpoint_configs',
    staticClusters(true).map((c) => ({endpoint_config: staticLoadAssignment(c)})),
  )
  w.open('dynamic_endpoint_configs', '[')
  for (const s of specials) w.value(undefined, {endpoint_config: loadAssignment(s.name, s.pods, undefined, s.port)})
  for (const svc of mesh.services) {
    for (const c of serviceClusters(svc)) w.value(undefined, {endpoint_config: loadAssignment(c.name, clusterPods(c), svc, c.port.targetPort)})
    await w.flush()
  }
  w.close(']')
  w.close('}')

  w.open(undefined, '{')
  w.value('@type', sectionType('listeners'))
  w.value('version_info', clock.version)
  w.value(
    'static_listeners',
    staticListeners(true).map((listener) => ({listener, last_updated: clock.at(14)})),
  )
  w.open('dynamic_listeners', '[')
  const listenerEntry = (listener: Listener) => ({name: listener.name, active_state: {version_info: clock.version, listener, last_updated: clock.next()}})
  if (mesh.profile === 'gateway') {
    for (const l of gatewayListeners(mesh)) w.value(undefined, listenerEntry(l))
  } else {
    for (const entry of mesh.ipListeners) {
      w.value(undefined, listenerEntry(ipListener(entry)))
      await w.flush()
    }
    for (const entry of mesh.shared) {
      w.value(undefined, listenerEntry(sharedListener(mesh, entry)))
      await w.flush()
    }
    w.value(undefined, listenerEntry(virtualOutbound()))
    w.value(undefined, listenerEntry(virtualInbound(mesh)))
  }
  w.close(']')
  w.close('}')

  w.value(undefined, {'@type': sectionType('scopedRoutes')})

  w.open(undefined, '{')
  w.value('@type', sectionType('routes'))
  const statics = STATIC_LISTENERS.map((l) => staticListenerRoute(l.prefix, l.cluster))
  if (mesh.profile === 'sidecar') {
    // One copy per HCM that carries it: the TLS and the plaintext chain each have one.
    const {passthrough, perPort} = inboundRouteConfigs(mesh)
    statics.push(passthrough, passthrough, ...perPort.flatMap((r) => [r, r]))
  }
  w.value(
    'static_route_configs',
    statics.map((rc) => ({route_config: {'@type': TYPE.routeConfig, ...rc}, last_updated: clock.at(15)})),
  )
  w.open('dynamic_route_configs', '[')
  for (const config of mesh.profile === 'gateway' ? gatewayRouteConfigs(mesh) : sidecarRouteConfigs(mesh)) await writeRouteConfig(w, mesh, config)
  w.close(']')
  w.close('}')

  w.value(undefined, secretsDump(mesh))
  w.close(']')
  w.close('}')
}

async function writeRouteConfig(w: JsonStreamWriter, mesh: Mesh, config: DynamicRouteConfig): Promise<void> {
  w.open(undefined, '{')
  w.value('version_info', mesh.clock.version)
  w.open('route_config', '{')
  w.value('@type', TYPE.routeConfig)
  w.value('name', config.name)
  w.open('virtual_hosts', '[')
  for (const host of config.virtualHosts) {
    w.value(undefined, host)
    await w.flush()
  }
  w.close(']')
  for (const [key, value] of Object.entries(config.tail)) w.value(key, value)
  w.close('}')
  w.value('last_updated', mesh.clock.next())
  w.close('}')
}
