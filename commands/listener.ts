import * as Flags from '@oclif/core/flags'

import {DumpCommand} from '../src/cli/dump-command.js'
import {fleetFlags, listenerFilter, listenerFilterFlags, listingFlags, podArg} from '../src/cli/flags.js'
import type {PodDump} from '../src/show/fleet.js'
import {listenerListing, listenerRequest, showWaypoint} from '../src/show/listener.js'

export default class ListenerCommand extends DumpCommand {
  static override aliases = ['listeners', 'l']
  static override summary = 'Show the listeners of an Envoy proxy: addresses, ports, filter chain matches and destinations'
  static override args = podArg
  static override examples = [
    '<%= config.bin %> listener productpage-v1-7d4c8bb9d-abcde',
    '<%= config.bin %> listener productpage-v1-7d4c8bb9d-abcde --port 15001',
    '<%= config.bin %> listener productpage-v1-7d4c8bb9d-abcde --port 53 --address 10.96.0.10',
    '<%= config.bin %> listener productpage-v1-7d4c8bb9d-abcde --type HTTP --verbose=false',
    '<%= config.bin %> listener -f config_dump.json -o yaml',
  ]

  static override flags = {
    ...listingFlags,
    ...listenerFilterFlags,
    ...fleetFlags,
    verbose: Flags.boolean({default: true, allowNo: true, description: 'One row per filter chain with MATCH and DESTINATION; --verbose=false for one row per listener'}),
    // Hidden, as in istioctl.
    waypoint: Flags.boolean({default: false, hidden: true, description: "A waypoint proxy's listeners: each chain and the matcher path to it (ignores -o and the filters)"}),
  }

  protected readonly noun = 'listener'

  async run(): Promise<void> {
    const {args, flags} = await this.parseOrUsage(this.parse(ListenerCommand))
    if (flags.waypoint) return this.print(showWaypoint(await this.configDump(args.pod, flags, listenerRequest)))
    const printer = this.printer(flags.output)
    const build = (p: PodDump) => listenerListing(p.dump(), listenerFilter(flags), {verbose: flags.verbose})
    await this.showListings(args.pod, flags, listenerRequest, printer, build, ['listener'])
  }
}
