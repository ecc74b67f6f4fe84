import {DumpCommand} from '../src/cli/dump-command.js'
import {clusterFilter, clusterFilterFlags, fleetFlags, listingFlags, podArg} from '../src/cli/flags.js'
import type {ClusterHead} from '../src/model/cluster.js'
import type {Listing} from '../src/render/listing.js'
import {clusterHeadListing, clusterListing, clusterRequest} from '../src/show/cluster.js'
import type {PodDump} from '../src/show/fleet.js'

export default class ClusterCommand extends DumpCommand {
  static override aliases = ['clusters', 'c']
  static override summary = 'Show the clusters (upstream services) of an Envoy proxy'
  static override args = podArg
  static override examples = [
    '<%= config.bin %> cluster productpage-v1-7d4c8bb9d-abcde',
    '<%= config.bin %> cluster productpage-v1-7d4c8bb9d-abcde --fqdn reviews.default.svc.cluster.local --port 9080',
    '<%= config.bin %> cluster deployment/productpage-v1 -n default --direction outbound -o json',
    '<%= config.bin %> cluster productpage-v1-7d4c8bb9d-abcde --fqdn "outbound|443||api.payments.example.com" -o yaml',
    '<%= config.bin %> cluster -f config_dump.json --subset v1',
    '<%= config.bin %> cluster -f config_dump.json -o wide --sort-by .connectTimeout',
    '<%= config.bin %> cluster -f config_dump.json -o jsonpath=\'{range [*]}{.name}{"\\n"}{end}\'',
  ]

  static override flags = {...listingFlags, ...clusterFilterFlags, ...fleetFlags}

  protected readonly noun = 'cluster'

  async run(): Promise<void> {
    const {args, flags} = await this.parseOrUsage(this.parse(ClusterCommand))
    const printer = this.printer(flags.output)
    const wide = printer.table?.wide ?? false
    // The short table shows a few fields of each cluster: only those are read into models.
    const onlyShortTable = printer.table !== undefined && !wide && flags['sort-by'] === undefined
    const build = (p: PodDump): Listing<ClusterHead> =>
      onlyShortTable ? clusterHeadListing(p.dump(), clusterFilter(flags)) : clusterListing(p.dump(), clusterFilter(flags), {wide})
    await this.showListings(args.pod, flags, clusterRequest(wide), printer, build, ['cluster'])
  }
}
