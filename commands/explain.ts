import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {DumpCommand} from '../src/cli/dump-command.js'
import {outputFlag} from '../src/cli/flags.js'
import {loadClusterStatuses} from '../src/catalog/clusters-answer.js'
import {captureFromPod} from '../src/explain/capture.js'
import {explainInput} from '../src/explain/input.js'
import {explainDump, explainRequest, hostHealthRequest, showExplanation} from '../src/show/explain.js'

/** The numbered steps, or the explanation as one JSON or YAML object. */
const FORMATS = ['short', 'json', 'yaml']

export default class ExplainCommand extends DumpCommand {
  static override summary = 'Explain where a request goes through an Envoy proxy, and why: capture, listener, chain, route, cluster, endpoints'
  static override description =
    "Follows Envoy's own matching step by step and prints what matched at each step, why, and why the alternatives did not. Outbound (the request leaves this pod through virtualOutbound 15001) unless --inbound."
  static override args = {
    pod: Args.string({ignoreStdin: true, description: 'Pod to inspect (omit with -f or --admin-url)'}),
    url: Args.string({ignoreStdin: true, description: 'http://host[:port]/path?query, https://host[:port]/path or tcp://host:port'}),
  }
  static override examples = [
    '<%= config.bin %> explain productpage-v1-7d4c8bb9d-abcde http://reviews:9080/reviews/1 --header end-user=jason',
    '<%= config.bin %> explain -f config_dump.json http://reviews:9080/reviews/1',
    '<%= config.bin %> explain -f config_dump.json tcp://mysqldb:3306 -o json',
    '<%= config.bin %> explain -f gateway_dump.json https://bookinfo.example.com:8443/productpage',
  ]

  static override baseFlags = {
    ...DumpCommand.baseFlags,
    ...outputFlag({formats: FORMATS, notes: {short: 'numbered steps'}}),
  }

  static override flags = {
    header: Flags.string({char: 'H', multiple: true, description: 'Request header as name=value (repeatable); host=… sets :authority', helpValue: 'NAME=VALUE'}),
    method: Flags.string({default: 'GET', description: 'HTTP method'}),
    inbound: Flags.boolean({default: false, description: 'The request arrives at this pod from a meshed client (through virtualInbound 15006) instead of leaving it'}),
    'source-ip': Flags.string({description: 'Source address of the connection, for source-based filter-chain matches', helpValue: 'IP'}),
    'dest-ip': Flags.string({description: 'Destination address (what DNS gives); default: the service ClusterIP found in the proxy configuration', helpValue: 'IP'}),
  }

  protected readonly noun = 'explain'

  async run(): Promise<void> {
    const {args, flags} = await this.parseOrUsage(this.parse(ExplainCommand))
    const printer = this.printer(flags.output, FORMATS)
    // Without a pod (-f, --admin-url) the one argument given is the URL.
    const podless = (flags.file !== undefined || flags['admin-url'] !== undefined) && args.url === undefined
    const pod = podless ? undefined : args.pod
    const input = explainInput(podless ? args.pod : args.url, {
      headers: flags.header ?? [],
      method: flags.method,
      inbound: flags.inbound,
      sourceIp: flags['source-ip'],
      destIp: flags['dest-ip'],
    })
    const source = await this.openDumpSource(pod, flags)
    const dump = await this.readConfigDump(source, explainRequest)
    // A saved dump is all there is; a running Envoy also says how its hosts are doing now.
    const hostStatuses = flags.file === undefined ? loadClusterStatuses(await source.read(hostHealthRequest), source.origin) : undefined
    const capture = source.podObject && captureFromPod(source.podObject)
    await this.print(await showExplanation(explainDump(dump, {...input, capture}, hostStatuses), printer))
  }
}
