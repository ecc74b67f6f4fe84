import type {PrinterEntry} from './printer.js'
import {tablePrinter} from './table.js'

/** istioctl's table. */
export const short: PrinterEntry = {name: 'short', create: () => tablePrinter(false)}
