import {type PrinterEntry, withPod} from './printer.js'

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
    // Many pods: one sequence of items (or documents), each with its pod, printed as each pod answers.
    combined: () => {
      let printed = false
      const items = async (values: unknown[]) => {
        const {toYaml} = await import('../yaml.js')
        printed ||= values.length > 0
        // Without the extra blank line istioctl ends a list with: the sequence goes on with the next pod.
        return values.map((v) => toYaml([v]).slice(0, -1))
      }
      return {
        list: async (pod, {items: listed, json}) => items(listed.map((item) => withPod(pod, json(item)))),
        document: async (pod, doc) => items([withPod(pod, doc.value())]),
        end: async () => (printed ? [] : [(await import('../yaml.js')).toYaml([])]),
      }
    },
  }),
}
