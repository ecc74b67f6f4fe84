import {type Raw, int, obj} from './raw.js'

/** The version facts istioctl reads from a BootstrapConfigDump. */
export interface VersionInfo {
  istioVersion: string
  istioProxySha: string
  envoyVersion: string
}

export function bootstrapVersions(section: Raw): VersionInfo {
  const node = obj(obj(section, 'bootstrap'), 'node')
  const metadata = obj(node, 'metadata')
  const build = obj(node, 'user_agent_build_version')
  const version = obj(build, 'version')
  const buildMeta = obj(build, 'metadata')
  let envoy = `${int(version, 'major_number')}.${int(version, 'minor_number')}.${int(version, 'patch')}`
  // Struct keys keep their spelling, so these are read literally, not through the snake/camel helper.
  for (const [key, sep] of [
    ['build.label', '-'],
    ['revision.status', '/'],
    ['build.type', '/'],
    ['ssl.version', '/'],
  ] as const) {
    if (buildMeta && key in buildMeta) envoy += sep + (typeof buildMeta[key] === 'string' ? buildMeta[key] : '')
  }
  return {
    istioVersion: typeof metadata?.ISTIO_VERSION === 'string' ? metadata.ISTIO_VERSION : '',
    istioProxySha: proxySha(metadata?.ISTIO_PROXY_SHA),
    envoyVersion: envoy,
  }
}

/** `istio-proxy:<sha>` carries the image name first; istioctl shows the part after the first colon. */
function proxySha(value: unknown): string {
  const sha = typeof value === 'string' ? value : ''
  return sha.includes(':') ? sha.split(':')[1] : sha
}
