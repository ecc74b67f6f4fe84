import {DumpCommand} from '../src/cli/dump-command.js'
import {listingFlags, podArg} from '../src/cli/flags.js'
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
    const printer = this.printer(flags.output)
    const dump = await this.configDump(args.pod, flags, ecdsRequest)
    await this.printListing(ecdsListing(dump), printer, flags)
  }
}
