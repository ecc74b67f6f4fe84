import {colourEnabled, paint} from '../render/colour.js'
import {escapeUnsafe} from '../core/safe-text.js'

/** A note for the user on stderr, never mixed into the output a script reads. */
export function warn(message: string): void {
  process.stderr.write(`${paint('Warning:', colourEnabled(process.stderr) ? 'yellow' : undefined)} ${escapeUnsafe(message)}\n`)
}
