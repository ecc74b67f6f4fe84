import type {Writable} from 'node:stream'

import {writeClusters} from './clusters-json.js'
import {writeConfigDump} from './config-dump.js'
import {JsonStreamWriter} from './json-writer.js'
import {buildMesh} from './mesh.js'
import type {GenOptions} from './options.js'

/**
 * Writes the dump `opts` describe to `out`, streamed with back-pressure so that
 * gigabyte dumps need no more memory than small ones. Returns the bytes written.
 * Field names, value encodings and field order follow what Envoy's protobuf JSON
 * printer emits (snake_case, proto field-number order, int64 as strings).
 */
export async function generate(opts: GenOptions, out: Writable): Promise<number> {
  const w = new JsonStreamWriter(out, opts.indent)
  const mesh = buildMesh(opts)
  if (opts.clustersJson) await writeClusters(w, mesh)
  else await writeConfigDump(w, mesh)
  await w.end()
  return w.bytes
}
