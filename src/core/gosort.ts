/** Byte-wise string order, as Go compares strings (uppercase before lowercase). */
export function cmp(a: string, b: string): number {
  if (a === b) return 0
  return Buffer.compare(Buffer.from(a), Buffer.from(b))
}
