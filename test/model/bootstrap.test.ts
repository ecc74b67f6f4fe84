import {describe, expect, it} from 'vitest'

import {bootstrapVersions} from '../../src/model/bootstrap.js'

describe('bootstrap versions', () => {
  it('reads Istio and Envoy versions from the node, in istioctl format', () => {
    const section = {
      bootstrap: {
        node: {
          metadata: {ISTIO_VERSION: '1.22.0', ISTIO_PROXY_SHA: 'istio-proxy:abc123'},
          user_agent_build_version: {
            version: {major_number: 1, minor_number: 30, patch: '2'},
            metadata: {'build.label': 'dev', 'revision.status': 'Clean', 'build.type': 'RELEASE', 'ssl.version': 'BoringSSL'},
          },
        },
      },
    }
    expect(bootstrapVersions(section)).toEqual({istioVersion: '1.22.0', istioProxySha: 'abc123', envoyVersion: '1.30.2-dev/Clean/RELEASE/BoringSSL'})
  })

  it('keeps a bare sha and tolerates missing parts', () => {
    expect(bootstrapVersions({bootstrap: {node: {metadata: {ISTIO_PROXY_SHA: 'abc'}, userAgentBuildVersion: {metadata: {'build.type': 7}}}}})).toEqual({
      istioVersion: '',
      istioProxySha: 'abc',
      envoyVersion: '0.0.0/',
    })
    expect(bootstrapVersions({})).toEqual({istioVersion: '', istioProxySha: '', envoyVersion: '0.0.0'})
  })
})
