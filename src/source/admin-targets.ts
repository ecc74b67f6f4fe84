import type {V1Pod} from '@kubernetes/client-node'

import {type AdminTarget, AdminClient} from '../admin/client.js'
import {injectorLogLevel} from '../admin/logging.js'
import {Deadline} from '../core/deadline.js'
import {parseDuration} from '../core/duration.js'
import {ExitCode, UserError} from '../core/errors.js'
import {checkAdminPort} from '../core/port.js'
import {progress} from '../core/progress.js'
import {escapeUnsafe} from '../core/safe-text.js'
import {printLine} from '../core/terminal.js'
import {DEFAULT_MAX_DUMP_SIZE, parseSize, tooLarge} from './limits.js'
import type {SourceSpec} from './source.js'

/** An admin target and, when it was reached through a port-forward, the pod it runs in. */
export interface LiveTarget extends AdminTarget {
  readonly pod?: V1Pod
}

export interface AdminTargets {
  targets: LiveTarget[]
  /** The proxy log level the Istio install configures (for `log --reset`); undefined when it cannot be read. */
  installLogLevel(): Promise<string | undefined>
  close(): Promise<void>
}

export interface TargetSpec extends SourceSpec {
  /** `-l`: every Running pod matching this label selector; `pod` is then ignored. */
  selector?: string
  /** A workload argument stands for all its Running pods instead of the best one. */
  everyPod?: boolean
}

/**
 * Opens what `opts` points at: `--admin-url` needs no Kubernetes at all; a pod argument
 * or selector is resolved through the API server and reached through a port-forward
 * tunnel per pod. Whatever is opened is closed again if a later step fails, and
 * everything shares one deadline, which also turns Ctrl-C into a clean stop.
 */
export async function openAdminTargets(opts: TargetSpec): Promise<AdminTargets> {
  const adminPort = checkAdminPort(opts.adminPort)
  const timeoutMs = parseDuration(opts.timeout)
  const requestTimeoutMs = opts.kubeclientTimeout === undefined ? undefined : parseDuration(opts.kubeclientTimeout)
  const limit = {bytes: parseSize(opts.maxDumpSize ?? DEFAULT_MAX_DUMP_SIZE), error: (what: string) => tooLarge(what, parseSize(opts.maxDumpSize ?? DEFAULT_MAX_DUMP_SIZE))}
  if (opts.adminUrl !== undefined) {
    const url = adminBaseUrl(opts.adminUrl)
    const deadline = new Deadline(timeoutMs)
    const admin = new AdminClient({baseUrl: url, origin: url}, deadline, limit)
    return {
      targets: [{name: url, origin: `admin ${url}`, admin}],
      // No Kubernetes, so no Istio install to ask.
      installLogLevel: async () => undefined,
      close: async () => {
        progress.done()
        admin.close()
        deadline.dispose()
      },
    }
  }
  // Loaded before the deadline starts: a cold start must not eat into the user's --timeout.
  const [{loadKubeConfig}, {KubeApi}, {parsePodArgument, resolvePod, resolvePods}, {PortForwarder}] = await Promise.all([
    import('../kube/config.js'),
    import('../kube/api.js'),
    import('../kube/pods.js'),
    import('../kube/tunnel.js'),
  ])
  const deadline = new Deadline(timeoutMs)
  const closers: Array<() => Promise<void> | void> = []
  const close = async (): Promise<void> => {
    progress.done()
    for (const c of closers.splice(0).reverse()) await c()
    deadline.dispose()
  }
  try {
    const kube = loadKubeConfig({kubeconfig: opts.kubeconfig, context: opts.context, impersonate: opts.impersonate})
    progress.step(`resolving ${opts.selector !== undefined ? `pods with ${opts.selector}` : `pod ${opts.pod}`}`)
    const namespace = opts.namespace || kube.namespace
    const api = new KubeApi(kube, deadline, requestTimeoutMs)
    let pods: Awaited<ReturnType<typeof resolvePods>>
    if (opts.selector !== undefined) {
      pods = await resolvePods(api, {selector: opts.selector, namespace})
    } else if (opts.pod !== undefined) {
      const arg = parsePodArgument(opts.pod, namespace)
      pods = opts.everyPod ? await resolvePods(api, {arg}) : [await resolvePod(api, arg, (line) => printLine(line))]
    } else {
      throw new UserError('a pod name, --selector or --admin-url is required', ExitCode.usage)
    }
    const targets: LiveTarget[] = []
    const forwarder = new PortForwarder(kube)
    closers.push(() => forwarder.close())
    for (const pod of pods) {
      progress.step(`opening a port-forward to ${pod.name}.${pod.namespace}:${adminPort}`)
      const tunnel = await forwarder.tunnel(pod, adminPort)
      const name = `${pod.name}.${pod.namespace}`
      const admin = new AdminClient({baseUrl: `http://127.0.0.1:${tunnel.localPort}`, origin: `pod ${name}`, explainBrokenConnection: () => tunnel.failure()}, deadline, limit)
      closers.push(
        () => tunnel.close(),
        () => admin.close(),
      )
      targets.push({name, origin: `pod ${name}`, admin, pod: pod.object})
    }
    const installLogLevel = async (): Promise<string | undefined> => {
      try {
        return injectorLogLevel((await api.readConfigMapData(opts.istioNamespace ?? 'istio-system', 'istio-sidecar-injector'))?.values)
      } catch (error) {
        // As for istioctl, any failure to read it means the default; only a timeout or Ctrl-C stops the command.
        if (deadline.stopped) throw error
        return undefined
      }
    }
    return {targets, installLogLevel, close}
  } catch (error) {
    await close()
    throw error
  }
}

/** `--admin-url` as given, or `host:port` without a scheme; always without a trailing slash. */
function adminBaseUrl(given: string): string {
  // Credentials in the URL are never repeated back (Envoy's admin takes none anyway).
  const text = escapeUnsafe(given.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/@]*@/i, '$1'))
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw new UserError(`invalid --admin-url "${text}": expected a URL such as http://127.0.0.1:15000`, ExitCode.usage)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError(`invalid --admin-url "${text}": only http:// and https:// are supported`, ExitCode.usage)
  }
  return url.origin + url.pathname.replace(/\/+$/, '')
}
