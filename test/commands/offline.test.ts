import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {projectRoot, runCli} from '../support/run-cli.js'

const sidecar = 'fixtures/bookinfo-productpage.json'
const gateway = 'fixtures/ingressgateway.json'
const hosts = 'fixtures/bookinfo-productpage-clusters.json'
/** Hand-made to probe istioctl rules one by one; see test/golden-inputs/README.md. */
const parity = 'test/golden-inputs/parity.json'

/**
 * Our own golden files: reviewed once, then any change in output shows up here.
 * `UPDATE_GOLDEN=1 npx vitest run test/commands` rewrites them after a deliberate change.
 */
const cases: [string, string[]][] = [
  ['sidecar-all-headers', ['all', '-f', sidecar, '--with-headers']],
  ['sidecar-cluster', ['cluster', '-f', sidecar]],
  ['sidecar-cluster-fqdn-port', ['cluster', '-f', sidecar, '--fqdn', 'reviews', '--port', '9080', '--subset', 'v']],
  ['sidecar-listener', ['listener', '-f', sidecar]],
  ['sidecar-listener-port-address', ['listener', '-f', sidecar, '--port', '443', '--address', '10.96.0.1']],
  ['sidecar-listener-short', ['listeners', '-f', sidecar, '--verbose=false', '--type', 'http']],
  ['sidecar-route', ['route', '-f', sidecar]],
  ['sidecar-route-short', ['r', '-f', sidecar, '--verbose=false']],
  ['sidecar-secret', ['secret', '-f', sidecar]],
  ['sidecar-ecds', ['ecds', '-f', sidecar]],
  ['sidecar-eds-status', ['eds', '-f', sidecar, '--status', 'unhealthy']],
  ['sidecar-bootstrap-short', ['b', '-f', sidecar, '-o', 'short']],
  ['sidecar-endpoint', ['endpoint', '-f', hosts]],
  ['sidecar-endpoint-cluster', ['ep', '-f', hosts, '--cluster', 'OUTBOUND|9080||reviews.default.svc.cluster.local']],
  ['gateway-all', ['a', '-f', gateway]],
  ['gateway-route', ['route', '-f', gateway, '--name', 'http.8080']],
  ['sidecar-cluster-wide', ['cluster', '-f', sidecar, '-o', 'wide']],
  ['sidecar-listener-wide', ['listener', '-f', sidecar, '-o', 'wide']],
  ['sidecar-route-wide', ['route', '-f', sidecar, '-o', 'wide', '--name', '9080']],
  ['sidecar-endpoint-wide', ['endpoint', '-f', hosts, '-o', 'wide', '--status', 'healthy', '--no-headers']],
  ['sidecar-secret-wide', ['secret', '-f', sidecar, '-o', 'wide']],
  ['sidecar-ecds-wide', ['ecds', '-f', sidecar, '-o', 'wide']],
  ['sidecar-eds-wide', ['eds', '-f', sidecar, '-o', 'wide', '--port', '9080']],
  ['sidecar-all-name', ['all', '-f', sidecar, '-o', 'name']],
  ['sidecar-cluster-sort-by', ['cluster', '-f', sidecar, '--sort-by', '{.connectTimeout}', '--no-headers']],
  ['sidecar-cluster-jsonpath', ['cluster', '-f', sidecar, '-o', 'jsonpath={range [*]}{.name}{"\\t"}{.type}{"\\n"}{end}']],
  ['sidecar-cluster-json', ['cluster', '-f', sidecar, '--fqdn', 'reviews', '--subset', 'v2', '-o', 'json']],
  ['sidecar-listener-yaml', ['listener', '-f', sidecar, '--port', '15006', '-o', 'yaml']],
  ['sidecar-route-json', ['route', '-f', sidecar, '--name', '9080', '-o', 'json']],
  ['sidecar-secret-yaml', ['secret', '-f', sidecar, '-o', 'yaml']],
  ['sidecar-endpoint-json', ['endpoint', '-f', hosts, '--cluster', 'outbound|9080|v3|reviews.default.svc.cluster.local', '-o', 'json']],
  ['sidecar-ecds-yaml', ['ecds', '-f', sidecar, '-o', 'yaml']],
  ['sidecar-bootstrap-json', ['bootstrap', '-f', sidecar]],
  ['gateway-eds-json', ['eds', '-f', gateway, '--address', '10.244.0.6:8443', '-o', 'json']],
  ['parity-all', ['all', '-f', parity]],
  ['parity-listener', ['listener', '-f', parity]],
  ['parity-route-short', ['route', '-f', parity, '--verbose=false']],
  ['parity-secret', ['secret', '-f', parity]],
  ['parity-secret-yaml', ['secret', '-f', parity, '-o', 'yaml']],
  ['parity-eds', ['eds', '-f', parity]],
  // -o and the filters are ignored with --waypoint, as in istioctl.
  ['waypoint-listener', ['listener', '-f', 'test/golden-inputs/waypoint.json', '--waypoint', '-o', 'yaml', '--port', '1']],
]

describe('offline commands on the bundled fixtures', () => {
  for (const [name, args] of cases) {
    it(`${name}: ${args.join(' ')}`, async () => {
      // Certificates are judged at a fixed time, so EXPIRES ("expired 137d ago") stays put.
      const r = await runCli(args, {env: {PROXY_CONFIG_NOW: '2026-06-01T00:00:00Z'}})
      // Warming and refused resources are named on stderr (test/commands/show-hidden.test.ts); nothing else may be.
      expect(r.stderr).toMatch(/^(Warning: [^\n]+ is warming \([^\n]+\n)*$/)
      expect(r.code).toBe(0)
      const golden = join(projectRoot, 'test/golden', `${name}.txt`)
      if (process.env.UPDATE_GOLDEN || !existsSync(golden)) writeFileSync(golden, r.stdout)
      expect(r.stdout).toBe(readFileSync(golden, 'utf8'))
    })
  }

  it('reads the dump from stdin with -f -', async () => {
    const r = await runCli(['cluster', '-f', '-'], {stdin: readFileSync(join(projectRoot, sidecar))})
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(readFileSync(join(projectRoot, 'test/golden/sidecar-cluster.txt'), 'utf8'))
  })
})

describe('bad input gives one line on stderr and nothing on stdout', () => {
  const bad: [string, string[], RegExp, number, string?][] = [
    ['missing file', ['cluster', '-f', 'nope.json'], /^Error: cannot read nope\.json: no such file\n$/, 1],
    ['empty file', ['cluster', '-f', '-'], /^Error: stdin is empty/, 1, ''],
    ['not JSON', ['listener', '-f', '-'], /^Error: stdin is not valid JSON: /, 1, 'hello'],
    ['JSON that is not a dump', ['route', '-f', '-'], /^Error: stdin is not an Envoy config dump/, 1, '{"listeners": []}'],
    [
      'a /clusters answer given to eds',
      ['eds', '-f', hosts],
      /^Error: file \S+ is Envoy's \/clusters\?format=json, not a config dump; `endpoint` shows the endpoints it lists\n$/,
      1,
    ],
    ['truncated dump', ['cluster', '-f', '-'], /^Error: stdin is not valid JSON: unexpected end of data .* at byte \d+\n$/, 1, '{"configs": [{"@type": "x", "a": ['],
    [
      'missing section',
      ['cluster', '-f', '-'],
      /^Error: stdin: config dump has no configuration type type\.googleapis\.com\/envoy\.admin\.v3\.ClustersConfigDump; a dump saved with mask= or resource= leaves sections out: save the whole \/config_dump\?include_eds=true \(e\.g\. proxy-config all <pod> -o json > dump\.json\)\n$/,
      1,
      '{"configs": []}',
    ],
    ['no pod and no file', ['endpoint'], /^Error: endpoints requires pod name or --file parameter\n$/, 2],
    ['pod and file', ['secret', 'x', '-f', 'y'], /^Error: secret requires pod name or --file parameter \(give only one of them\)\n$/, 2],
    ['unknown output', ['cluster', '-f', sidecar, '-o', 'xml'], /^Error: output format "xml" not supported/, 2],
    ['unknown flag', ['cluster', '-f', sidecar, '--bogus'], /^Error: unknown flag: --bogus \(see proxy-config cluster --help\)\n$/, 2],
  ]
  for (const [name, args, stderr, code, stdin] of bad) {
    it(name, async () => {
      const r = await runCli(args, {stdin})
      expect(r.stderr).toMatch(stderr)
      expect(r.stdout).toBe('')
      expect(r.code).toBe(code)
    })
  }
})

describe('private keys are redacted unless --show-secrets', () => {
  const leaky = (): string => {
    const dump = JSON.parse(readFileSync(join(projectRoot, sidecar), 'utf8'))
    for (const section of dump.configs) {
      for (const s of section.dynamic_active_secrets ?? []) if (s.secret?.tls_certificate) s.secret.tls_certificate.private_key = {inline_bytes: 'UFJJVkFURS1LRVktQllURVM='}
      for (const c of section.dynamic_active_clusters ?? [])
        c.cluster.transport_socket = {
          name: 'tls',
          typed_config: {
            '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
            common_tls_context: {tls_certificates: [{private_key: {inline_string: 'PRIVATE-KEY-TEXT'}}]},
          },
        }
    }
    return JSON.stringify(dump)
  }

  for (const args of [
    ['secret', '-o', 'json'],
    ['secret', '-o', 'yaml'],
    ['cluster', '-o', 'json'],
    ['all', '-o', 'json'],
    ['all', '-o', 'yaml'],
  ]) {
    it(args.join(' '), async () => {
      const stdin = leaky()
      const hidden = await runCli([...args, '-f', '-'], {stdin})
      expect(hidden.code).toBe(0)
      expect(hidden.stdout).not.toMatch(/UFJJVkFURS1LRVktQllURVM=|PRIVATE-KEY-TEXT/)
      expect(hidden.stdout).toContain('[redacted]')
      const shown = await runCli([...args, '-f', '-', '--show-secrets'], {stdin})
      expect(shown.stdout).toMatch(/UFJJVkFURS1LRVktQllURVM=|PRIVATE-KEY-TEXT/)
    })
  }
})

describe('warnings go to stderr, never into the output', () => {
  it('says why a filtered listing is empty', async () => {
    const r = await runCli(['cluster', '-f', sidecar, '--fqdn', 'nope', '--port', '80', '-o', 'json'])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('[]\n')
    expect(r.stderr).toBe('Warning: no clusters match --fqdn nope --port 80; 27 clusters in the dump\n')
  })

  it('names config dump sections it skipped', async () => {
    const stdin = JSON.stringify({
      configs: [
        {'@type': 'type.googleapis.com/cilium.NetworkPoliciesConfigDump'},
        {'@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump', static_clusters: [{cluster: {name: 'a'}}]},
      ],
    })
    const r = await runCli(['cluster', '-f', '-', '--no-headers'], {stdin})
    expect(r.stdout).toBe('a     -     -     -     STATIC     \n')
    expect(r.stderr).toBe('Warning: skipped config dump sections proxy-config does not read: cilium.NetworkPoliciesConfigDump\n')
  })
})

describe('colour', () => {
  const args = ['eds', '-f', sidecar, '--cluster', 'outbound|9080||reviews.default.svc.cluster.local']

  it('is off when stdout is not a terminal, and with NO_COLOR even when forced', async () => {
    expect((await runCli(args, {env: {NO_COLOR: ''}})).stdout).not.toContain('\u001b[')
    expect((await runCli(args, {env: {NO_COLOR: '1', FORCE_COLOR: '1'}})).stdout).not.toContain('\u001b[')
  })

  it('paints health words only, keeping the columns aligned', async () => {
    const r = await runCli(args, {env: {NO_COLOR: '', FORCE_COLOR: '1'}})
    expect(r.stdout).toContain('\u001b[31mUNHEALTHY\u001b[39m')
    expect(r.stdout).toContain('\u001b[32mHEALTHY\u001b[39m')
    const plain = r.stdout.replace(/\u001b\[\d+m/g, '')
    expect(plain).toBe((await runCli(args)).stdout)
  })
})

describe('names from a dump cannot drive the terminal', () => {
  it('escapes control sequences in cluster and route names', async () => {
    const evil = 'outbound|80||\u001b]0;owned\u0007\u001b[2J.svc.cluster.local'
    const stdin = JSON.stringify({
      configs: [
        {'@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump', static_clusters: [{cluster: {name: evil, type: 'EDS'}}]},
        {
          '@type': 'type.googleapis.com/envoy.admin.v3.RoutesConfigDump',
          static_route_configs: [
            {route_config: {name: '80\u202e', virtual_hosts: [{name: 'v\u009b1m', domains: ['*'], routes: [{match: {prefix: '/'}, route: {cluster: evil}}]}]}},
          ],
        },
      ],
    })
    for (const args of [['cluster', '-o', 'wide'], ['cluster', '-o', 'name'], ['route'], ['cluster', '-o', 'json'], ['route', '-o', 'yaml']]) {
      const r = await runCli([...args, '-f', '-'], {stdin})
      expect(r.code).toBe(0)
      expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/)
    }
  })
})
