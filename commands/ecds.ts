import {DumpCommand, podArg} from '../src/cli/dump-command.js'
import {ecdsRequest, showEcds} from '../src/show/ecds.js'

export default class EcdsCommand extends DumpCommand {
  static override aliases = ['ec']
  static override summary = 'Show the filters Envoy received by extension config discovery (ECDS), e.g. Wasm plugins'
  static override args = podArg
  static override examples = [
    '<%= config.bin %> ecds productpage-v1-7d4c8bb9d-abcde',
    '<%= config.bin %> ecds -f config_dump.json -o json',
  ]

  protected readonly noun = 'ecds'

  async run(): Promise<void> {
    const {args, flags} = await this.parseOrUsage(this.parse(EcdsCommand))
    const format = this.outputFormat(flags.output)
    const dump = await this.configDump(args.pod, flags, ecdsRequest)
    this.print(await showEcds(dump, format))
  }
}
