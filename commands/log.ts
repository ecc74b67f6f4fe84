import {Args, Command, Flags} from '@oclif/core'

import {checkLogFlags, configureLogging} from '../src/admin/logging.js'
import {debugEnabled} from '../src/cli/debug.js'
import {DumpCommand} from '../src/cli/dump-command.js'
import {parseDuration} from '../src/cli/duration.js'
import {ExitCode, UserError} from '../src/cli/errors.js'
import {quietOnClosedPipe} from '../src/cli/pipe.js'
import type {AdminTargets} from '../src/live/source.js'

const {namespace, kubeconfig, context, 'proxy-admin-port': proxyAdminPort, 'admin-url': adminUrl, timeout, debug} = DumpCommand.baseFlags

export default class LogCommand extends Command {
  static override enableJsonFlag = false
  static override aliases = ['o']
  static override summary = 'Show or change the logging levels of Envoy proxies'
  static override description =
    'Without --level or --reset, prints each Envoy\'s loggers and their levels. Logger names are checked against what Envoy reports before anything is changed.'

  static override examples = [
    '<%= config.bin %> log productpage-v1-7d4c8bb9d-abcde',
    '<%= config.bin %> log productpage-v1-7d4c8bb9d-abcde --level http:debug,redis:debug',
    '<%= config.bin %> log deployment/productpage-v1 --level warning,connection:trace',
    '<%= config.bin %> log -l app=productpage -n default --reset',
  ]

  static override args = {
    pod: Args.string({description: 'Pod to configure: name, name.namespace, or <type>/<name>[.<namespace>] (all pods of a deployment)'}),
  }

  static override flags = {
    selector: Flags.string({char: 'l', description: 'Configure every Running pod matching this label selector (e.g. app=productpage); the pod argument is ignored'}),
    level: Flags.string({
      description: 'Comma-separated levels: <level> for every logger, or <logger>:<level> (levels: trace, debug, info, warning, error, critical, off)',
      helpValue: 'LEVELS',
    }),
    reset: Flags.boolean({char: 'r', default: false, description: 'Set every logger back to warning'}),
    output: Flags.string({char: 'o', default: 'short', description: 'Output format; only short applies to this command', helpValue: 'short'}),
    namespace,
    kubeconfig,
    context,
    'proxy-admin-port': proxyAdminPort,
    'admin-url': adminUrl,
    timeout,
    debug,
  }

  private live: AdminTargets | undefined

  async run(): Promise<void> {
    quietOnClosedPipe()
    const {args, flags} = await this.parse(LogCommand).catch((error: unknown) => {
      throw new UserError(error instanceof Error ? error.message : String(error), ExitCode.usage)
    })
    checkLogFlags({pod: args.pod, selector: flags.selector, level: flags.level, reset: flags.reset, output: flags.output, adminUrl: flags['admin-url']})
    const port = flags['proxy-admin-port']
    if (port < 1 || port > 65535) throw new UserError(`port number ${port} must be in the range 1..65535`, ExitCode.usage)
    const {openAdminTargets} = await import('../src/live/source.js')
    this.live = await openAdminTargets({
      pod: args.pod,
      selector: flags.selector,
      everyPod: true,
      namespace: flags.namespace,
      kubeconfig: flags.kubeconfig,
      context: flags.context,
      adminPort: port,
      adminUrl: flags['admin-url'],
      timeoutMs: parseDuration(flags.timeout),
    })
    await configureLogging(this.live.targets, {level: flags.level, reset: flags.reset}, (text) => process.stdout.write(text))
  }

  protected override async catch(error: Error & {exitCode?: number}): Promise<void> {
    const code = error instanceof UserError ? error.exitCode : (error.exitCode ?? ExitCode.failure)
    if (debugEnabled()) process.stderr.write(`${error.stack}\n`)
    const message = error.message.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown error'
    process.stderr.write(`Error: ${message}\n`)
    process.exitCode = code
  }

  protected override async finally(): Promise<void> {
    await this.live?.close()
  }
}
