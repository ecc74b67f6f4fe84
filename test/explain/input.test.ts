import {describe, expect, it} from 'vitest'

import {explainInput, parseHeader} from '../../src/explain/input.js'

const options = {headers: [], method: 'GET', inbound: false}

describe('explain input', () => {
  it('headers: name=value or name:value; a pseudo-header keeps its leading colon', () => {
    expect(parseHeader('end-user=jason')).toEqual(['end-user', 'jason'])
    expect(parseHeader('x-ratio: 1=2')).toEqual(['x-ratio', '1=2'])
    expect(parseHeader(':authority=reviews:9080')).toEqual([':authority', 'reviews:9080'])
    expect(() => parseHeader('no-value')).toThrow('--header "no-value": expected name=value')
  })

  it('the URL, the direction and the headers as the engine takes them', () => {
    const input = explainInput('http://reviews:9080/r?x=1', {...options, headers: ['end-user=jason'], inbound: true})
    expect(input).toMatchObject({direction: 'inbound', headers: [['end-user', 'jason']], target: {host: 'reviews', port: 9080, path: '/r?x=1'}})
  })

  it('refuses a missing URL and addresses that are not IPs, as usage errors', () => {
    expect(() => explainInput(undefined, options)).toThrow(expect.objectContaining({message: expect.stringContaining('explain requires a URL'), exitCode: 2}))
    expect(() => explainInput('http://a/', {...options, destIp: 'reviews'})).toThrow('--dest-ip "reviews" is not an IP address')
    expect(() => explainInput('http://a/', {...options, sourceIp: '10.0.0.300'})).toThrow('--source-ip "10.0.0.300" is not an IP address')
  })
})
