import {UserError} from '../cli/errors.js'
import {type Raw, field, isRaw, list} from '../model/raw.js'

const TYPE_PREFIX = 'type.googleapis.com/'

/** The config_dump sections istioctl reads, by their admin.v3 message names. */
export const Section = {
  bootstrap: 'envoy.admin.v3.BootstrapConfigDump',
  clusters: 'envoy.admin.v3.ClustersConfigDump',
  listeners: 'envoy.admin.v3.ListenersConfigDump',
  routes: 'envoy.admin.v3.RoutesConfigDump',
  secrets: 'envoy.admin.v3.SecretsConfigDump',
  endpoints: 'envoy.admin.v3.EndpointsConfigDump',
  ecds: 'envoy.admin.v3.EcdsConfigDump',
} as const
export type SectionName = keyof typeof Section

/** Older Envoys (and v2 dumps kept around) name the same sections envoy.admin.v2alpha.*. */
function canonicalType(url: string): string {
  const name = url.startsWith(TYPE_PREFIX) ? url.slice(TYPE_PREFIX.length) : url
  return name.replace(/^envoy\.admin\.v2alpha\./, 'envoy.admin.v3.')
}

export function missingSection(name: SectionName): string {
  return `config dump has no configuration type ${TYPE_PREFIX}${Section[name]}`
}

/**
 * A parsed /config_dump: the `configs` list, looked up by section type. Entries of
 * types we do not know (cilium, future Envoy sections) are kept but never read.
 */
export class ConfigDump {
  private constructor(
    private readonly configs: readonly Raw[],
    /** Names the dump in messages: "file dump.json", "pod x.ns". */
    readonly origin: string,
  ) {}

  static fromJson(value: unknown, origin: string): ConfigDump {
    const configs = field(value, 'configs')
    if (!isRaw(value) || !Array.isArray(configs)) {
      throw new UserError(`${origin} is not an Envoy config dump: expected a JSON object with a "configs" list`)
    }
    return new ConfigDump(configs.filter(isRaw), origin)
  }

  /** Like Envoy's consumers, the last section of a type wins when a dump repeats it. */
  section(name: SectionName): Raw | undefined {
    const all = this.sections(name)
    return all[all.length - 1]
  }

  sections(name: SectionName): Raw[] {
    return this.configs.filter((c) => {
      const type = c['@type']
      return typeof type === 'string' && canonicalType(type) === Section[name]
    })
  }

  require(name: SectionName): Raw {
    const s = this.section(name)
    if (!s) throw new UserError(`${this.origin}: ${missingSection(name)}`)
    return s
  }
}

/** Parses dump bytes, turning every JSON failure into one line naming the origin. */
export function parseJson(bytes: Buffer, origin: string): unknown {
  let text = bytes.toString('utf8')
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  if (text.trim() === '') throw new UserError(`${origin} is empty: expected Envoy admin JSON`)
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new UserError(`${origin} is not valid JSON: ${(error as Error).message}`)
  }
}

export function parseConfigDump(bytes: Buffer, origin: string): ConfigDump {
  return ConfigDump.fromJson(parseJson(bytes, origin), origin)
}

/**
 * Resources inside a section, in the order istioctl lists them: for each
 * [repeated field, path to the resource inside an entry] group in turn.
 * Entries without the resource (e.g. listeners only warming) are skipped.
 */
export function sectionResources(section: Raw | undefined, groups: readonly (readonly [string, string])[]): Raw[] {
  const out: Raw[] = []
  for (const [listName, path] of groups) {
    const steps = path === '' ? [] : path.split('.')
    for (const entry of list(section, listName)) {
      const res = steps.reduce<unknown>((o, step) => field(o, step), entry)
      if (isRaw(res)) out.push(res)
    }
  }
  return out
}
