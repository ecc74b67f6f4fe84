import {describe, expect, it} from 'vitest'

import {parseElements, parseLeavingOut} from '../../src/dump/partial.js'
import {NestingError, ScanError} from '../../src/dump/scan.js'

const whole = (text: string) => ({start: 0, end: Buffer.byteLength(text)})

/** What parseLeavingOut gives for `text`, the left-out lists parsed back in, by dotted path. */
function leaving(text: string, paths: string[][]) {
  const bytes = Buffer.from(text)
  const {value, left, spans} = parseLeavingOut(bytes, whole(text), paths)
  const lists = Object.fromEntries([...left].map(([path, list]) => [path, [...parseElements(bytes, list)]]))
  const at = Object.fromEntries([...spans].map(([path, span]) => [path, bytes.toString('utf8', span.start, span.end)]))
  return {value, lists, at}
}

describe('parseLeavingOut', () => {
  it('parses as JSON.parse does, without the lists on the paths, which come element by element', () => {
    const entry = {name: 'l', active_state: {version_info: 'v', listener: {name: 'l', filter_chains: [{name: 'a'}, {name: 'b'}], address: {}}}}
    const {value, lists, at} = leaving(JSON.stringify(entry), [['active_state', 'listener', 'filter_chains']])
    expect(value).toEqual({name: 'l', active_state: {version_info: 'v', listener: {name: 'l', address: {}}}})
    expect(lists).toEqual({'active_state.listener.filter_chains': [{name: 'a'}, {name: 'b'}]})
    expect(JSON.parse(at['active_state.listener'])).toEqual(entry.active_state.listener)
    expect(Object.keys(at)).toEqual(['active_state', 'active_state.listener'])
  })

  it('picks each step as `field` does: the snake_case name, else the camelCase one, the last of duplicates', () => {
    const text = '{"activeState":{"listener":{"filterChains":[1]}},"x":{"__proto__":2,"k":1,"k":3}}'
    expect(leaving(text, [['active_state', 'listener', 'filter_chains']])).toMatchObject({
      value: JSON.parse('{"activeState":{"listener":{}},"x":{"__proto__":2,"k":3}}'),
      lists: {'active_state.listener.filter_chains': [1]},
    })
    // Duplicates: the last list is the one read; the earlier one (in either spelling) is left out too.
    const duplicates = '{"l":{"filterChains":[1],"filter_chains":[2],"name":"n","filter_chains":[3]}}'
    const {value, lists} = leaving(duplicates, [['l', 'filter_chains']])
    expect(value).toEqual({l: {name: 'n'}})
    expect(lists).toEqual({'l.filter_chains': [3]})
  })

  it('keeps in the value what is not a list, and gives nothing for paths that lead nowhere', () => {
    const text = '{"l":{"filter_chains":{"not":"a list"}},"m":[1]}'
    expect(
      leaving(text, [
        ['l', 'filter_chains'],
        ['m', 'x', 'y'],
        ['n', 'x'],
      ]),
    ).toEqual({value: JSON.parse(text), lists: {}, at: {l: '{"filter_chains":{"not":"a list"}}', m: '[1]'}})
  })

  it('refuses what a parse of the whole refuses, between the values it reads apart too', () => {
    const paths = [['l', 'filter_chains']]
    for (const text of [
      '{"l":{"filter_chains":[1] "x":2}}',
      '{"a" 1,"l":{"filter_chains":[1]}}',
      '{"l":{"filter_chains":[1,]}}',
      '{"l":{"filter_chains":[1],"x":2},}',
      '{"l":{"filter_chains":[1 2]}}',
      '{"l":{"filter_chains":[{"a":1}}]}}',
      '{"l":{"x":tru,"filter_chains":[1]}}',
    ]) {
      expect(() => JSON.parse(text)).toThrow()
      const read = () => {
        const bytes = Buffer.from(text)
        for (const list of parseLeavingOut(bytes, whole(text), paths).left.values()) [...parseElements(bytes, list)]
      }
      expect(read, text).toThrow(ScanError)
    }
  })

  it('checks nesting as a parse of the whole would', () => {
    const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n)
    const text = `{"l":{"filter_chains":[${deep(5)}],"other":${deep(5)}}}`
    const bytes = Buffer.from(text)
    // The whole value nests 8 deep through the list (object, object, list, element 5 deep), 7 through "other".
    const fits = parseLeavingOut(bytes, whole(text), [['l', 'filter_chains']], 8)
    expect([...parseElements(bytes, fits.left.get('l.filter_chains')!)]).toHaveLength(1)
    expect(() => parseLeavingOut(bytes, whole(text), [['l', 'filter_chains']], 6)).toThrow(NestingError)
    const listTooDeep = parseLeavingOut(bytes, whole(text), [['l', 'filter_chains']], 7)
    expect(() => [...parseElements(bytes, listTooDeep.left.get('l.filter_chains')!)]).toThrow(NestingError)
  })
})
