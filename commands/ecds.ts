import {DumpCommand, listingFlags, podArg} from '../src/cli/dump-command.js'
import {ecdsListing, ecdsRequest} from '../src/show/ecds.js'

export default class EcdsCommand extends DumpCommand {
  static override aliases = ['ec']
  static override summary = 'Show the filters Envoy received by extension config discovery (ECDS), e.g. Wasm plugins'
  static override args = podArg
  static override examples = ['<%= config.bin %> ecds productpage-v1-7d4c8bb9d-abcde', '<%= config.bin %> ecds -f config_dump.json -o json']

  static override flags = listingFlags

  protected readonly noun = 'ecds'

  async run(): Promise<void> {
    const {args, flags} = await this.parseOrUsage(this.parse(EcdsCommand))
    const format = this.outputFormat(flags.output)
    const dump = await this.configDump(args.pod, flags, ecdsRequest)
    await this.printListing(ecdsListing(dump), format, flags)
  }
}
