import {UserError} from '../core/errors.js'
import {bomLength} from '../core/json.js'
import {MAX_NESTING, isStringTooLong, jsonFailure, nestedDeeper, tooLongForString} from './scan.js'

/**
 * Parses a JSON document small enough for one string (an admin answer such as
 * /clusters?format=json, a whole dump for YAML output), turning failures into one
 * line naming the origin.
 */
export function parseJson(bytes: Buffer, origin: string): unknown {
  const span = {start: bomLength(bytes), end: bytes.length}
  let text: string
  try {
    text = bytes.toString('utf8', span.start)
  } catch (error) {
    if (!isStringTooLong(error)) throw error
    throw new UserError(`${origin} is not readable: ${tooLongForString(span).reason}`)
  }
  if (text.trim() === '') throw new UserError(`${origin} is empty: expected Envoy admin JSON`)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new UserError(`${origin} is not valid JSON: ${jsonFailure(bytes, span).message}`)
  }
  if (nestedDeeper(value, MAX_NESTING)) throw new UserError(`${origin}: values nested deeper than ${MAX_NESTING} levels (Envoy nests at most 100)`)
  return value
}
