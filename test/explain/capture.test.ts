import {describe, expect, it} from 'vitest'

import {captureFromPod, decideCapture, istioDefaults, parseIstioIptablesArgs} from '../../src/explain/capture.js'

const ARGS = [
  'istio-iptables',
  '-p',
  '15001',
  '-z',
  '15006',
  '-u',
  '1337',
  '-m',
  'REDIRECT',
  '-i',
  '10.96.0.0/12',
  '-x',
  '10.96.0.10/32',
  '-b',
  '*',
  '-d',
  '15090,15021,15020',
  '-o',
  '3306',
]

describe('traffic capture (istio-iptables)', () => {
  it('parses the istio-init arguments, short and long spellings', () => {
    const s = parseIstioIptablesArgs([...ARGS, '--istio-included-outbound-ports=8443'])
    expect(s).toMatchObject({origin: 'istio-init', outboundPort: 15001, inboundPort: 15006, proxyUid: '1337', excludeOutboundPorts: [3306], includeOutboundPorts: [8443]})
    expect(s.includeOutboundCidrs).toEqual([{prefix: '10.96.0.0', len: 12}])
  })

  it('outbound: captured inside -i, not outside it, not in -x, not on -o ports', () => {
    const s = parseIstioIptablesArgs(ARGS)
    expect(decideCapture(s, {direction: 'outbound', destIp: '10.96.37.114', destPort: 9080}).chosen).toBe('redirect to 15001')
    expect(decideCapture(s, {direction: 'outbound', destIp: '8.8.8.8', destPort: 443}).reason).toContain('outside the captured ranges')
    expect(decideCapture(s, {direction: 'outbound', destIp: '10.96.0.10', destPort: 53}).reason).toContain('excluded range 10.96.0.10/32')
    expect(decideCapture(s, {direction: 'outbound', destIp: '10.96.140.77', destPort: 3306}).chosen).toBeNull()
  })

  it('outbound: traffic to localhost is never redirected', () => {
    expect(decideCapture(istioDefaults(), {direction: 'outbound', destIp: '127.0.0.1', destPort: 8080}).chosen).toBeNull()
  })

  it('inbound: every port but -d is captured with -b *', () => {
    const s = istioDefaults()
    expect(decideCapture(s, {direction: 'inbound', destPort: 9080}).chosen).toBe('redirect to 15006')
    expect(decideCapture(s, {direction: 'inbound', destPort: 15021}).chosen).toBeNull()
  })

  it('istio-cni: the traffic.sidecar.istio.io annotations override the defaults', () => {
    const pod = {
      metadata: {annotations: {'sidecar.istio.io/status': '{}', 'traffic.sidecar.istio.io/excludeOutboundPorts': '5432', 'traffic.sidecar.istio.io/includeInboundPorts': '9080'}},
      spec: {containers: [{name: 'app'}, {name: 'istio-proxy'}]},
    }
    const s = captureFromPod(pod)
    expect(s).toMatchObject({origin: 'annotations', excludeOutboundPorts: [5432], includeInboundPorts: [9080]})
    expect(decideCapture(s!, {direction: 'inbound', destPort: 8080}).chosen).toBeNull()
  })

  it('reads the istio-init container from a pod object; a pod without a sidecar has no capture', () => {
    expect(captureFromPod({spec: {containers: [{name: 'app'}], initContainers: [{name: 'istio-init', image: 'proxyv2', args: ARGS.slice(1)}]}})?.origin).toBe('istio-init')
    expect(captureFromPod({spec: {containers: [{name: 'app'}]}})).toBeUndefined()
  })
})
