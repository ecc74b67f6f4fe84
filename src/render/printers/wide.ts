import type {PrinterEntry} from './printer.js'
import {tablePrinter} from './table.js'

/** kubectl's wide: the table with extra columns. */
export const wide: PrinterEntry = {name: 'wide', create: () => tablePrinter(true)}
