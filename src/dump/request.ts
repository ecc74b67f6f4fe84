import type {SectionName} from './sections.js'

/**
 * What a command needs from Envoy. Live sources turn this into the narrowest admin
 * request (`/config_dump?mask=…`, `/clusters?format=json`); saved dumps ignore it.
 */
export type DumpRequest =
  | {
      kind: 'config_dump'
      mask?: readonly string[]
      includeEds?: boolean
      /** The sections the command reads (all when absent): the others are passed over, and not kept when a stream cannot be read again. */
      sections?: readonly SectionName[]
    }
  | {kind: 'clusters'}
