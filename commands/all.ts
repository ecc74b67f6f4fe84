import * as Flags from '@oclif/core/flags'

import {DumpCommand} from '../src/cli/dump-command.js'
import {
  certificateClock,
  clusterFilter,
  clusterFilterFlags,
  fleetFlags,
  listenerFilter,
  listenerFilterFlags,
  listingFlags,
  listingOptions,
  podArg,
  redescribed,
  routeNameFlag,
} from '../src/cli/flags.js'
import {allRequest, showAll, showAllPods} from '../src/show/all.js'

export default class AllCommand extends DumpCommand {
  static override aliases = ['a']
  static override summary = 'Show everything: bootstrap, clusters, listeners, routes, secrets and endpoints of an Envoy proxy'
  static override args = podArg
  static override description = '-o json / -o yaml print the whole config dump (with EDS) as Envoy returned it.'
  static override examples = [
    '<%= config.bin %> all productpage-v1-7d4c8bb9d-abcde --with-headers',
    '<%= config.bin %> all productpage-v1-7d4c8bb9d-abcde --port 9080',
    '<%= config.bin %> all -f config_dump.json -o json > dump.json',
  ]

  static override flags = {
    ...listingFlags,
    ...fleetFlags,
    'with-headers': Flags.boolean({default: false, description: 'Print a "------ <SECTION> INFO ------" header before each section'}),
    verbose: Flags.boolean({default: true, allowNo: true, description: 'Listeners and routes in full; --verbose=false for one row each'}),
    ...redescribed(clusterFilterFlags, {
      fqdn: 'Clusters: only names containing this FQDN',
      direction: 'Clusters: only names containing this direction',
      subset: 'Clusters: only names containing this subset',
      port: 'Clusters, listeners and endpoints: only this port',
    }),
    ...redescribed(
      {address: listenerFilterFlags.address, type: listenerFilterFlags.type},
      {address: 'Listeners and endpoints: only this address', type: 'Listeners: only this type (HTTP, TCP, HTTP+TCP, UNKNOWN)'},
    ),
    ...redescribed(routeNameFlag, {name: 'Routes: only the route configuration with this name'}),
  }

  protected readonly noun = 'all'

  async run(): Promise<void> {
    const {args, flags} = await this.parseOrUsage(this.parse(AllCommand))
    const printer = this.printer(flags.output)
    const options = {
      withHeaders: flags['with-headers'],
      verbose: flags.verbose,
      cluster: clusterFilter(flags),
      listener: listenerFilter(flags),
      routeName: flags.name,
      now: certificateClock(),
    }
    const opts = listingOptions(flags)
    await this.showEach(
      args.pod,
      flags,
      allRequest,
      async (p) => {
        const {output, notes} = await showAll(p.dump(), options, printer, opts)
        this.warnings.push(...notes)
        await this.print(output)
      },
      () => showAllPods(options, printer, opts),
      ['cluster', 'listener', 'route', 'endpoint', 'secret'],
    )
  }
}
