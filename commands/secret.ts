import {DumpCommand} from '../src/cli/dump-command.js'
import {fleetFlags, listingFlags, podArg} from '../src/cli/flags.js'
import type {PodDump} from '../src/show/fleet.js'
import {secretListing, secretRequest} from '../src/show/secret.js'

export default class SecretCommand extends DumpCommand {
  static override aliases = ['secrets', 's']
  static override summary = 'Show the SDS secrets of an Envoy proxy: certificates, validity, serial numbers'
  static override args = podArg
  static override examples = ['<%= config.bin %> secret productpage-v1-7d4c8bb9d-abcde', '<%= config.bin %> secret -f config_dump.json -o yaml']

  static override flags = {...listingFlags, ...fleetFlags}

  protected readonly noun = 'secret'

  async run(): Promise<void> {
    const {args, flags} = await this.parseOrUsage(this.parse(SecretCommand))
    const printer = this.printer(flags.output)
    const build = (p: PodDump) => secretListing(p.dump())
    await this.showListings(args.pod, flags, secretRequest, printer, build, ['secret'])
  }
}
