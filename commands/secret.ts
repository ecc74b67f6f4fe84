import {DumpCommand, podArg} from '../src/cli/dump-command.js'
import {secretRequest, showSecrets} from '../src/show/secret.js'

export default class SecretCommand extends DumpCommand {
  static override aliases = ['secrets', 's']
  static override summary = 'Show the SDS secrets of an Envoy proxy: certificates, validity, serial numbers'
  static override args = podArg
  static override examples = [
    '<%= config.bin %> secret productpage-v1-7d4c8bb9d-abcde',
    '<%= config.bin %> secret -f config_dump.json -o yaml',
  ]

  protected readonly noun = 'secret'

  async run(): Promise<void> {
    const {args, flags} = await this.parseOrUsage(this.parse(SecretCommand))
    const format = this.outputFormat(flags.output)
    const dump = await this.configDump(args.pod, flags, secretRequest)
    this.print(await showSecrets(dump, format))
  }
}
