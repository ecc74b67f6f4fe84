import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {projectRoot, runCli} from '../support/run-cli.js'

const sidecar = 'fixtures/bookinfo-productpage.json'

/** The sidecar fixture without the sections whose @type ends with one of `drop`. */
function sidecarWithout(...drop: string[]): string {
  const dump = JSON.parse(readFileSync(join(projectRoot, sidecar), 'utf8'))
  dump.configs = dump.configs.filter((c: {'@type': string}) => !drop.some((d) => c['@type'].endsWith(d)))
  return JSON.stringify(dump)
}

describe('missing sections: one rule', () => {
  it('all prints every section the dump has and names the missing ones on stderr', async () => {
    const r = await runCli(['all', '-f', '-', '--with-headers'], {stdin: sidecarWithout('RoutesConfigDump')})
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('------ CLUSTER INFO ------')
    expect(r.stdout).toContain('------ ENDPOINTS INFO ------')
    expect(r.stdout).not.toContain('ROUTE INFO')
    // Then the fixture's warming secret.
    expect(r.stderr.split('\n')[0]).toBe(
      'Warning: stdin has no routes section, left out below; a dump saved with mask= or resource= leaves sections out: save the whole /config_dump?include_eds=true (e.g. proxy-config all <pod> -o json > dump.json)',
    )
  })

  it('all on a dump saved without EDS points to include_eds', async () => {
    const r = await runCli(['all', '-f', '-'], {stdin: sidecarWithout('EndpointsConfigDump')})
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('secret/ROOTCA')
    expect(r.stderr).toMatch(/^Warning: stdin has no endpoints section, left out below; the dump was saved without EDS: save one from Envoy's \/config_dump\?include_eds=true/)
  })

  it('all on a dump with none of its sections is an error', async () => {
    const r = await runCli(['all', '-f', '-'], {stdin: '{"configs": []}'})
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^Error: stdin has no bootstrap, clusters, listeners, routes, secrets, endpoints sections; [^\n]+\n$/)
  })

  it('a single-section command says in one line that the section is missing and how to save it', async () => {
    const eds = await runCli(['eds', '-f', '-'], {stdin: sidecarWithout('EndpointsConfigDump')})
    expect(eds.code).toBe(1)
    expect(eds.stdout).toBe('')
    expect(eds.stderr).toBe(
      "Error: stdin: config dump has no configuration type type.googleapis.com/envoy.admin.v3.EndpointsConfigDump; the dump was saved without EDS: save one from Envoy's /config_dump?include_eds=true (e.g. proxy-config all <pod> -o json > dump.json)\n",
    )
    const route = await runCli(['route', '-f', '-'], {stdin: sidecarWithout('RoutesConfigDump')})
    expect(route.code).toBe(1)
    expect(route.stderr).toMatch(/^Error: stdin: config dump has no configuration type \S+RoutesConfigDump; a dump saved with mask= [^\n]+\n$/)
    const ecds = await runCli(['ecds', '-f', '-'], {stdin: sidecarWithout('EcdsConfigDump')})
    expect(ecds.code).toBe(1)
    expect(ecds.stderr).toMatch(/EcdsConfigDump; Envoy writes it only once a filter is delivered by ECDS, so this proxy has none \(unless the dump was saved with mask=\)\n$/)
  })
})

/** An Istio 1.18-shaped sidecar dump where Envoy refused virtualInbound (see test/golden-inputs/README.md). */
const rejected = 'test/golden-inputs/rejected.json'
const NACK =
  'Warning: Envoy rejected listener virtualInbound (NACKED, version 2023-07-04T09:12:41Z/21, at 2023-07-04T09:12:43.702Z): Proto constraint validation failed (ListenerValidationError.FilterChains[1]: embedded message failed validation'

describe('configuration Envoy rejected, and resources still warming', () => {
  it('listener --port 15006 keeps istioctl stdout and names the refused listener on stderr', async () => {
    const r = await runCli(['listener', '-f', rejected, '--port', '15006'])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('ADDRESSES PORT MATCH DESTINATION\n')
    // One line, with Envoy's multi-line details joined, and no "no listeners match" note.
    expect(r.stderr.startsWith(NACK)).toBe(true)
    expect(r.stderr.split('\n')).toHaveLength(2)
    expect(r.stderr).toContain('value is required): name: "virtualInbound" address { socket_address { address: "0.0.0.0" port_value: 15006 } }\n')
  })

  it('listener --port 15006 -o wide has a REJECTED row', async () => {
    const r = await runCli(['listener', '-f', rejected, '--port', '15006', '-o', 'wide'])
    expect(r.stdout).toBe(
      'NAME           ADDRESSES PORT  TYPE CHAINS BIND                         STATUS\nvirtualInbound 0.0.0.0   15006 HTTP 2      0.0.0.0:15006 (original dst) REJECTED\n',
    )
    expect(r.stderr.startsWith(NACK)).toBe(true)
  })

  it('listener --port 15006 -o json|yaml|jsonpath|name carries the dump entry with its error state', async () => {
    const json = await runCli(['listener', '-f', rejected, '--port', '15006', '-o', 'json'])
    expect(json.stderr.startsWith(NACK)).toBe(true)
    const [entry] = JSON.parse(json.stdout)
    expect(entry).toMatchObject({
      name: 'virtualInbound',
      clientStatus: 'NACKED',
      errorState: {lastUpdateAttempt: '2023-07-04T09:12:43.702Z', versionInfo: '2023-07-04T09:12:41Z/21'},
    })
    expect(entry.errorState.details).toMatch(/^Proto constraint validation failed/)
    expect(entry.errorState.failedConfiguration).toMatchObject({name: 'virtualInbound', address: {socketAddress: {portValue: 15006}}})
    const yaml = await runCli(['listener', '-f', rejected, '--port', '15006', '-o', 'yaml'])
    expect(yaml.stdout).toMatch(/^- clientStatus: NACKED\n {2}errorState:\n {4}details: /)
    const path = await runCli(['listener', '-f', rejected, '--port', '15006', '-o', 'jsonpath={[*].errorState.lastUpdateAttempt}'])
    expect(path.stdout).toBe('2023-07-04T09:12:43.702Z')
    const name = await runCli(['listener', '-f', rejected, '--port', '15006', '-o', 'name'])
    expect(name.stdout).toBe('listener/virtualInbound\n')
    expect(name.stderr.startsWith(NACK)).toBe(true)
  })

  it('JSON without refusals stays the list of resources istioctl prints; warming ones stay out of it', async () => {
    const r = await runCli(['listener', '-f', rejected, '--port', '15001', '-o', 'json'])
    expect(JSON.parse(r.stdout).map((l: {name: string}) => l.name)).toEqual(['virtualOutbound'])
    const all = await runCli(['listener', '-f', rejected, '-o', 'json'])
    expect(JSON.parse(all.stdout).map((l: {name?: string}) => l.name)).toEqual(['virtualOutbound', '0.0.0.0_9080', 'virtualInbound'])
    const clusters = await runCli(['cluster', '-f', rejected, '-o', 'json'])
    expect(JSON.parse(clusters.stdout).map((c: {name: string}) => c.name)).not.toContain('outbound|9080||ratings.default.svc.cluster.local')
  })

  it('every listing command names its warming and refused resources', async () => {
    const cluster = await runCli(['cluster', '-f', rejected, '-o', 'wide'])
    expect(cluster.stdout).toMatch(/\nratings\.default\.svc\.cluster\.local +9080 +- +outbound +EDS +0 +- +- +WARMING\n$/)
    expect(cluster.stderr).toBe(
      'Warning: cluster outbound|9080||ratings.default.svc.cluster.local is warming (version 2023-07-04T09:12:41Z/21, since 2023-07-04T09:12:43.518Z): Envoy does not use it yet\n',
    )
    const route = await runCli(['route', '-f', rejected])
    expect(route.stdout).not.toContain('15010')
    expect(route.stderr).toBe(
      "Warning: Envoy rejected route config 15010 (NACKED, version 2023-07-04T09:12:41Z/21, at 2023-07-04T09:12:43.705Z): Invalid regex '/(unclosed': missing ): /(unclosed\n",
    )
    const eds = await runCli(['eds', '-f', rejected, '-o', 'wide'])
    expect(eds.stdout).toMatch(/\n- +- +- +outbound\|9080\|\|ratings\.default\.svc\.cluster\.local +- +REJECTED\n$/)
    expect(eds.stderr).toContain(
      'Envoy rejected endpoint config outbound|9080||ratings.default.svc.cluster.local (version 2023-07-04T09:12:41Z/21, at 2023-07-04T09:12:43.710Z): ClusterLoadAssignment for unknown cluster',
    )
    const all = await runCli(['all', '-f', rejected])
    expect(all.code).toBe(0)
    expect(all.stderr.split('\n').map((l) => l.slice(0, 40))).toEqual([
      'Warning: cluster outbound|9080||ratings.',
      'Warning: Envoy rejected listener virtual',
      'Warning: listener 10.96.0.1_443 is warmi',
      'Warning: Envoy rejected route config 150',
      'Warning: secret kubernetes://payments-cl',
      'Warning: Envoy rejected endpoint config ',
      '',
    ])
  })
})

describe('certificates', () => {
  const at = (now: string, more: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({PROXY_CONFIG_NOW: now, ...more})

  it('-o wide shows the time left, static secrets, and a warming secret as having no certificate yet', async () => {
    const r = await runCli(['secret', '-f', rejected, '-o', 'wide'], {env: at('2026-01-14T10:00:00Z')})
    const rows = r.stdout.split('\n').map((l) => l.split(/ {2,}/))
    expect(rows[0]).toEqual(['RESOURCE NAME', 'TYPE', 'STATUS', 'VALID CERT', 'SERIAL NUMBER', 'NOT AFTER', 'NOT BEFORE', 'TRUST DOMAIN', 'EXPIRES'])
    expect(r.stdout).toMatch(/\nkubernetes:\/\/payments-client-credential +WARMING +false +- +no certificate yet\n/)
    expect(r.stdout).toMatch(/\ndefault +Cert Chain +ACTIVE +true .* cluster\.local +in 23h\n/)
    expect(r.stdout).toMatch(/\nROOTCA +CA +ACTIVE +true .* - +in 9y\n/)
    expect(r.stdout).toMatch(/\nlegacy-client-cert +Cert Chain +STATIC +false .* - +expired 319d ago\n$/)
  })

  it('an expired certificate is never valid, and says since when', async () => {
    const r = await runCli(['secret', '-f', rejected, '-o', 'wide'], {env: at('2026-01-18T09:00:00Z')})
    expect(r.stdout).toMatch(/\ndefault +Cert Chain +ACTIVE +false .* expired 3d ago\n/)
  })

  it('colours expired red and expiring within a day yellow, on a terminal only', async () => {
    const coloured = await runCli(['secret', '-f', rejected, '-o', 'wide'], {env: at('2026-01-14T10:00:00Z', {NO_COLOR: '', FORCE_COLOR: '1'})})
    expect(coloured.stdout).toContain('\u001b[33min 23h\u001b[39m')
    expect(coloured.stdout).toContain('\u001b[31mexpired 319d ago\u001b[39m')
    expect(coloured.stdout).not.toContain('\u001b[33min 9y')
    const plain = await runCli(['secret', '-f', rejected, '-o', 'wide'], {env: at('2026-01-14T10:00:00Z')})
    expect(plain.stdout).not.toContain('\u001b[')
  })

  it('static secrets alone: istioctl says none in the short table, -o wide lists them', async () => {
    const dump = JSON.parse(readFileSync(join(projectRoot, rejected), 'utf8'))
    const secrets = dump.configs.find((c: {'@type': string}) => c['@type'].endsWith('SecretsConfigDump'))
    secrets.dynamic_active_secrets = []
    secrets.dynamic_warming_secrets = []
    const stdin = JSON.stringify(dump)
    const short = await runCli(['secret', '-f', '-'], {stdin})
    expect(short.stdout).toBe('No active or warming secrets found.\n')
    const wide = await runCli(['secret', '-f', '-', '-o', 'wide'], {stdin, env: at('2026-01-14T10:00:00Z')})
    expect(wide.stdout).toMatch(/^RESOURCE NAME .*\nlegacy-client-cert +Cert Chain +STATIC +false /)
  })

  it('refuses a PROXY_CONFIG_NOW that is not a time', async () => {
    const r = await runCli(['secret', '-f', rejected], {env: at('yesterday')})
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('Error: PROXY_CONFIG_NOW="yesterday" is not an RFC 3339 time such as 2026-01-14T10:00:00Z\n')
  })
})

describe('routes in -o wide', () => {
  it('show header and query matches, the allow_any passthrough route, and every domain', async () => {
    const r = await runCli(['route', '-f', rejected, '-o', 'wide', '--name', '9080'])
    const rows = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => l.split(/ {2,}/))
    const domains = 'reviews.default.svc.cluster.local, reviews, reviews.default.svc, reviews.default, 10.96.41.17, reviews.default.svc.cluster.local:9080, reviews:9080'
    expect(rows.slice(1).map((row) => row.slice(1, 4))).toEqual([
      ['reviews.default.svc.cluster.local:9080', domains, '/* (header end-user=jason)'],
      ['reviews.default.svc.cluster.local:9080', domains, '/* (query debug present)'],
      ['reviews.default.svc.cluster.local:9080', domains, '/*'],
      ['allow_any', '*', '/*'],
    ])
    expect(rows[4]).toContain('PassthroughCluster')
    const short = await runCli(['route', '-f', rejected, '--name', '9080'])
    expect(short.stdout).not.toContain('allow_any')
    expect(short.stdout).toContain('reviews, reviews.default + 1 more...')
  })
})

describe('-o name and --sort-by', () => {
  it('-o name names each resource once', async () => {
    for (const command of ['listener', 'route', 'eds']) {
      const r = await runCli([command, '-f', sidecar, '-o', 'name'])
      const lines = r.stdout.trimEnd().split('\n')
      expect(new Set(lines).size).toBe(lines.length)
    }
  })

  it('endpoint --sort-by sorts the host rows by their JSON', async () => {
    const r = await runCli(['endpoint', '-f', 'fixtures/bookinfo-productpage-clusters.json', '--port', '9080', '--sort-by', '{.healthStatus.edsHealthStatus}', '--no-headers'])
    const statuses = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => l.split(/ {2,}/)[1])
    expect(statuses).toEqual([...statuses].sort())
    expect(statuses[0]).toBe('DRAINING')
    expect(statuses.at(-1)).toBe('UNHEALTHY')
  })
})

describe('ECDS', () => {
  it('names a filter config Envoy refused, and marks it in -o wide', async () => {
    const dump = {
      configs: [
        {
          '@type': 'type.googleapis.com/envoy.admin.v3.EcdsConfigDump',
          ecds_filters: [
            {
              version_info: '2',
              ecds_filter: {name: 'stats', typed_config: {'@type': 'type.googleapis.com/stats.PluginConfig'}},
              error_state: {details: 'wasm module failed to load', last_update_attempt: '2024-05-01T10:00:00Z', version_info: '3'},
              client_status: 'NACKED',
            },
            {error_state: {details: 'unknown type'}},
          ],
        },
      ],
    }
    const r = await runCli(['ecds', '-f', '-', '-o', 'wide'], {stdin: JSON.stringify(dump)})
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/\nstats +stats\.PluginConfig +2 +- +ACTIVE\n/)
    expect(r.stdout).toMatch(/\n +- +- +REJECTED\n/)
    expect(r.stderr).toBe(
      'Warning: Envoy rejected ECDS filter stats (NACKED, version 3, at 2024-05-01T10:00:00Z): wasm module failed to load\nWarning: Envoy rejected ECDS filter (no name): unknown type\n',
    )
  })
})
