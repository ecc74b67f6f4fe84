import {UserError} from '../core/errors.js'
import {bomLength} from '../core/json.js'
import {MAX_NESTING, jsonError, nestedDeeper} from './scan.js'

/**
 * Parses a JSON document small enough for one string (an admin answer such as
 * /clusters?format=json, a whole dump for YAML output), turning failures into one
 * line naming the origin.
 */
export function parseJson(bytes: Buffer, origin: string): unknown {
  const bom = bomLength(bytes)
  const text = bytes.toString('utf8', bom)
  if (text.trim() === '') throw new UserError(`${origin} is empty: expected Envoy admin JSON`)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    const {reason, position} = jsonError(error)
    throw new UserError(`${origin} is not valid JSON: ${reason}${position === undefined ? '' : ` at byte ${bom + Buffer.byteLength(text.slice(0, position))}`}`)
  }
  if (nestedDeeper(value, MAX_NESTING)) throw new UserError(`${origin}: values nested deeper than ${MAX_NESTING} levels (Envoy nests at most 100)`)
  return value
}
