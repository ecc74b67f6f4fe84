import {Flags} from '@oclif/core'

import {DumpCommand} from '../src/cli/dump-command.js'
import {listingFlags, podArg, routeNameFlag} from '../src/cli/flags.js'
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
    ...routeNameFlag,
    verbose: Flags.boolean({default: true, allowNo: true, description: 'One row per route; --verbose=false for one row per route configuration'}),
  }

  protected readonly noun = 'route'

  async run(): Promise<void> {
    const {args, flags} = await this.parseOrUsage(this.parse(RouteCommand))
    const printer = this.printer(flags.output)
    const dump = await this.configDump(args.pod, flags, routeRequest)
    await this.printListing(routeListing(dump, flags.name, {verbose: flags.verbose}), printer, flags)
  }
}
