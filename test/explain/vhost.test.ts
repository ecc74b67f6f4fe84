import {describe, expect, it} from 'vitest'

import {selectVirtualHost} from '../../src/explain/vhost.js'

const rc = (...vhosts: [string, string[]][]) => ({virtual_hosts: vhosts.map(([name, domains]) => ({name, domains, routes: []}))})

describe('virtual host selection (route_components.proto VirtualHost.domains)', () => {
  const config = rc(['any', ['*']], ['prefix', ['foo.*']], ['suffix', ['*.foo.com']], ['long-suffix', ['*.bar.foo.com']], ['exact', ['www.foo.com']])

  it('1. exact domain names come first', () => {
    expect(selectVirtualHost(config, 'www.foo.com').step.chosen).toBe('exact')
  })

  it('2. suffix wildcards next, the longest first', () => {
    expect(selectVirtualHost(config, 'a.bar.foo.com').step.chosen).toBe('long-suffix')
    expect(selectVirtualHost(config, 'a.foo.com').step.chosen).toBe('suffix')
  })

  it('3. prefix wildcards after suffix wildcards', () => {
    expect(selectVirtualHost(config, 'foo.org').step.chosen).toBe('prefix')
  })

  it('4. the special wildcard * matches any domain last', () => {
    const step = selectVirtualHost(config, 'other.org').step
    expect(step.chosen).toBe('any')
    expect(step.rejected.find((r) => r.name === 'exact')?.reason).toContain('no domain matches')
  })

  it('the wildcard will not match the empty string: *-bar.foo.com does not match -bar.foo.com', () => {
    const c = rc(['w', ['*-bar.foo.com']])
    expect(selectVirtualHost(c, 'baz-bar.foo.com').step.chosen).toBe('w')
    expect(selectVirtualHost(c, '-bar.foo.com').step.chosen).toBeNull()
  })

  it('the port in :authority is part of the host unless ignore_port_in_host_matching is set', () => {
    const c = rc(['bare', ['reviews']])
    expect(selectVirtualHost(c, 'reviews:9080').step.chosen).toBeNull()
    expect(selectVirtualHost({...c, ignore_port_in_host_matching: true}, 'reviews:9080').step.chosen).toBe('bare')
  })

  it('strip_matching_host_port removes the port only when it is the listener port', () => {
    const c = rc(['bare', ['reviews']])
    expect(selectVirtualHost(c, 'reviews:80', {stripMatchingPort: 80}).step.chosen).toBe('bare')
    expect(selectVirtualHost(c, 'reviews:81', {stripMatchingPort: 80}).step.chosen).toBeNull()
  })

  it('matching is case-insensitive on the host', () => {
    expect(selectVirtualHost(config, 'WWW.Foo.com').step.chosen).toBe('exact')
  })

  it('no match is a 404', () => {
    expect(selectVirtualHost(rc(['exact', ['a']]), 'b').step.reason).toContain('404')
  })
})
