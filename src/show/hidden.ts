import type {Unready} from '../catalog/catalog.js'
import type {Listing} from '../render/listing.js'
import type {ResourceStatus} from '../model/status.js'
import {statusNotes} from '../render/status.js'

/**
 * The warming and refused resources a listing shows beside istioctl's items: those
 * its filters keep, in `order`, each printed as its dump entry, with a note apiece.
 */
export function hiddenPart<T extends {status: ResourceStatus}>(
  kind: string,
  unready: {entryType: string; items: readonly Unready<T>[]},
  name: (resource: T) => string,
  keep: (resource: T) => boolean,
  order: (resources: readonly T[]) => readonly T[] = (r) => r,
): Pick<Listing<T>, 'hidden' | 'notes'> {
  const entries = new Map(unready.items.filter((u) => keep(u.resource)).map((u) => [u.resource, u.entry]))
  const items = order([...entries.keys()])
  return {
    // JSON gains the refusals only: warming resources are left to istioctl's JSON, which omits them.
    hidden: {items, typeName: unready.entryType, raw: (r) => entries.get(r)?.(), documented: (r) => r.status.state === 'rejected'},
    notes: statusNotes(
      kind,
      items.map((r) => ({name: name(r), status: r.status})),
    ),
  }
}
