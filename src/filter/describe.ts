/** The filters that were given, spelled as flags: `--fqdn reviews --port 9080`. */
export function describeFilter(filter: object): string {
  return Object.entries(filter)
    .filter(([, v]) => v !== undefined && v !== '' && v !== 0)
    .map(([k, v]) => `--${k} ${String(v)}`)
    .join(' ')
}

/** Why an empty answer is empty, when filters made it so. */
export function noMatchNote(noun: string, filter: object, total: number): string | undefined {
  const given = describeFilter(filter)
  return given === '' ? undefined : `no ${noun} match ${given}; ${total} ${noun} in the dump`
}
