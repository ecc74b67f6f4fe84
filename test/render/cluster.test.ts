import {describe, expect, it} from 'vitest'

import {sortByClusterName} from '../../src/filter/cluster.js'
import {parseCluster, parseClusterHead} from '../../src/model/cluster.js'
import {clusterHeadTable, clusterTable} from '../../src/render/cluster.js'
import {renderTable} from '../../src/render/table.js'

describe('cluster table in all', () => {
  it('writes a nameless cluster one cell short, and Go tabwriter lays out the rest around it', () => {
    const clusters = sortByClusterName(
      [parseCluster({name: 'outbound|80||a.b', type: 'EDS'}), parseCluster({name: 'BlackHoleCluster', type: 'STATIC'}), parseCluster({type: 'STATIC'})],
      (c) => c.name,
    )
    const text = [...renderTable(clusterTable(clusters, {withTypeNames: true}), {colour: false})].join('')
    // What istioctl's writer and Go's text/tabwriter print for these clusters.
    expect(text).toBe(
      [
        'NAME                         SERVICE FQDN                 PORT     SUBSET     DIRECTION     TYPE     DESTINATION RULE',
        '                             -                            -        -          STATIC        ',
        'cluster/BlackHoleCluster     cluster/BlackHoleCluster     -        -          -             STATIC     ',
        'cluster/outbound|80||a.b     a.b                          80       -          outbound      EDS        ',
        '',
      ].join('\n'),
    )
  })
})

describe('short cluster table from heads', () => {
  it('is the table the whole clusters give', () => {
    const raws = [{name: 'outbound|80|v1|a.b', type: 'EDS'}, {name: 'BlackHoleCluster', type: 'STATIC'}, {type: 'STATIC'}, {name: 'outbound_.53_._.dns.local', type: 3}]
    for (const opts of [{}, {withTypeNames: true}]) {
      expect(
        clusterHeadTable(
          raws.map((r) => parseClusterHead(r)),
          opts,
        ),
      ).toEqual(
        clusterTable(
          raws.map((r) => parseCluster(r)),
          opts,
        ),
      )
    }
  })
})
