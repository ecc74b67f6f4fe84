import {describe, expect, it} from 'vitest'

import {type FlagShape, commandFirst, pflagStyle, valueFlagSpellings} from '../../src/cli/argv.js'

const flags: Record<string, FlagShape> = {
  namespace: {type: 'option', char: 'n'},
  output: {type: 'option', char: 'o'},
  'as-group': {type: 'option', multiple: true},
  verbose: {type: 'boolean', allowNo: true},
  'with-headers': {type: 'boolean'},
}
const values = valueFlagSpellings(Object.entries(flags))

describe('commandFirst', () => {
  it('knows which spellings take a value', () => {
    expect([...values].sort()).toEqual(['--as-group', '--namespace', '--output', '-n', '-o'])
  })

  it('moves leading flags, with their values, after the command word', () => {
    expect(commandFirst(['-n', 'bookinfo', 'cluster', 'pod'], values)).toEqual(['cluster', '-n', 'bookinfo', 'pod'])
    expect(commandFirst(['--namespace=x', '--verbose', 'listener', 'pod'], values)).toEqual(['listener', '--namespace=x', '--verbose', 'pod'])
    expect(commandFirst(['-o', 'json', '-n', 'ns', 'route'], values)).toEqual(['route', '-o', 'json', '-n', 'ns'])
  })

  it('leaves a command line without a leading flag or without a command alone', () => {
    expect(commandFirst(['cluster', '-n', 'x'], values)).toEqual(['cluster', '-n', 'x'])
    expect(commandFirst(['-n', 'x'], values)).toEqual(['-n', 'x'])
    expect(commandFirst(['--version'], values)).toEqual(['--version'])
    expect(commandFirst(['-n', 'x', '--', 'cluster'], values)).toEqual(['-n', 'x', '--', 'cluster'])
  })
})

describe('pflagStyle', () => {
  it('reads booleans as pflag does: =true/=false, and a separate true/false', () => {
    expect(pflagStyle(['--verbose=false', 'pod'], flags)).toEqual(['--no-verbose', 'pod'])
    expect(pflagStyle(['--verbose', 'false', 'pod'], flags)).toEqual(['--no-verbose', 'pod'])
    expect(pflagStyle(['--verbose', 'true'], flags)).toEqual(['--verbose'])
    expect(pflagStyle(['--verbose', 'pod'], flags)).toEqual(['--verbose', 'pod'])
    // Without --no-…, false is the default already.
    expect(pflagStyle(['--with-headers=false', 'pod'], flags)).toEqual(['pod'])
  })

  it('keeps the last value of a repeated single-valued option, in any spelling', () => {
    expect(pflagStyle(['-o', 'yaml', 'pod', '-o', 'json'], flags)).toEqual(['pod', '-o', 'json'])
    expect(pflagStyle(['--output=yaml', '-ojson', '-n', 'a', '--namespace', 'b'], flags)).toEqual(['-ojson', '--namespace', 'b'])
  })

  it('keeps every value of a repeatable option and everything after --', () => {
    expect(pflagStyle(['--as-group', 'a', '--as-group', 'b'], flags)).toEqual(['--as-group', 'a', '--as-group', 'b'])
    expect(pflagStyle(['--', '-o', 'x', '-o', 'y'], flags)).toEqual(['--', '-o', 'x', '-o', 'y'])
    expect(pflagStyle(['--unknown', 'false', '-x'], flags)).toEqual(['--unknown', 'false', '-x'])
  })
})
