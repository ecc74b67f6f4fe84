import {adminUrlKind} from './admin-url.js'
import {archiveKind} from './archive.js'
import {directoryKind} from './directory.js'
import {fileKind} from './file.js'
import {podKind} from './pod.js'
import {selectorKind} from './selector.js'
import type {SourceKind} from './source.js'
import {stdinKind} from './stdin.js'

/** Every kind of source, in the order they are asked: the more specific before the catch-all of the same input. */
export const SOURCE_KINDS: readonly SourceKind[] = [stdinKind, directoryKind, archiveKind, fileKind, podKind, selectorKind, adminUrlKind]
