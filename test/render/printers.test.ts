import {describe, expect, it} from 'vitest'

import {UserError} from '../../src/core/errors.js'
import type {Listing} from '../../src/render/listing.js'
import {renderListing, renderPodListing} from '../../src/render/print.js'
import type {Chunks} from '../../src/render/printers/printer.js'
import {ALL_FORMATS, PRINTERS, formatCompletions, formatsHelp, parsePrinter} from '../../src/render/printers/registry.js'

const text = (chunks: Chunks): string => [...chunks].map((c) => c.toString()).join('')

interface Item {
  name: string
  port: number
}

const listing: Listing<Item> = {
  kind: 'thing',
  items: [
    {name: 'b', port: 2},
    {name: 'a', port: 1},
  ],
  typeName: '',
  raw: (i) => i,
  names: (items) => items.map((i) => i.name),
  table: (items, wide) => ({header: wide ? ['NAME', 'PORT'] : ['NAME'], rows: items.map((i) => (wide ? [i.name, String(i.port)] : [i.name])), padding: 2}),
  tableOrder: (items) => [...items].sort((x, y) => x.name.localeCompare(y.name)),
}

async function print(format: string): Promise<string> {
  return text(await renderListing(listing, parsePrinter(format), {colour: false}))
}

describe('printer registry', () => {
  it('lists every format once, in help order', () => {
    expect(ALL_FORMATS).toEqual(['short', 'wide', 'json', 'yaml', 'name', 'jsonpath'])
    expect(new Set(PRINTERS.map((p) => p.name)).size).toBe(PRINTERS.length)
  })

  it('prints a listing in each format: tables in table order, the rest in item order', async () => {
    expect(await print('short')).toBe('NAME\na\nb\n')
    expect(await print('wide')).toBe('NAME  PORT\na     1\nb     2\n')
    expect(await print('name')).toBe('thing/b\nthing/a\n')
    expect(JSON.parse(await print('json'))).toEqual(listing.items)
    expect(await print('yaml')).toBe('- name: b\n  port: 2\n- name: a\n  port: 1\n\n')
    expect(await print('jsonpath={[*].name}')).toBe('b a')
  })

  it('gives document printers to json, yaml and jsonpath only', () => {
    expect(PRINTERS.filter((p) => p.create('{.x}').document !== undefined).map((p) => p.name)).toEqual(['json', 'yaml', 'jsonpath'])
    expect(PRINTERS.filter((p) => p.create('').table !== undefined).map((p) => [p.name, p.create('').table?.wide])).toEqual([
      ['short', false],
      ['wide', true],
    ])
  })

  it('passes JSON bytes through when a document has them', async () => {
    const doc = {value: () => ({a: 1}), bytes: () => [Buffer.from('{"a": 1}')]}
    expect(text(await parsePrinter('json').document!(doc))).toBe('{"a": 1}\n')
    expect(text(await parsePrinter('yaml').document!(doc))).toBe('a: 1\n\n')
  })

  it('refuses unknown formats, formats a command does not take, and jsonpath without a template', () => {
    const usage = (value: string, allowed?: string[]): string => {
      try {
        parsePrinter(value, allowed)
      } catch (error) {
        expect(error).toBeInstanceOf(UserError)
        expect((error as UserError).exitCode).toBe(2)
        return (error as Error).message
      }
      throw new Error(`${value} was accepted`)
    }
    expect(usage('xml')).toBe('output format "xml" not supported (use one of short|wide|json|yaml|name|jsonpath=TEMPLATE)')
    expect(usage('wide', ['json', 'short'])).toBe('output format "wide" not supported (use one of json|short)')
    expect(usage('short=1')).toMatch(/^output format "short=1" not supported/)
    expect(usage('jsonpath=')).toBe("-o jsonpath= needs a template, e.g. -o jsonpath='{[*].name}'")
    expect(usage('jsonpath')).toBe("-o jsonpath= needs a template, e.g. -o jsonpath='{[*].name}'")
  })

  it('writes the help and completions of -o from the registry', () => {
    expect(formatsHelp(ALL_FORMATS)).toBe('short, wide, json, yaml, name or jsonpath=TEMPLATE (kubectl syntax, over the JSON that -o json prints)')
    expect(formatsHelp(['json', 'short'], {short: 'versions only'})).toBe('json or short (versions only)')
    expect(formatCompletions()).toEqual(['short', 'wide', 'json', 'yaml', 'name', 'jsonpath='])
  })
})

describe('combined output of many pods', () => {
  async function combined(format: string): Promise<string> {
    const printer = parsePrinter(format)
    const parts = printer.combined()
    const out: string[] = []
    // Pods arrive out of order: tables and JSONPath are put in pod order at the end.
    for (const pod of ['pod-b', 'pod-a']) out.push(text(await renderPodListing(pod, listing, printer, parts, {colour: false})))
    out.push(text(await parts.end({colour: false})))
    return out.join('')
  }

  it('adds a POD column to tables, rows in pod order, each pod’s rows in table order', async () => {
    expect(await combined('short')).toBe('POD    NAME\npod-a  a\npod-a  b\npod-b  a\npod-b  b\n')
    expect(await combined('wide')).toBe('POD    NAME  PORT\npod-a  a     1\npod-a  b     2\npod-b  a     1\npod-b  b     2\n')
  })

  it('streams one JSON line per item with its pod (NDJSON), YAML items with their pod, and names after their pod', async () => {
    expect(
      (await combined('json'))
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      {pod: 'pod-b', name: 'b', port: 2},
      {pod: 'pod-b', name: 'a', port: 1},
      {pod: 'pod-a', name: 'b', port: 2},
      {pod: 'pod-a', name: 'a', port: 1},
    ])
    expect(await combined('yaml')).toBe(
      '- name: b\n  pod: pod-b\n  port: 2\n- name: a\n  pod: pod-b\n  port: 1\n- name: b\n  pod: pod-a\n  port: 2\n- name: a\n  pod: pod-a\n  port: 1\n',
    )
    expect(await combined('name')).toBe('pod-b thing/b\npod-b thing/a\npod-a thing/b\npod-a thing/a\n')
    expect(await combined('jsonpath={range [*]}{.pod}:{.name} {end}')).toBe('pod-a:b pod-a:a pod-b:b pod-b:a ')
  })

  it('prints an empty table’s text, or an empty list, when no pod has anything', async () => {
    const printer = parsePrinter('short')
    const parts = printer.combined()
    await renderPodListing('p', {...listing, items: [], emptyTable: 'Nothing.\n'}, printer, parts)
    expect(text(await parts.end({}))).toBe('Nothing.\n')
    expect(text(await parsePrinter('yaml').combined().end({}))).toBe('[]\n\n')
  })
})
