import {describe, expect, it} from 'vitest'

import {runCli} from '../support/run-cli.js'

describe('a mistyped command, without a terminal', () => {
  it('suggests the nearest command in one line on stderr and exits 2, without prompting', async () => {
    const r = await runCli(['clustr', '-f', 'fixtures/bookinfo-productpage.json'])
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'Error: unknown command "clustr" for "proxy-config"; did you mean "cluster"? (see proxy-config --help)\n',
    })
  })

  it('names only the first word when more words follow', async () => {
    const r = await runCli(['lisener', 'productpage-v1-abc', '-n', 'default'])
    expect(r.stderr).toBe('Error: unknown command "lisener" for "proxy-config"; did you mean "listener"? (see proxy-config --help)\n')
    expect(r.code).toBe(2)
  })

  it('lists the commands when nothing is close', async () => {
    const r = await runCli(['xyzzy'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^Error: unknown command "xyzzy" for "proxy-config" \(commands: all, autocomplete, bootstrap, cluster, .*; see proxy-config --help\)\n$/)
    // Hidden commands and aliases are not offered.
    expect(r.stderr).not.toMatch(/complete-pods|clusters/)
  })

  it('says a command must come first when a flag does', async () => {
    const r = await runCli(['-f', 'fixtures/bookinfo-productpage.json'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^Error: a command must come before "-f" \(commands: all, .*\)\n$/)
  })

  it('still runs real commands, aliases and help', async () => {
    expect((await runCli(['c', '-f', 'fixtures/bookinfo-productpage.json', '--no-headers'])).code).toBe(0)
    const help = await runCli(['help', 'cluster'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('$ proxy-config cluster [POD]')
  })
})
