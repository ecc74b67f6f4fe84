import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {checkLogFlags, configureLogging} from '../src/admin/logging.js'
import {BaseCommand} from '../src/cli/base-command.js'
import {connectionFlags, sourceSpec} from '../src/cli/flags.js'
import {warn} from '../src/cli/warn.js'
import {progress} from '../src/core/progress.js'
import {printText} from '../src/core/terminal.js'
import type {AdminTargets} from '../src/source/admin-targets.js'

/** What `--reset` goes back to when the Istio install does not say. */
const DEFAULT_LEVEL = 'warning'

export default class LogCommand extends BaseCommand {
  static override aliases = ['o']
  static override summary = 'Show or change the logging levels of Envoy proxies'
  static override description =
    "Without --level or --reset, prints each Envoy's loggers and their levels. Logger names are checked against what Envoy reports before anything is changed."

  static override examples = [
    '<%= config.bin %> log productpage-v1-7d4c8bb9d-abcde',
    '<%= config.bin %> log productpage-v1-7d4c8bb9d-abcde --level http:debug,router:debug',
    '<%= config.bin %> log deployment/productpage-v1 --level warning,connection:trace',
    '<%= config.bin %> log -l app=productpage -n default --reset',
  ]

  static override args = {
    pod: Args.string({ignoreStdin: true, description: 'Pod to configure: name, name.namespace, or <type>/<name>[.<namespace>] (all pods of a deployment)'}),
  }

  static override flags = {
    selector: Flags.string({char: 'l', description: 'Configure every Running pod matching this label selector (e.g. app=productpage); the pod argument is ignored'}),
    level: Flags.string({
      description: 'Comma-separated levels: <level> for every logger, or <logger>:<level> (levels: trace, debug, info, warning, error, critical, off)',
      helpValue: 'LEVELS',
    }),
    reset: Flags.boolean({
      char: 'r',
      default: false,
      description: "Set every logger back to the Istio install's proxy log level (global.proxy.logLevel of the istio-sidecar-injector ConfigMap in -i), else warning",
    }),
    output: Flags.string({char: 'o', default: 'short', description: 'Output format; only short applies to this command', helpValue: 'short'}),
    ...connectionFlags,
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parseOrUsage(this.parse(LogCommand))
    checkLogFlags({pod: args.pod, selector: flags.selector, level: flags.level, reset: flags.reset, output: flags.output, adminUrl: flags['admin-url']})
    const {openAdminTargets} = await import('../src/source/admin-targets.js')
    const live = await openAdminTargets({...sourceSpec(args.pod, flags), selector: flags.selector, everyPod: true})
    this.live = live
    const resetTo = flags.reset ? await this.resetLevel(live) : undefined
    await configureLogging(live.targets, {level: flags.level, resetTo}, (text) => {
      progress.done()
      printText(text)
    })
  }

  /** istioctl's `--reset`: the level the Istio install configures, else `warning` with a warning. */
  private async resetLevel(live: AdminTargets): Promise<string> {
    const level = await live.installLogLevel()
    if (level !== undefined) return level
    warn(`unable to get logLevel from ConfigMap istio-sidecar-injector, using default value "${DEFAULT_LEVEL}" for envoy proxies`)
    return DEFAULT_LEVEL
  }
}
