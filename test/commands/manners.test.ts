import {spawnSync} from 'node:child_process'

import {describe, expect, it} from 'vitest'

import {projectRoot, runCli} from '../support/run-cli.js'

const sidecar = 'fixtures/bookinfo-productpage.json'

/** Output of a command line that is known to work, to compare a kubectl-style spelling against. */
async function reference(args: string[]): Promise<string> {
  const r = await runCli(args)
  expect(r.code).toBe(0)
  return r.stdout
}

describe('manners of a kubectl-family tool', () => {
  it('-h works wherever --help does, on the root and on every command', async () => {
    for (const args of [[], ['cluster'], ['listener'], ['log'], ['help']]) {
      const short = await runCli([...args, '-h'])
      const long = await runCli([...args, '--help'])
      expect(short.code, args.join(' ')).toBe(0)
      expect(short.stdout).toBe(long.stdout)
      expect(short.stdout).toContain('USAGE')
    }
  })

  it('takes global flags before the command, with their values', async () => {
    const expected = await reference(['cluster', '-f', sidecar, '-n', 'bookinfo', '--port', '9080'])
    expect(await runCli(['-n', 'bookinfo', 'cluster', '-f', sidecar, '--port', '9080'])).toEqual({code: 0, stdout: expected, stderr: ''})
    expect(await runCli(['--namespace=bookinfo', '-f', sidecar, 'cluster', '--port', '9080'])).toEqual({code: 0, stdout: expected, stderr: ''})
    expect((await runCli(['-n', 'bookinfo'])).stderr).toMatch(/^Error: a command must come before "-n"/)
  })

  it('reads --verbose false as --verbose=false, never as the pod', async () => {
    const expected = await reference(['listener', '-f', sidecar, '--verbose=false'])
    expect(await runCli(['listener', '--verbose', 'false', '-f', sidecar])).toEqual({code: 0, stdout: expected, stderr: ''})
    // `all` also says on stderr what the dump holds that is not in use yet (a warming secret): the same either way.
    const plain = await runCli(['all', '-f', sidecar, '--port', '9080'])
    expect(plain.code).toBe(0)
    expect(await runCli(['all', '-f', sidecar, '--with-headers=false', '--port', '9080'])).toEqual(plain)
  })

  it('lets the last of a repeated flag win, as kubectl does', async () => {
    const expected = await reference(['cluster', '-f', sidecar, '-o', 'json', '--port', '9080'])
    expect(await runCli(['cluster', '-f', sidecar, '-o', 'yaml', '--output=json', '--port', '1', '--port', '9080'])).toEqual({code: 0, stdout: expected, stderr: ''})
  })

  it.each([
    [['cluster', '-f', sidecar, '--port', 'abc'], 'invalid port number "abc" for --port: expected an integer such as 9080'],
    [['listener', '-f', sidecar, '--port=80x'], 'invalid port number "80x" for --port: expected an integer such as 9080'],
    [['cluster', '-f', sidecar, '--fdqn', 'reviews'], 'unknown flag: --fdqn (did you mean --fqdn?)'],
    [['route', '-f', sidecar, '--nmae', '80'], 'unknown flag: --nmae (did you mean --name?)'],
    [['cluster', '-f', sidecar, '--xyzzy'], 'unknown flag: --xyzzy (see proxy-config cluster --help)'],
    // istioctl checks the admin port before anything else, a file source included.
    [['cluster', '-f', sidecar, '--proxy-admin-port', '0'], 'port number 0 must be in the range 1..65535'],
    [['secret', '-f', sidecar, '--proxy-admin-port=65536'], 'port number 65536 must be in the range 1..65535'],
    [['cluster', '-f', sidecar, '-o', 'jsonpath'], "-o jsonpath= needs a template, e.g. -o jsonpath='{[*].name}'"],
    [['secret', '-f', sidecar, '-o', 'jsonpath='], "-o jsonpath= needs a template, e.g. -o jsonpath='{[*].name}'"],
  ])('%j is a usage error: %s', async (args, message) => {
    expect(await runCli(args)).toEqual({code: 2, stdout: '', stderr: `Error: ${message}\n`})
  })

  it.each([
    [['cluster', '-f', sidecar, '-o', 'jsonpath={.nope}'], 'error executing jsonpath "{.nope}": Error executing template: nope is not found'],
    [
      ['cluster', '-f', sidecar, '-o', 'jsonpath={range [*]}{.nmae}{"\\n"}{end}'],
      'error executing jsonpath "{range [*]}{.nmae}{"\\n"}{end}": Error executing template: nmae is not found',
    ],
    [['bootstrap', '-f', sidecar, '-o', 'jsonpath={.bootstrap.nope.id}'], 'error executing jsonpath "{.bootstrap.nope.id}": Error executing template: nope is not found'],
    [['cluster', '-f', sidecar, '--sort-by', '.nope'], `couldn't find any field with path "{.nope}" in the list of objects`],
    [['listener', '-f', sidecar, '--sort-by', '{.address.nope}'], `couldn't find any field with path "{.address.nope}" in the list of objects`],
  ])('%j reports the missing field as kubectl does', async (args, message) => {
    expect(await runCli(args)).toEqual({code: 1, stdout: '', stderr: `Error: ${message}\n`})
  })

  it('prints a field only some items have, and searches that find nothing, without an error', async () => {
    const some = await runCli(['cluster', '-f', sidecar, '-o', 'jsonpath={range [*]}{.name}={.edsClusterConfig.serviceName}{"\\n"}{end}'])
    expect(some.code).toBe(0)
    expect(some.stdout).toContain('BlackHoleCluster=\n')
    expect(some.stdout).toContain('outbound|9080||reviews.default.svc.cluster.local=outbound|9080||reviews.default.svc.cluster.local\n')
    expect(await runCli(['eds', '-f', sidecar, '-o', 'jsonpath={..nope}'])).toEqual({code: 0, stdout: '', stderr: ''})
    const sorted = await runCli(['cluster', '-f', sidecar, '--sort-by', '.edsClusterConfig.serviceName', '-o', 'name'])
    expect(sorted.code).toBe(0)
    // Items with the field come first (the dump starts with an inbound STATIC cluster, which has none).
    expect(sorted.stdout.split('\n')[0]).toBe('cluster/outbound|15010||istiod.istio-system.svc.cluster.local')
  })

  it('help <unknown> gives the same one-line error as an unknown command', async () => {
    expect(await runCli(['help', 'clustr'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'Error: unknown command "clustr" for "proxy-config"; did you mean "cluster"? (see proxy-config --help)\n',
    })
    expect(await runCli(['help', 'xyzzy'])).toMatchObject({code: 2, stderr: expect.stringMatching(/^Error: unknown command "xyzzy" for "proxy-config" \(commands: /)})
  })
})

/** Runs the CLI on a pseudo-terminal (util-linux `script`), answering a prompt with `answer`. */
function onTerminal(args: string[], answer: string): {status: number | null; output: string} {
  const command = ['node', 'bin/run.js', ...args].map((a) => `'${a}'`).join(' ')
  const r = spawnSync('script', ['-qec', command, '/dev/null'], {cwd: projectRoot, input: answer, encoding: 'utf8', env: {...process.env, NODE_ENV: 'production', NO_COLOR: '1'}})
  return {status: r.status, output: r.stdout}
}

describe('a mistyped command on a terminal', () => {
  it('asks, and answering n is a usage error (exit 2)', () => {
    const r = onTerminal(['clustr', '-f', sidecar], 'n\n')
    expect(r.output).toContain('clustr is not a proxy-config command. Did you mean cluster? (Y/n)')
    expect(r.output).toContain('Error: unknown command "clustr" for "proxy-config"; did you mean "cluster"?')
    expect(r.status).toBe(2)
  })

  it('runs the suggestion on Enter, with the rest of the command line', () => {
    const r = onTerminal(['clustr', '-f', sidecar, '--port', '9080', '--no-headers', '-o', 'name'], '\n')
    expect(r.output).toContain('cluster/outbound|9080||reviews.default.svc.cluster.local')
    expect(r.status).toBe(0)
  })
})
