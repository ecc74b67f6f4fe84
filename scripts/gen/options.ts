import {parseArgs} from 'node:util'

import {GenError, type MeshOptions} from './mesh.js'

export const HELP = `Usage: npm run gen:dump -- [options]   (tsx scripts/gen-dump.ts [options])

Writes an Envoy /config_dump?include_eds=true (or /clusters?format=json) for a proxy
in a generated Istio mesh.

  --services N               mesh services (default 11 = the built-in bookinfo and
                             system services; more adds generated services)
  --endpoints-per-service N  pods behind each generated service (default 35)
  --seed S                   seed for the pseudo-random mesh (default 1)
  --profile sidecar|gateway  productpage-v1 sidecar or istio-ingressgateway
  --listener-heavy           the shape of a large mesh's sidecar: listeners on many
                             ports, each HTTP service with its own filter chains
                             carrying large RBAC, JWT and Lua configs (sidecar only)
  --clusters-json            write /clusters?format=json instead of the config dump
  --compact                  no whitespace (for big dumps)
  --indent N                 spaces per level when not compact (default 2; Envoy uses 1)
  --out FILE                 output file (default stdout)
  --stats                    print size, throughput and peak RSS to stderr
`

export interface GenOptions extends MeshOptions {
  clustersJson: boolean
  /** 0 = minified. */
  indent: number
}

interface CommandLine extends GenOptions {
  help: boolean
  out: string | undefined
  stats: boolean
}

const OPTIONS = {
  services: {type: 'string', default: '11'},
  'endpoints-per-service': {type: 'string', default: '35'},
  seed: {type: 'string', default: '1'},
  profile: {type: 'string', default: 'sidecar'},
  'listener-heavy': {type: 'boolean', default: false},
  'clusters-json': {type: 'boolean', default: false},
  compact: {type: 'boolean', default: false},
  indent: {type: 'string', default: '2'},
  out: {type: 'string'},
  stats: {type: 'boolean', default: false},
  help: {type: 'boolean', short: 'h', default: false},
} as const

function parse(argv: string[]) {
  try {
    return parseArgs({args: argv, options: OPTIONS}).values
  } catch (error) {
    throw new GenError(`${(error as Error).message}\n\n${HELP}`)
  }
}

export function parseOptions(argv: string[]): CommandLine {
  const values = parse(argv)
  const count = (name: 'services' | 'endpoints-per-service' | 'indent', min: number): number => {
    const n = Number(values[name])
    if (!Number.isInteger(n) || n < min) throw new GenError(`--${name} must be an integer >= ${min}, got "${values[name]}"`)
    return n
  }
  const profile = values.profile
  if (profile !== 'sidecar' && profile !== 'gateway') throw new GenError(`--profile must be sidecar or gateway, got "${profile}"`)
  return {
    help: values.help,
    services: count('services', 1),
    endpointsPerService: count('endpoints-per-service', 1),
    seed: values.seed,
    profile,
    listenerHeavy: values['listener-heavy'],
    clustersJson: values['clusters-json'],
    indent: values.compact ? 0 : count('indent', 1),
    out: values.out,
    stats: values.stats,
  }
}
