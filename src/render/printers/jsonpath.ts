import type {PrinterEntry} from './printer.js'

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
    }
  },
}
