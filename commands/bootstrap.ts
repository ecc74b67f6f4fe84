import {Flags} from '@oclif/core'

import {DumpCommand, podArg} from '../src/cli/dump-command.js'
import {bootstrapRequest, showBootstrap} from '../src/show/bootstrap.js'

export default class BootstrapCommand extends DumpCommand {
  static override aliases = ['b']
  static override summary = 'Show the bootstrap configuration of an Envoy proxy (-o short: Istio and Envoy versions)'
  static override args = podArg
  static override examples = [
    '<%= config.bin %> bootstrap productpage-v1-7d4c8bb9d-abcde',
    '<%= config.bin %> bootstrap productpage-v1-7d4c8bb9d-abcde -o short',
    '<%= config.bin %> bootstrap -f config_dump.json -o yaml',
  ]

  static override baseFlags = {
    ...DumpCommand.baseFlags,
    output: Flags.string({char: 'o', default: 'json', description: 'Output format: json, yaml, short (versions only) or jsonpath=TEMPLATE', helpValue: 'FORMAT'}),
  }

  protected readonly noun = 'bootstrap'

  async run(): Promise<void> {
    const {args, flags} = await this.parseOrUsage(this.parse(BootstrapCommand))
    const format = this.outputFormat(flags.output, ['json', 'yaml', 'short', 'jsonpath'])
    const dump = await this.configDump(args.pod, flags, bootstrapRequest)
    await this.print(await showBootstrap(dump, format, flags['show-secrets']))
  }
}
