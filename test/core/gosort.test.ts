import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {type Less, cmp, sortSlice} from '../../src/core/gosort.js'
import {projectRoot} from '../support/run-cli.js'

/** istioctl's route-config comparator: numeric order when both names are integers, otherwise "not less". */
const routeLess: Less<string> = (a, b) => /^[+-]?\d+$/.test(a) && /^[+-]?\d+$/.test(b) && Number(a) < Number(b)

describe('sortSlice', () => {
  it('is a plain insertion sort up to 12 elements: non-numeric names stay put as barriers', () => {
    const names = ['9080', 'b', '80', '15014', 'a', '8080', '15010', '9090', 'c', '8383', '443', '15090']
    expect(sortSlice(names, routeLess)).toEqual(['9080', 'b', '80', '15014', 'a', '8080', '9090', '15010', 'c', '443', '8383', '15090'])
  })

  it('partitions around a median-of-three pivot from 13 elements on (worked through by hand)', () => {
    // 13 elements: pivot = median of positions 3, 6, 9 (15014, 15010, 8383) = 15010 at 6.
    // Partitioning swaps it to 0, then exchanges 'slime…'↔443, 15014↔8383 and 'Inbound…'↔9090
    // from both ends and puts 15010 back at 6. The left six are all numbers and get
    // insertion-sorted; the right six (named configs around 15014 and 15090) are already
    // "sorted" for this comparator, so nothing there moves.
    const names = [
      '9080',
      'slime-metrics.mesh-operator.svc.cluster.local:8686',
      '80',
      '15014',
      'InboundPassthroughCluster',
      '8080',
      '15010',
      '9090',
      'istio-ingressgateway.istio-system.svc.cluster.local:15021',
      '8383',
      'inbound|9080||',
      '443',
      '15090',
    ]
    expect(sortSlice(names, routeLess)).toEqual([
      '80',
      '443',
      '8080',
      '8383',
      '9080',
      '9090',
      '15010',
      'InboundPassthroughCluster',
      'istio-ingressgateway.istio-system.svc.cluster.local:15021',
      '15014',
      'inbound|9080||',
      'slime-metrics.mesh-operator.svc.cluster.local:8686',
      '15090',
    ])
  })

  it('sorts any order it is given, ties aside', () => {
    const values = Array.from({length: 1000}, (_, i) => (i * 7919) % 1009)
    const sorted = sortSlice([...values], (a, b) => a < b)
    expect(sorted).toEqual([...values].sort((a, b) => a - b))
  })

  it('leaves short and empty slices alone', () => {
    expect(sortSlice([], (a: number, b: number) => a < b)).toEqual([])
    expect(sortSlice([1], (a, b) => a < b)).toEqual([1])
  })

  it('does not reorder equal elements below 13, as insertion sort keeps them', () => {
    const items = Array.from({length: 12}, (_, i) => ({key: i % 3, id: i}))
    expect(sortSlice(items, (a, b) => a.key < b.key).map((x) => x.id)).toEqual([0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11])
  })
})

/**
 * Orders produced by Go's own sort.Slice (the Go 1.19 sources run
 * with current Go's xorshift shifts), element indexes after sorting. The inputs
 * cover ties, sorted and reversed runs, all-equal slices, heapsort fallback under
 * an inconsistent comparator, pattern breaking, and istioctl's route comparator.
 */
interface GoCase {
  name: string
  kind: 'keyed' | 'chaos' | 'route' | 'descending'
  ints?: number[]
  names?: string[]
  want: number[]
}

const goCases: GoCase[] = JSON.parse(readFileSync(join(projectRoot, 'test/core/gosort-go-orders.json'), 'utf8'))

function lessFor(c: GoCase): Less<number> {
  const ints = c.ints ?? []
  const names = c.names ?? []
  switch (c.kind) {
    case 'keyed':
      return (a, b) => ints[a] < ints[b]
    case 'chaos':
      // Not an order at all: the answer depends on the pair only through this formula.
      return (a, b) => (ints[a] * 31 + ints[b] * 17) % 11 < 5
    case 'route':
      return (a, b) => routeLess(names[a], names[b])
    case 'descending':
      return (a, b) => names[a] > names[b]
  }
}

describe('matches Go element for element', () => {
  for (const c of goCases) {
    it(c.name, () => {
      const ids = Array.from({length: (c.ints ?? c.names ?? []).length}, (_, i) => i)
      expect(sortSlice(ids, lessFor(c))).toEqual(c.want)
    })
  }
})

describe('cmp', () => {
  it('orders strings as Go compares their UTF-8 bytes', () => {
    const strings = ['', 'a', 'B', 'ab', 'a\u0000', 'é', 'e\u0301', '\uffff', '\ue000', '😀', '😀a', '\ud7ff', '𝔸', 'Z', 'z', 'outbound|80||a', 'outbound|8080||a']
    const bytewise = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b))
    for (const a of strings) for (const b of strings) expect([a, b, cmp(a, b)]).toEqual([a, b, bytewise(a, b)])
  })
})
