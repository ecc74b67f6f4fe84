import {DumpCommand} from '../src/cli/dump-command.js'
import {certificateClock, fleetFlags, listingFlags, podArg} from '../src/cli/flags.js'
import type {PodDump} from '../src/show/fleet.js'
import {secretListing, secretRequest} from '../src/show/secret.js'

export default class SecretCommand extends DumpCommand {
  static override aliases = ['secrets', 's']
  static override summary = 'Show the SDS secrets of an Envoy proxy: certificates, validity, serial numbers'
  static override args = podArg
  static override description =
    '-o wide adds static secrets and EXPIRES, the time left ("in 23h", "expired 3d ago"), red once expired and yellow within a day on a terminal. Validity is judged now, or at PROXY_CONFIG_NOW (RFC 3339).'
  static override examples = ['<%= config.bin %> secret productpage-v1-7d4c8bb9d-abcde', '<%= config.bin %> secret -f config_dump.json -o yaml']

  static override flags = {...listingFlags, ...fleetFlags}

  protected readonly noun = 'secret'

  async run(): Promise<void> {
    const {args, flags} = await this.parseOrUsage(this.parse(SecretCommand))
    const printer = this.printer(flags.output)
    const now = certificateClock()
    const build = (p: PodDump) => secretListing(p.dump(), {}, now)
    await this.showListings(args.pod, flags, secretRequest(printer.table?.wide === true), printer, build, ['secret'])
  }
}
