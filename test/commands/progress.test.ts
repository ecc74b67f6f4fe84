import {spawnSync} from 'node:child_process'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {LiveEnv, POD, ROOT} from '../support/live-env.js'

describe('progress on a terminal', () => {
  let env: LiveEnv
  beforeAll(async () => (env = await LiveEnv.start()))
  afterAll(() => env.close())

  it('shows on stderr while stdout is piped (proxy-config cluster pod | grep …)', () => {
    env.kube.stall = true
    try {
      // util-linux `script` gives the CLI a terminal; inside it, stdout goes to a pipe and stderr stays on the terminal.
      const line = `node bin/run.js cluster ${POD} --kubeconfig '${env.kubeconfig}' --timeout 2s | cat > /dev/null`
      const {NO_COLOR: _, ...rest} = process.env
      const r = spawnSync('script', ['-qec', line, '/dev/null'], {cwd: ROOT, encoding: 'utf8', env: {...rest, NODE_ENV: 'production', KUBECONFIG: ''}})
      expect(r.stdout).toMatch(/\u001b\[2K\S resolving pod /)
      expect(r.stdout).toContain('timed out after 2s waiting for the Kubernetes API server')
    } finally {
      env.kube.stall = false
    }
  })
})
