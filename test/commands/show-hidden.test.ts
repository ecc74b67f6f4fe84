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
    expect(r.stderr).toBe(
      'Warning: stdin has no routes section, left out below; a dump saved with mask= or resource= leaves sections out: save the whole /config_dump?include_eds=true (e.g. proxy-config all <pod> -o json > dump.json)\n',
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
    expect(ecds.stderr).toMatch(/EcdsConfigDump; Envoy writes this section only once a filter is delivered by ECDS\n$/)
  })
})
