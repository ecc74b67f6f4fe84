/**
 * What a command needs from Envoy. Live sources turn this into the narrowest admin
 * request (`/config_dump?mask=…`, `/clusters?format=json`); saved dumps ignore it.
 */
export type DumpRequest = {kind: 'config_dump'; mask?: readonly string[]; includeEds?: boolean} | {kind: 'clusters'}
