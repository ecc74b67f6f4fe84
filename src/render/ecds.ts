import type {EcdsFilter} from '../model/ecds.js'
import {tabwrite} from './tabwriter.js'

export function ecdsTable(filters: readonly EcdsFilter[]): string {
  const rows = filters.map((f) => [f.name, f.typeUrl.replace(/^type\.googleapis\.com\//, '')])
  return tabwrite([['ECDS NAME', 'TYPE'], ...rows], 5)
}
