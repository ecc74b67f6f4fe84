import {Flags} from '@oclif/core'

import {DumpCommand} from '../src/cli/dump-command.js'
import {fleetFlags, listenerFilter, listenerFilterFlags, listingFlags, podArg} from '../src/cli/flags.js'
import type {PodDump} from '../src/show/fleet.js'
import {listenerListing, listenerRequest} from '../src/show/listener.js'

export default class ListenerCommand extends DumpCommand {
  static override aliases = ['listeners', 'l']
  static override summary = 'Show the listeners of an Envoy proxy: addresses, ports, filter chain matches and destinations'
  static override args = podArg
  static override examples = [
    '<%= config.bin %> listener productpage-v1-7d4c8bb9d-abcde',
    '<%= config.bin %> listener productpage-v1-7d4c8bb9d-abcde --port 15001',
    '<%= config.bin %> listener productpage-v1-7d4c8bb9d-abcde --port 80 --address 10.102.168.134',
    '<%= config.bin %> listener productpage-v1-7d4c8bb9d-abcde --type HTTP --verbose=false',
    '<%= config.bin %> listener -f config_dump.json -o yaml',
  ]

  static override flags = {
    ...listingFlags,
    ...listenerFilterFlags,
    ...fleetFlags,
    verbose: Flags.boolean({default: true, allowNo: true, description: 'One row per filter chain with MATCH and DESTINATION; --verbose=false for one row per listener'}),
  }

  protected readonly noun = 'listener'

  async run(): Promise<void> {
    const {args, flags} = await this.parseOrUsage(this.parse(ListenerCommand))
    const printer = this.printer(flags.output)
    const build = (p: PodDump) => listenerListing(p.dump(), listenerFilter(flags), {verbose: flags.verbose})
    await this.showListings(args.pod, flags, listenerRequest, printer, build, ['listener'])
  }
}
