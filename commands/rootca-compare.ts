import * as Args from '@oclif/core/args'

import {BaseCommand} from '../src/cli/base-command.js'
import {printOutput} from '../src/core/terminal.js'
import {connectionFlags, sourceSpec} from '../src/cli/flags.js'
import {ExitCode, UserError} from '../src/core/errors.js'
import {DUMP_FIELDS} from '../src/diff/resources.js'
import {compareRoots, readTrust} from '../src/diff/rootca.js'
import {rootcaReport, rootcaVerdict} from '../src/diff/rootca-report.js'
import {openSides} from '../src/diff/sides.js'

const {'admin-url': _adminUrl, ...podFlags} = connectionFlags

const pod = (which: string) => Args.string({ignoreStdin: true, description: `${which} pod (name, name.namespace, <type>/<name>), an Envoy admin URL (http://…), or a saved dump`})

export default class RootcaCompareCommand extends BaseCommand {
  static override aliases = ['rc']
  static override summary = 'Check whether two proxies trust each other’s certificates (root CAs and workload certificates)'
  static override description =
    'Lists every root CA either proxy trusts and which of them each one has, then checks that each workload certificate chains to a root the other proxy trusts. During a root rotation the root sets differ while connectivity still works; this check follows what the TLS handshake verifies rather than requiring equal roots. Exits 1 when the proxies do not trust each other.'

  static override examples = [
    '<%= config.bin %> rootca-compare productpage-v1-7d4c8bb9d-abcde reviews-v1-5b9c4f7d8-xyz12.bookinfo',
    '<%= config.bin %> rc deployment/productpage-v1 saved-reviews-dump.json',
  ]

  static override args = {left: pod('First'), right: pod('Second')}
  static override flags = podFlags

  async run(): Promise<void> {
    const {args, flags} = await this.parseOrUsage(this.parse(RootcaCompareCommand))
    if (args.left === undefined || args.right === undefined) throw new UserError('rootca-compare requires 2 pods as an argument', ExitCode.usage)
    const opened = await openSides([args.left, args.right], sourceSpec(undefined, flags), {kind: 'config_dump', mask: DUMP_FIELDS.secret}, 'rootca-compare')
    this.live = opened
    const [left, right] = opened.dumps.map(readTrust)
    const comparison = compareRoots(left, right)
    await printOutput(rootcaReport(left, right, comparison))
    const verdict = rootcaVerdict(left, right, comparison)
    if (!comparison.compatible) throw new UserError(verdict)
    await printOutput(`${verdict}\n`)
  }
}
