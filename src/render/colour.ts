/**
 * Colour only for people: stdout must be a terminal and NO_COLOR unset.
 * FORCE_COLOR=1 / FORCE_COLOR=0 override the terminal check, as in most CLIs.
 */
export function colourEnabled(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false
  const force = process.env.FORCE_COLOR
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false'
  return stream.isTTY === true
}

const CODES = {green: 32, red: 31, yellow: 33} as const
export type Colour = keyof typeof CODES

export function paint(text: string, colour: Colour | undefined): string {
  return colour ? `\u001b[${CODES[colour]}m${text}\u001b[39m` : text
}

/** Health and validity words in tables. */
export function statusColour(text: string): Colour | undefined {
  switch (text) {
    case 'HEALTHY':
    case 'OK':
      return 'green'
    case 'UNHEALTHY':
    case 'FAILED':
    case 'TIMEOUT':
    case 'REJECTED':
      return 'red'
    case 'DRAINING':
    case 'DEGRADED':
    case 'WARMING':
      return 'yellow'
    default:
      return undefined
  }
}
