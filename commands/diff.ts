import {Args, Flags} from '@oclif/core'

import {BaseCommand, connectionFlags} from '../src/cli/base-command.js'
import {diffSides, readSides} from '../src/cli/diff-sides.js'
import {parseDuration} from '../src/cli/duration.js'
import {ExitCode, reportError} from '../src/cli/errors.js'
import {warn} from '../src/cli/warn.js'
import {diffDumps} from '../src/diff/engine.js'
import {type DiffFormat, renderDiff} from '../src/diff/report.js'
import {DUMP_FIELDS, RESOURCE_TYPES} from '../src/diff/resources.js'
import {chooseTypes} from '../src/diff/select.js'
import {parseOutputFormat} from '../src/render/output.js'

const side = (which: string) =>
  Args.string({ignoreStdin: true, description: `${which} side: a saved dump (an existing path, "-" for stdin), or a pod (name, name.namespace, <type>/<name>)`})

/** diff(1)'s convention, so CI can gate on it: 0 same, 1 different, 2 trouble. */
const TROUBLE = 2

const {'admin-url': _adminUrl, ...podFlags} = connectionFlags

export default class DiffCommand extends BaseCommand {
  static override summary = 'Compare the configuration of two Envoy proxies resource by resource'
  static override description =
    `Each side is a saved dump, a pod, or an Envoy admin URL. Resources are matched by type and name and compared as Envoy reads them: version_info, last_updated and the order of lists whose order Envoy ignores (clusters, listeners, virtual hosts, domains, filter chains, endpoints) do not count; the order of routes and of HTTP and network filters does. Secrets are compared by certificate serial, validity, trust domain and SANs, never by key material.

Exit status: 0 when the sides are the same, 1 when they differ, 2 on trouble (bad input, unreachable pod).`

  static override examples = [
    '<%= config.bin %> diff yesterday.json productpage-v1-7d4c8bb9d-abcde',
    '<%= config.bin %> diff productpage-v1-7d4c8bb9d-abcde productpage-v1-7d4c8bb9d-fghij --type route,cluster --details',
    '<%= config.bin %> diff before.json after.json --fqdn reviews.default.svc.cluster.local --include-eds',
    '<%= config.bin %> diff --left-admin-url http://127.0.0.1:15000 --right-admin-url http://127.0.0.1:15001 -o json',
  ]

  static override args = {left: side('Left'), right: side('Right')}

  static override flags = {
    type: Flags.string({description: `Only these resource types, comma-separated: ${RESOURCE_TYPES.join(', ')} (default: all but endpoint)`, helpValue: 'TYPES'}),
    'include-eds': Flags.boolean({default: false, description: 'Compare endpoints (EDS) too, by address'}),
    fqdn: Flags.string({
      description: 'Only clusters and endpoints whose name contains this FQDN, and route configs with a domain containing it; other types are left out',
      helpValue: 'FQDN',
    }),
    port: Flags.integer({default: 0, description: 'Only clusters, endpoints, listeners and route configs of this port; secrets are left out', helpValue: 'PORT'}),
    name: Flags.string({description: 'Only resources with exactly this name', helpValue: 'NAME'}),
    details: Flags.boolean({default: false, description: 'List every differing field as "path: left → right" instead of the summary table'}),
    output: Flags.string({char: 'o', default: 'short', description: 'Output format: short, json or yaml (json and yaml always include the fields)', helpValue: 'FORMAT'}),
    'left-admin-url': Flags.string({description: 'Read the left side from this Envoy admin endpoint (no Kubernetes)', helpValue: 'URL'}),
    'right-admin-url': Flags.string({description: 'Read the right side from this Envoy admin endpoint (no Kubernetes)', helpValue: 'URL'}),
    ...podFlags,
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parseOrUsage(this.parse(DiffCommand))
    const format = parseOutputFormat(flags.output, ['short', 'json', 'yaml']) as DiffFormat
    const sides = diffSides([args.left, args.right], flags['left-admin-url'], flags['right-admin-url'])
    const {types, required} = chooseTypes(flags.type, flags['include-eds'])
    const opened = await readSides(
      sides,
      {
        namespace: flags.namespace,
        kubeconfig: flags.kubeconfig,
        context: flags.context,
        adminPort: this.checkAdminPort(flags['proxy-admin-port']),
        timeoutMs: parseDuration(flags.timeout),
      },
      {kind: 'config_dump', mask: types.flatMap((t) => DUMP_FIELDS[t]), includeEds: types.includes('endpoint')},
    )
    this.live = opened
    const [left, right] = opened.dumps
    const result = await diffDumps(left, right, {types, required, fqdn: flags.fqdn, port: flags.port, name: flags.name})
    for (const note of result.skipped) warn(note)
    const output = await renderDiff({left: left.origin, right: right.origin, differences: result.differences}, format, flags.details)
    process.stdout.write([...output].join(''))
    // Differences are the answer, not a failure: no error line, only the status.
    if (result.differences.length > 0) process.exitCode = ExitCode.failure
  }

  protected override async catch(error: Error & {exitCode?: number}): Promise<void> {
    reportError(error)
    if (process.exitCode === ExitCode.failure) process.exitCode = TROUBLE
  }
}
