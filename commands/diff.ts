import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {BaseCommand} from '../src/cli/base-command.js'
import {printOutput} from '../src/core/terminal.js'
import {reportError} from '../src/cli/errors.js'
import {connectionFlags, outputFlag, sourceSpec} from '../src/cli/flags.js'
import {warn} from '../src/cli/warn.js'
import {ExitCode, UserError} from '../src/core/errors.js'
import {diffDumps} from '../src/diff/engine.js'
import {DIFF_FORMATS, renderDiff} from '../src/diff/report.js'
import {DUMP_FIELDS, RESOURCE_TYPES} from '../src/diff/resources.js'
import {chooseTypes} from '../src/diff/select.js'
import {openSides} from '../src/diff/sides.js'
import {parsePrinter} from '../src/render/printers/registry.js'

const side = (which: string) =>
  Args.string({
    ignoreStdin: true,
    description: `${which} side: a saved dump or bundle (an existing path, "-" for stdin), an Envoy admin URL (http://…), or a pod (name, name.namespace, <type>/<name>)`,
  })

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
    '<%= config.bin %> diff - productpage-v1-7d4c8bb9d-abcde -o json < dump.json',
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
    ...outputFlag({formats: DIFF_FORMATS, notes: {short: 'the summary table', json: 'the whole report, fields included', yaml: 'the whole report, fields included'}}),
    ...podFlags,
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parseOrUsage(this.parse(DiffCommand))
    const printer = parsePrinter(flags.output, DIFF_FORMATS)
    if (args.left === undefined || args.right === undefined) {
      throw new UserError('diff compares two sides: give LEFT and RIGHT, each a saved dump, an admin URL or a pod', ExitCode.usage)
    }
    const {types, required} = chooseTypes(flags.type, flags['include-eds'])
    const request = {kind: 'config_dump' as const, mask: types.flatMap((t) => DUMP_FIELDS[t]), includeEds: types.includes('endpoint')}
    const opened = await openSides([args.left, args.right], sourceSpec(undefined, flags), request, 'diff')
    this.live = opened
    const [left, right] = opened.dumps
    const result = await diffDumps(left, right, {types, required, fqdn: flags.fqdn, port: flags.port, name: flags.name})
    for (const note of result.skipped) warn(note)
    const output = await renderDiff({left: left.origin, right: right.origin, differences: result.differences}, printer, flags.details)
    for (const piece of output) await printOutput(piece)
    // Differences are the answer, not a failure: no error line, only the status.
    if (result.differences.length > 0) process.exitCode = ExitCode.failure
  }

  protected override async catch(error: Error & {exitCode?: number}): Promise<void> {
    reportError(error)
    if (process.exitCode === ExitCode.failure) process.exitCode = TROUBLE
  }
}
