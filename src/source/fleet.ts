import {AdminClient} from '../admin/client.js'
import {Deadline} from '../core/deadline.js'
import {parseDuration} from '../core/duration.js'
import {ExitCode, UserError} from '../core/errors.js'
import {progress} from '../core/progress.js'
import type {DumpRequest} from '../dump/request.js'
import {checkAdminPort} from '../core/port.js'
import type {DumpSource, OpenSources, SourceSpec} from './source.js'

/**
 * Many pods, live: those matching `-l` (in one namespace, or all with `-A`), or every
 * Running pod of a workload (`deployment/x --all-pods`). Pods are resolved now; each
 * pod's port-forward is opened when its dump is read and closed as soon as it is
 * read, so reading a hundred pods a few at a time holds a few tunnels, not a hundred;
 * all of them share one forwarder (credentials, TLS material, agent).
 * `--timeout` bounds each pod's fetch; Ctrl-C stops them all.
 */
export async function openPodFleet(spec: SourceSpec): Promise<OpenSources> {
  const adminPort = checkAdminPort(spec.adminPort)
  const timeoutMs = parseDuration(spec.timeout)
  // Loaded before any deadline starts: a cold start must not eat into the user's --timeout.
  const [{loadKubeConfig}, {KubeApi}, {parsePodArgument, resolvePods}, {PortForwarder}] = await Promise.all([
    import('../kube/config.js'),
    import('../kube/api.js'),
    import('../kube/pods.js'),
    import('../kube/tunnel.js'),
  ])
  const interrupt = new Deadline(Number.POSITIVE_INFINITY)
  let forwarder: InstanceType<typeof PortForwarder> | undefined
  const close = async (): Promise<void> => {
    progress.done()
    forwarder?.close()
    interrupt.dispose()
  }
  const resolving = new Deadline(timeoutMs, interrupt)
  let kube: ReturnType<typeof loadKubeConfig>
  let pods: Awaited<ReturnType<typeof resolvePods>>
  try {
    kube = loadKubeConfig({kubeconfig: spec.kubeconfig, context: spec.context})
    const namespace = spec.namespace || kube.namespace
    const api = new KubeApi(kube, resolving)
    if (spec.selector !== undefined) {
      progress.step(`listing pods${spec.selector ? ` with ${spec.selector}` : ''}${spec.allNamespaces ? ' in all namespaces' : ''}`)
      pods = await resolvePods(api, {selector: spec.selector, namespace, allNamespaces: spec.allNamespaces})
    } else if (spec.pod !== undefined) {
      progress.step(`listing the pods of ${spec.pod}`)
      pods = await resolvePods(api, {arg: parsePodArgument(spec.pod, namespace)})
    } else {
      throw new UserError('a workload, --selector or --all-namespaces is required', ExitCode.usage)
    }
  } catch (error) {
    await close()
    throw error
  } finally {
    resolving.dispose()
  }
  forwarder = new PortForwarder(kube)
  const shared = forwarder
  const label = (pod: {name: string; namespace: string}) => (spec.allNamespaces ? `${pod.name}.${pod.namespace}` : pod.name)
  const sources: DumpSource[] = pods.map((pod) => {
    const origin = `pod ${pod.name}.${pod.namespace}`
    return {
      origin,
      pod: label(pod),
      read: async (request: DumpRequest): Promise<Buffer> => {
        const deadline = new Deadline(timeoutMs, interrupt)
        const tunnel = await shared.tunnel(pod, adminPort)
        const admin = new AdminClient({baseUrl: `http://127.0.0.1:${tunnel.localPort}`, origin, explainBrokenConnection: () => tunnel.failure()}, deadline)
        try {
          return await admin.read(request)
        } finally {
          admin.close()
          await tunnel.close()
          deadline.dispose()
        }
      },
    }
  })
  return {sources, close}
}
