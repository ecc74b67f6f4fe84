import {Flags} from '@oclif/core'

import {DumpCommand, listingFlags, listingOptions, podArg} from '../src/cli/dump-command.js'
import {isStructured} from '../src/render/output.js'
import {allRequest, allStructured, showAll} from '../src/show/all.js'

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
    'with-headers': Flags.boolean({default: false, description: 'Print a "------ <SECTION> INFO ------" header before each section'}),
    verbose: Flags.boolean({default: true, allowNo: true, description: 'Listeners and routes in full; --verbose=false for one row each'}),
    fqdn: Flags.string({description: 'Clusters: only names containing this FQDN'}),
    direction: Flags.string({description: 'Clusters: only names containing this direction'}),
    subset: Flags.string({description: 'Clusters: only names containing this subset'}),
    port: Flags.integer({default: 0, description: 'Clusters, listeners and endpoints: only this port'}),
    address: Flags.string({description: 'Listeners and endpoints: only this address'}),
    type: Flags.string({description: 'Listeners: only this type (HTTP, TCP, HTTP+TCP, UNKNOWN)'}),
    name: Flags.string({description: 'Routes: only the route configuration with this name'}),
  }

  protected readonly noun = 'all'

  async run(): Promise<void> {
    const {args, flags} = await this.parseOrUsage(this.parse(AllCommand))
    const format = this.outputFormat(flags.output)
    const dump = await this.configDump(args.pod, flags, allRequest)
    if (isStructured(format)) {
      await this.print(await allStructured(dump, format, flags['show-secrets']))
      return
    }
    await this.print(
      await showAll(
        dump,
        {
          withHeaders: flags['with-headers'],
          verbose: flags.verbose,
          cluster: {fqdn: flags.fqdn, direction: flags.direction, subset: flags.subset, port: flags.port},
          listener: {address: flags.address, port: flags.port, type: flags.type},
          routeName: flags.name,
        },
        format,
        listingOptions(flags),
      ),
    )
  }
}
