import type {PrinterEntry} from './printer.js'

/** YAML converted from the JSON that -o json prints. */
export const yaml: PrinterEntry = {
  name: 'yaml',
  create: () => ({
    list: async ({items, json}) => {
      const {toYaml} = await import('../yaml.js')
      if (items.length === 0) return [toYaml([])]
      // Each one-item sequence is the item's part of the whole sequence; istioctl's extra newline comes once, at the end.
      return (function* () {
        for (const item of items) yield toYaml([json(item)]).slice(0, -1)
        yield '\n'
      })()
    },
    document: async (doc) => {
      const {toYaml} = await import('../yaml.js')
      return [toYaml(doc.value())]
    },
  }),
}
