/** A converter to canonical proto3 JSON of `typeName` (camelCase names, defaults omitted); '' keeps plain JSON. */
export async function protoConverter(typeName: string): Promise<(raw: unknown) => unknown> {
  if (typeName === '') return (raw) => raw
  const {toProtoJson} = await import('../proto/transcode.js')
  return (raw) => toProtoJson(raw, typeName)
}
