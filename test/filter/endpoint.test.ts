import {describe, expect, it} from 'vitest'

import {clustersWithMatchingHosts, filterLoadAssignment, matchesHost, matchingHosts} from '../../src/filter/endpoint.js'
import {parseClusterStatuses} from '../../src/model/endpoint.js'

const host = (address: string, port: number, status = 'HEALTHY') => ({address: {socket_address: {address, port_value: port}}, health_status: {eds_health_status: status}})
const statuses = parseClusterStatuses({
  cluster_statuses: [
    {name: 'outbound|80||web', host_statuses: [host('10.0.0.2', 80), host('10.0.0.1', 80, 'UNHEALTHY')]},
    {name: 'outbound|90||api', host_statuses: [host('10.0.0.1', 90)]},
    {name: 'Empty'},
  ],
})

describe('host filters', () => {
  it('match address, cluster and status case-insensitively, and the port exactly', () => {
    const [web] = statuses
    expect(matchesHost(web.hosts[0], {})).toBe(true)
    expect(matchesHost(web.hosts[0], {address: '10.0.0.2', port: 80, cluster: 'OUTBOUND|80||WEB', status: 'healthy'})).toBe(true)
    expect(matchesHost(web.hosts[0], {port: 81})).toBe(false)
    expect(matchesHost(web.hosts[1], {status: 'healthy'})).toBe(false)
  })

  it('list matching hosts by address, port, then cluster', () => {
    expect(matchingHosts(statuses, {}).map((h) => `${h.address}:${h.port} ${h.clusterName}`)).toEqual([
      '10.0.0.1:80 outbound|80||web',
      '10.0.0.1:90 outbound|90||api',
      '10.0.0.2:80 outbound|80||web',
    ])
    expect(matchingHosts(statuses, {address: '10.0.0.1', port: 90}).map((h) => h.clusterName)).toEqual(['outbound|90||api'])
  })

  it('keep whole cluster statuses that have a matching host, in response order', () => {
    expect(clustersWithMatchingHosts(statuses, {address: '10.0.0.1'}).map((s) => s.name)).toEqual(['outbound|80||web', 'outbound|90||api'])
    expect(clustersWithMatchingHosts(statuses, {status: 'draining'})).toEqual([])
  })
})

describe('filterLoadAssignment', () => {
  const lb = (address: string, port: number, health_status = 'HEALTHY') => ({endpoint: {address: {socket_address: {address, port_value: port}}}, health_status})
  const cla = {
    cluster_name: 'outbound|80||web',
    endpoints: [
      {locality: {zone: 'a'}, lb_endpoints: [lb('10.0.0.1', 80), lb('10.0.0.2', 80, 'UNHEALTHY')]},
      {locality: {zone: 'b'}, lbEndpoints: [lb('10.0.0.3', 8080)]},
    ],
  }

  it('keeps only matching lb_endpoints and every locality group, even emptied', () => {
    expect(filterLoadAssignment(cla, {status: 'unhealthy'})).toEqual({
      cluster_name: 'outbound|80||web',
      endpoints: [{locality: {zone: 'a'}, lb_endpoints: [lb('10.0.0.2', 80, 'UNHEALTHY')]}, {locality: {zone: 'b'}}],
    })
  })

  it('compares addresses as ip:port, as istioctl does', () => {
    expect(filterLoadAssignment(cla, {address: '10.0.0.3'})).toBeUndefined()
    expect(filterLoadAssignment(cla, {address: '10.0.0.3:8080'})?.endpoints).toEqual([{locality: {zone: 'a'}}, {locality: {zone: 'b'}, lb_endpoints: [lb('10.0.0.3', 8080)]}])
    expect(filterLoadAssignment(cla, {port: 8080})).toBeDefined()
  })

  it('drops assignments of another cluster or with nothing left, and leaves the input alone', () => {
    expect(filterLoadAssignment(cla, {cluster: 'other'})).toBeUndefined()
    expect(filterLoadAssignment(cla, {cluster: 'OUTBOUND|80||WEB'})).toEqual({
      ...cla,
      endpoints: [cla.endpoints[0], {locality: {zone: 'b'}, lb_endpoints: cla.endpoints[1].lbEndpoints}],
    })
    expect(filterLoadAssignment({cluster_name: 'x', endpoints: []}, {})).toBeUndefined()
    expect(cla.endpoints[0].lb_endpoints).toHaveLength(2)
  })
})
