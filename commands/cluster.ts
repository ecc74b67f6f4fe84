import {Flags} from '@oclif/core'

import {DumpCommand, listingFlags, podArg} from '../src/cli/dump-command.js'
import {clusterListing, clusterRequest} from '../src/show/cluster.js'

export default class ClusterCommand extends DumpCommand {
  static override aliases = ['clusters', 'c']
  static override summary = 'Show the clusters (upstream services) of an Envoy proxy'
  static override args = podArg
  static override examples = [
    '<%= config.bin %> cluster productpage-v1-7d4c8bb9d-abcde',
    '<%= config.bin %> cluster productpage-v1-7d4c8bb9d-abcde --fqdn reviews.default.svc.cluster.local --port 9080',
    '<%= config.bin %> cluster deployment/productpage-v1 -n default --direction outbound -o json',
    '<%= config.bin %> cluster productpage-v1-7d4c8bb9d-abcde --fqdn "outbound|80||nginx.test.svc.cluster.local" -o yaml',
    '<%= config.bin %> cluster -f config_dump.json --subset v1',
    '<%= config.bin %> cluster -f config_dump.json -o wide --sort-by .connectTimeout',
    '<%= config.bin %> cluster -f config_dump.json -o jsonpath=\'{range [*]}{.name}{"\\n"}{end}\'',
  ]

  static override flags = {
    ...listingFlags,
    fqdn: Flags.string({description: 'Only clusters whose name contains this service FQDN (substring match)'}),
    direction: Flags.string({description: 'Only clusters whose name contains this direction (inbound, outbound)'}),
    subset: Flags.string({description: 'Only clusters whose name contains this subset (e.g. v1)'}),
    port: Flags.integer({default: 0, description: 'Only clusters of this service port'}),
  }

  protected readonly noun = 'cluster'

  async run(): Promise<void> {
    const {args, flags} = await this.parseOrUsage(this.parse(ClusterCommand))
    const format = this.outputFormat(flags.output)
    const dump = await this.configDump(args.pod, flags, clusterRequest(format === 'wide'))
    await this.printListing(clusterListing(dump, {fqdn: flags.fqdn, direction: flags.direction, subset: flags.subset, port: flags.port}), format, flags)
  }
}
