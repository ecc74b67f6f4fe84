import {colourEnabled, paint} from '../render/colour.js'
import {printLine} from '../core/terminal.js'

/** A note for the user on stderr, never mixed into the output a script reads. */
export function warn(message: string): void {
  printLine(message, paint('Warning:', colourEnabled(process.stderr) ? 'yellow' : undefined))
}
