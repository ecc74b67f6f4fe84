import type {V1Pod} from '@kubernetes/client-node'
import {describe, expect, it} from 'vitest'

import {labelSelector} from '../../src/kube/api.js'
import {parsePodArgument, pickPod} from '../../src/kube/pods.js'

describe('parsePodArgument', () => {
  it.each([
    ['productpage-v1-abc', {kind: 'pod', name: 'productpage-v1-abc', namespace: 'dflt'}],
    ['productpage-v1-abc.bookinfo', {kind: 'pod', name: 'productpage-v1-abc', namespace: 'bookinfo'}],
    // The last dot splits, so a dotted pod name is misread, exactly as istioctl does.
    ['my.pod', {kind: 'pod', name: 'my', namespace: 'pod'}],
    ['name.', {kind: 'pod', name: 'name', namespace: 'dflt'}],
    ['pod/x.ns', {kind: 'pod', name: 'x', namespace: 'ns'}],
    ['deployment/productpage-v1', {kind: 'deployment', name: 'productpage-v1', namespace: 'dflt', text: 'deployment/productpage-v1'}],
    ['deploy/productpage-v1.bookinfo', {kind: 'deployment', name: 'productpage-v1', namespace: 'bookinfo', text: 'deploy/productpage-v1'}],
    // Only a dot after the slash starts the namespace, so the group stays with the type.
    ['deployment.apps/productpage-v1', {kind: 'deployment', name: 'productpage-v1', namespace: 'dflt', text: 'deployment.apps/productpage-v1'}],
    ['Deployment.v1.apps/x', {kind: 'deployment', name: 'x', namespace: 'dflt', text: 'Deployment.v1.apps/x'}],
    ['sts/db.data', {kind: 'statefulset', name: 'db', namespace: 'data', text: 'sts/db'}],
    ['ds/agent', {kind: 'daemonset', name: 'agent', namespace: 'dflt', text: 'ds/agent'}],
    ['replicasets/rs-1', {kind: 'replicaset', name: 'rs-1', namespace: 'dflt', text: 'replicasets/rs-1'}],
    ['svc/productpage', {kind: 'service', name: 'productpage', namespace: 'dflt', text: 'svc/productpage'}],
  ])('%s', (text, expected) => {
    expect(parsePodArgument(text, 'dflt')).toEqual(expected)
  })

  it.each([
    ['job/x', 'unknown resource type "job" in "job/x": use pod, deployment, statefulset, daemonset, replicaset or service'],
    ['services.apps/x', 'unknown resource type "services.apps" in "services.apps/x": use pod, deployment, statefulset, daemonset, replicaset or service'],
    ['deployment/', 'expected a name after "deployment/" in "deployment/"'],
    ['/x', 'expected a pod name or <type>/<name>, got "/x"'],
    ['.ns', 'expected a pod name, got ".ns"'],
  ])('rejects %s', (text, message) => {
    expect(() => parsePodArgument(text, 'dflt')).toThrow(message)
  })
})

describe('pickPod', () => {
  const pod = (name: string, phase: string, ready: boolean, created: string, deleting = false): V1Pod => ({
    metadata: {name, creationTimestamp: new Date(created), ...(deleting ? {deletionTimestamp: new Date(created)} : {})},
    status: {phase, conditions: [{type: 'Ready', status: ready ? 'True' : 'False'}]},
  })

  it('prefers Running, then Ready, then the newest', () => {
    const pods = [
      pod('a-old-ready', 'Running', true, '2026-01-01T00:00:00Z'),
      pod('b-new-ready', 'Running', true, '2026-01-02T00:00:00Z'),
      pod('c-newer-unready', 'Running', false, '2026-01-03T00:00:00Z'),
      pod('d-newest-pending', 'Pending', true, '2026-01-04T00:00:00Z'),
      pod('e-terminating', 'Running', true, '2026-01-05T00:00:00Z', true),
    ]
    expect(pickPod(pods)?.metadata?.name).toBe('b-new-ready')
    expect(pickPod(pods.slice(2))?.metadata?.name).toBe('c-newer-unready')
    expect(pickPod(pods.slice(3))).toBeUndefined()
  })
})

describe('labelSelector', () => {
  it('writes matchLabels and matchExpressions as kubectl does', () => {
    expect(
      labelSelector({
        matchLabels: {app: 'reviews', version: 'v1'},
        matchExpressions: [
          {key: 'tier', operator: 'In', values: ['web', 'api']},
          {key: 'canary', operator: 'NotIn', values: ['true']},
          {key: 'istio.io/rev', operator: 'Exists'},
          {key: 'legacy', operator: 'DoesNotExist'},
        ],
      }),
    ).toBe('app=reviews,version=v1,tier in (web,api),canary notin (true),istio.io/rev,!legacy')
  })
})
