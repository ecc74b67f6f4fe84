import * as Flags from '@oclif/core/flags'

import {DumpCommand} from '../src/cli/dump-command.js'
import {fleetFlags, listingFlags, podArg, routeNameFlag} from '../src/cli/flags.js'
import type {PodDump} from '../src/show/fleet.js'
import {routeListing, routeRequest} from '../src/show/route.js'

export default class RouteCommand extends DumpCommand {
  static override aliases = ['routes', 'r']
  static override summary = 'Show the route configurations of an Envoy proxy: virtual hosts, domains, matches'
  static override args = podArg
  static override examples = [
    '<%= config.bin %> route productpage-v1-7d4c8bb9d-abcde',
    '<%= config.bin %> route productpage-v1-7d4c8bb9d-abcde --name 9080 -o json',
    '<%= config.bin %> route productpage-v1-7d4c8bb9d-abcde | grep reviews',
    '<%= config.bin %> route -f config_dump.json --verbose=false',
    '<%= config.bin %> route productpage-v1-7d4c8bb9d-abcde -o wide --name 9080',
  ]

  static override flags = {
    ...listingFlags,
    ...fleetFlags,
    ...routeNameFlag,
    verbose: Flags.boolean({default: true, allowNo: true, description: 'One row per route; --verbose=false for one row per route configuration'}),
  }

  protected readonly noun = 'route'

  async run(): Promise<void> {
    const {args, flags} = await this.parseOrUsage(this.parse(RouteCommand))
    const printer = this.printer(flags.output)
    const build = (p: PodDump) => routeListing(p.dump(), flags.name, {verbose: flags.verbose})
    await this.showListings(args.pod, flags, routeRequest, printer, build, ['route'])
  }
}
