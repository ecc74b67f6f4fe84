import {DumpCommand} from '../src/cli/dump-command.js'
import {endpointFilter, endpointFilterFlags, fleetFlags, listingFlags, podArg} from '../src/cli/flags.js'
import type {PodDump} from '../src/show/fleet.js'
import {edsListing, edsRequest} from '../src/show/endpoint.js'

export default class EdsCommand extends DumpCommand {
  static override hidden = true
  static override summary = 'Show the endpoints Envoy received by EDS (ClusterLoadAssignments), with locality'
  static override args = podArg
  static override examples = ['<%= config.bin %> eds productpage-v1-7d4c8bb9d-abcde', '<%= config.bin %> eds -f config_dump.json --port 9080 -o yaml']

  static override flags = {...endpointFilterFlags, ...listingFlags, ...fleetFlags}

  protected readonly noun = 'eds'

  async run(): Promise<void> {
    const {args, flags} = await this.parseOrUsage(this.parse(EdsCommand))
    const printer = this.printer(flags.output)
    const build = (p: PodDump) => edsListing(p.dump(), endpointFilter(flags))
    await this.showListings(args.pod, flags, edsRequest, printer, build, ['endpoint'])
  }
}
