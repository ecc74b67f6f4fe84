/** Every "@type" Envoy prints is a type URL: this prefix, then the full message name. */
export const TYPE_PREFIX = 'type.googleapis.com/'

/**
 * The config_dump sections, by their admin.v3 message names: the decoder looks
 * sections up here, and the fixture generator (scripts/gen/) writes them from here.
 * Envoy prints scoped routes too; no command reads them.
 */
export const Section = {
  bootstrap: 'envoy.admin.v3.BootstrapConfigDump',
  clusters: 'envoy.admin.v3.ClustersConfigDump',
  listeners: 'envoy.admin.v3.ListenersConfigDump',
  routes: 'envoy.admin.v3.RoutesConfigDump',
  secrets: 'envoy.admin.v3.SecretsConfigDump',
  endpoints: 'envoy.admin.v3.EndpointsConfigDump',
  ecds: 'envoy.admin.v3.EcdsConfigDump',
  scopedRoutes: 'envoy.admin.v3.ScopedRoutesConfigDump',
} as const
export type SectionName = keyof typeof Section
