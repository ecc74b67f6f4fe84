import * as Args from '@oclif/core/args'
import {Command} from '@oclif/core/command'

import {completionInputs, podCompletionScript} from '../src/cli/completion.js'
import {reportError} from '../src/cli/errors.js'
import {ExitCode, UserError, firstLine} from '../src/core/errors.js'
import {printOutput} from '../src/core/terminal.js'

/**
 * Prints a bash or zsh snippet that adds pod-name completion (through the hidden
 * `complete-pods` command) on top of `autocomplete`'s command and flag completion.
 */
export default class CompletionPodsCommand extends Command {
  static override hidden = true
  static override summary = 'Print a bash or zsh snippet that completes pod names'
  static override enableJsonFlag = false
  static override examples = ['<%= config.bin %> completion-pods bash >> ~/.bashrc', '<%= config.bin %> completion-pods zsh >> ~/.zshrc']

  static override args = {
    shell: Args.string({required: true, options: ['bash', 'zsh'], description: 'Shell to write the snippet for'}),
  }

  async run(): Promise<void> {
    const {args} = await this.parse(CompletionPodsCommand)
    await printOutput(podCompletionScript(args.shell as 'bash' | 'zsh', completionInputs(this.config)))
  }

  /** Only parsing fails here, a usage error; oclif's own report would echo the argument raw, ours goes through the output gate. */
  protected override async catch(error: Error): Promise<void> {
    reportError(new UserError(firstLine(error), ExitCode.usage))
  }
}
