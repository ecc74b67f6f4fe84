import {DumpCommand} from '../src/cli/dump-command.js'
import {endpointFilter, endpointFilterFlags, fleetFlags, listingFlags, podArg} from '../src/cli/flags.js'
import type {PodDump} from '../src/show/fleet.js'
import {endpointListing, endpointRequest} from '../src/show/endpoint.js'

export default class EndpointCommand extends DumpCommand {
  static override aliases = ['endpoints', 'ep']
  static override summary = 'Show the endpoints (hosts) Envoy knows per cluster, with health and outlier status'
  static override args = podArg
  static override description = "Reads Envoy's /clusters?format=json. With -f, give a file saved from that endpoint."
  static override examples = [
    '<%= config.bin %> endpoint productpage-v1-7d4c8bb9d-abcde',
    '<%= config.bin %> endpoint productpage-v1-7d4c8bb9d-abcde --cluster "outbound|9080||reviews.default.svc.cluster.local"',
    '<%= config.bin %> endpoint productpage-v1-7d4c8bb9d-abcde --cluster "outbound|443||api.payments.example.com"',
    '<%= config.bin %> endpoint productpage-v1-7d4c8bb9d-abcde --status UNHEALTHY --no-headers | wc -l',
    '<%= config.bin %> endpoint -f clusters.json --port 9080 -o json',
  ]

  static override flags = {...endpointFilterFlags, ...listingFlags, ...fleetFlags}

  protected readonly noun = 'endpoints'

  async run(): Promise<void> {
    const {args, flags} = await this.parseOrUsage(this.parse(EndpointCommand))
    const printer = this.printer(flags.output)
    const build = (p: PodDump) => endpointListing(p.bytes!, p.origin, endpointFilter(flags))
    // Host health is live state, different from replica to replica: nothing to compare.
    await this.showListings(args.pod, flags, endpointRequest, printer, build, [])
  }
}
