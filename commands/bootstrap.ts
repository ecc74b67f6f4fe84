import {DumpCommand} from '../src/cli/dump-command.js'
import {outputFlag, podArg} from '../src/cli/flags.js'
import {bootstrapRequest, showBootstrap} from '../src/show/bootstrap.js'

/** The formats bootstrap prints: the document, or its version summary. */
const FORMATS = ['json', 'yaml', 'short', 'jsonpath']

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
    ...outputFlag({default: 'json', formats: FORMATS, notes: {short: 'versions only'}}),
  }

  protected readonly noun = 'bootstrap'

  async run(): Promise<void> {
    const {args, flags} = await this.parseOrUsage(this.parse(BootstrapCommand))
    const printer = this.printer(flags.output, FORMATS)
    const dump = await this.configDump(args.pod, flags, bootstrapRequest)
    await this.print(await showBootstrap(dump, printer, flags['show-secrets']))
  }
}
