import {progress} from '../core/progress.js'
import type {DumpRequest} from '../dump/request.js'
import {openAdminTargets} from './admin-targets.js'
import type {OpenSources, SourceSpec} from './source.js'

/** A source per Envoy the spec reaches (a pod, a workload's pod, an admin URL); closing tears down tunnels and sockets. */
export async function openLiveSources(spec: SourceSpec): Promise<OpenSources> {
  const {targets, close} = await openAdminTargets(spec)
  const sources = targets.map(({origin, admin, pod: podObject}) => ({
    origin,
    podObject,
    read: async (request: DumpRequest): Promise<Buffer> => {
      try {
        return await admin.read(request)
      } finally {
        // Output follows; the spinner line must be gone before it.
        progress.done()
      }
    },
    stream: (request: DumpRequest) => admin.stream(request),
  }))
  return {sources, close}
}
