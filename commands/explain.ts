import {Args, Flags} from '@oclif/core'

import {DumpCommand} from '../src/cli/dump-command.js'
import {ExitCode, UserError} from '../src/cli/errors.js'
import {parseConfigDump, parseJson} from '../src/dump/configdump.js'
import {captureFromPod} from '../src/explain/capture.js'
import {parseIp} from '../src/explain/cidr.js'
import {parseTarget} from '../src/explain/url.js'
import type {LiveSource} from '../src/live/source.js'
import {isRaw} from '../src/model/raw.js'
import {explainDump, explainRequest, renderExplain} from '../src/show/explain.js'

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
    const format = this.outputFormat(flags.output, ['short', 'json', 'yaml']) as 'short' | 'json' | 'yaml'
    const offline = flags.file !== undefined || flags['admin-url'] !== undefined
    const pod = offline && args.url === undefined ? undefined : args.pod
    const url = offline && args.url === undefined ? args.pod : args.url
    if (url === undefined) throw new UserError('explain requires a URL: proxy-config explain <pod> URL, or proxy-config explain -f dump.json URL', ExitCode.usage)
    for (const [flag, ip] of [['--source-ip', flags['source-ip']] as const, ['--dest-ip', flags['dest-ip']] as const]) {
      if (ip !== undefined && parseIp(ip) === undefined) throw new UserError(`${flag} "${ip}" is not an IP address`, ExitCode.usage)
    }
    const input = {
      url,
      target: parseTarget(url),
      direction: flags.inbound ? ('inbound' as const) : ('outbound' as const),
      method: flags.method,
      headers: (flags.header ?? []).map(parseHeader),
      sourceIp: flags['source-ip'],
      destIp: flags['dest-ip'],
    }
    const source = await this.source(pod, flags)
    const podObject = (source as LiveSource).pod
    const capture = isRaw(podObject) ? captureFromPod(podObject) : undefined
    const dump = parseConfigDump(await source.read(explainRequest), source.label)
    // Live, Envoy's own view of host health beats the EDS snapshot.
    const clusters = this.live ? parseJson(await source.read({kind: 'clusters'}), source.label) : undefined
    await this.print(await renderExplain(explainDump(dump, {...input, capture}, clusters), format))
  }
}

function parseHeader(text: string): [string, string] {
  const at = text.search(/[=:]/)
  // `:authority=x` names a pseudo-header: its leading colon is not the separator.
  const sep = text.startsWith(':') ? text.indexOf('=') : at
  if (sep <= 0) throw new UserError(`--header "${text}": expected name=value`, ExitCode.usage)
  return [text.slice(0, sep).trim(), text.slice(sep + 1).trim()]
}
