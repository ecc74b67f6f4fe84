import * as Args from '@oclif/core/args'
import {Command} from '@oclif/core/command'
import {loadHelpClass} from '@oclif/core/help'

import {reportError} from '../src/cli/errors.js'
import {notFoundMessage} from '../src/cli/not-found.js'
import {ExitCode, UserError, firstLine} from '../src/core/errors.js'

/** `proxy-config help [COMMAND]`, as kubectl and istioctl have it: the same text as --help. */
export default class HelpCommand extends Command {
  static override summary = 'Show help for proxy-config or one of its commands'
  static override strict = false
  static override enableJsonFlag = false
  static override args = {
    command: Args.string({description: 'Command to show help for', required: false}),
  }

  static override examples = ['<%= config.bin %> help', '<%= config.bin %> help cluster']

  async run(): Promise<void> {
    const {argv} = await this.parse(HelpCommand)
    const words = argv as string[]
    const id = words.join(':')
    // An unknown command gets the same one-line error as `proxy-config <unknown>`.
    if (id !== '' && !this.config.findCommand(id) && !this.config.findTopic(id)) throw new UserError(notFoundMessage(this.config, id), ExitCode.usage)
    const Help = await loadHelpClass(this.config)
    await new Help(this.config, this.config.pjson.oclif.helpOptions).showHelp(words)
  }

  /** Only an unknown command name fails here, a usage error; oclif's own report would echo it raw, ours goes through the output gate. */
  protected override async catch(error: Error): Promise<void> {
    reportError(error instanceof UserError ? error : new UserError(firstLine(error), ExitCode.usage))
  }
}
