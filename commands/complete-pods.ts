import {Command} from '@oclif/core/command'
import * as Flags from '@oclif/core/flags'

import {printText} from '../src/core/terminal.js'

/**
 * Only names Kubernetes itself would accept (DNS-1123 subdomains; namespaces are labels, a subset) are offered: a hostile or
 * intercepted API server must not get shell syntax into a completion list.
 */
const KUBE_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/

/** A shell waits on this while the user waits on the shell: give the API server this long. */
const BUDGET_MS = 2000
/** And the command (loading the Kubernetes client, credential plugins) this long, counted from when it starts: a machine slow to start Node must not turn every TAB into nothing. */
const HARD_STOP_MS = 4000

/**
 * For shell completion (see `completion-pods`): prints the names of the Running pods
 * of a namespace (`--list deployments`: its deployments; `--list namespaces`: every
 * namespace), one a line, sorted. Any failure (no kubeconfig, unreachable or slow
 * API server, no permission, bad flags) prints nothing and exits 0, so that a TAB
 * never shows an error or hangs.
 */
export default class CompletePodsCommand extends Command {
  static override hidden = true
  static override summary = 'List pod names for shell completion'
  static override strict = false
  static override enableJsonFlag = false

  static override flags = {
    namespace: Flags.string({char: 'n'}),
    kubeconfig: Flags.string({char: 'c'}),
    context: Flags.string(),
    // What to list instead of pods: namespaces (after -n) or deployment names (after `deployment/`).
    list: Flags.string({options: ['pods', 'namespaces', 'deployments'], default: 'pods'}),
  }

  async run(): Promise<void> {
    // The kubeconfig's credential plugins run outside the request's abort signal: a hard stop covers them.
    const stop = setTimeout(() => process.exit(0), HARD_STOP_MS)
    stop.unref()
    try {
      const {flags} = await this.parse(CompletePodsCommand)
      const [{loadKubeConfig}, {KubeApi}, {Deadline}] = await Promise.all([import('../src/kube/config.js'), import('../src/kube/api.js'), import('../src/core/deadline.js')])
      const target = loadKubeConfig({kubeconfig: flags.kubeconfig, context: flags.context})
      const deadline = new Deadline(BUDGET_MS)
      try {
        const api = new KubeApi(target, deadline)
        const namespace = flags.namespace ?? target.namespace
        const names =
          flags.list === 'namespaces'
            ? await api.listNamespaces()
            : flags.list === 'deployments'
              ? await api.listDeployments(namespace)
              : (await api.listPods(namespace, '')).filter((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp).map((p) => p.metadata?.name ?? '')
        const text = names
          .filter((n) => KUBE_NAME.test(n))
          .sort()
          .join('\n')
        if (text !== '') printText(`${text}\n`)
      } finally {
        deadline.dispose()
      }
    } catch {
      // Nothing to offer: the shell simply completes nothing.
    } finally {
      clearTimeout(stop)
    }
  }

  protected override async catch(): Promise<void> {}
}
