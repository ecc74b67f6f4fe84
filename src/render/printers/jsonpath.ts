import {cmp} from '../../core/gosort.js'
import {type PrinterEntry, withPod} from './printer.js'

/** kubectl's `-o jsonpath=TEMPLATE`, over the JSON that -o json prints (a listing: the list of items). */
export const jsonpath: PrinterEntry = {
  name: 'jsonpath',
  argument: 'TEMPLATE',
  example: "'{[*].name}'",
  note: 'kubectl syntax, over the JSON that -o json prints',
  create: (template) => {
    const render = async (value: unknown): Promise<string[]> => [(await import('../jsonpath.js')).renderTemplate(template, value)]
    return {
      list: async ({items, json}) => render(items.map(json)),
      document: async (doc) => render(doc.value()),
      // Many pods: the template over one list of every pod's items (or documents), each with its pod, in pod order.
      combined: () => {
        const values: {pod: string; value: unknown}[] = []
        return {
          list: async (pod, {items, json}) => {
            for (const item of items) values.push({pod, value: withPod(pod, json(item))})
            return []
          },
          document: async (pod, doc) => {
            values.push({pod, value: withPod(pod, doc.value())})
            return []
          },
          end: async () => render([...values].sort((a, b) => cmp(a.pod, b.pod)).map((v) => v.value)),
        }
      },
    }
  },
}
