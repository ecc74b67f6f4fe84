/**
 * The minified layout's hot loop in WebAssembly SIMD: passing over the inside of
 * a container 64 bytes per step. Each step finds the quotes, brackets and
 * backslashes of its block as bitmasks, marks the bytes inside strings with a
 * prefix XOR of the quotes, and counts the brackets outside them; only a block
 * where the container may close is walked bracket by bracket. Blocks holding a
 * backslash are left to the caller's exact byte loop: escapes are rare, and their
 * meaning depends on whether they sit inside a string, which the byte loop knows.
 *
 * The kernel reads its own linear memory; a reader that reads into `scanBuffers`
 * has its bytes scanned where they lie, anything else is copied in first.
 */

import {BACKSLASH, OPEN_BRACKET, QUOTE} from './bytes.js'
import {type Code, block, br, brIf, global, i8x16, i32, i64, ifThen, local, loop, v128, valueType, wasmModule} from './wasm.js'

/** Bytes per kernel step. */
export const BLOCK = 64

/** Where a skip stands between two blocks: open containers, and whether a string is open. */
export interface SkipState {
  depth: number
  inString: boolean
}

// Parameters and locals of `skip`, by number.
const AT = 0
const END = 1
const DEPTH = 2
const IN_STRING = 3
/** Four v128 locals holding the block. */
const LANES = 4
const STRINGS = 8
const OPENS = 9
const CLOSES = 10
const BRACKETS = 11
const BIT = 12
/** All ones while a string is open across the block boundary. */
const CARRY = 13

/** `'['` and `'{'` differ only in this bit, as do `']'` and `'}'`. */
const CASE_BIT = 0x20

/** One bit per byte of the block (bit k = byte k), for a test run on each 16-byte lane. */
function blockMask(test: (lane: Code) => Code): Code {
  const lane = (k: number): Code => [...test(local.get(LANES + k)), ...i8x16.bitmask, ...i64.extendI32U]
  return [...lane(0), ...[1, 2, 3].flatMap((k) => [...lane(k), ...i64.const(16 * k), ...i64.shl, ...i64.or])]
}

const bytesEqual = (byte: number) => (lane: Code) => [...lane, ...v128.fill(byte), ...i8x16.eq]
const bracketsLike = (byte: number) => (lane: Code) => [...lane, ...v128.fill(0xff ^ CASE_BIT), ...v128.and, ...v128.fill(byte), ...i8x16.eq]

/** local ^= local << 1, << 2, ... << 32: bit k becomes the XOR of bits 0..k, so the bits between an opening and a closing quote are set. */
const prefixXor = (index: number): Code =>
  [1, 2, 4, 8, 16, 32].flatMap((shift) => [...local.get(index), ...local.get(index), ...i64.const(shift), ...i64.shl, ...i64.xor, ...local.set(index)])

const outsideStrings = (mask: number): Code => [...local.get(mask), ...local.get(STRINGS), ...i64.const(-1), ...i64.xor, ...i64.and, ...local.set(mask)]
const popcount = (mask: number): Code => [...local.get(mask), ...i64.popcnt, ...i32.wrapI64]

/**
 * skip(at, end, depth, inString) passes over whole blocks from `at` while at
 * least one block remains before `end`. It returns where it stopped: just past
 * the container's close (global `depth` is then 0), or at a block holding a
 * backslash, or with fewer than BLOCK bytes left; globals `depth` and `inString`
 * give the state there.
 */
const SKIP = {
  name: 'skip',
  params: [valueType.i32, valueType.i32, valueType.i32, valueType.i32],
  results: [valueType.i32],
  locals: [valueType.v128, valueType.v128, valueType.v128, valueType.v128, valueType.i64, valueType.i64, valueType.i64, valueType.i64, valueType.i64, valueType.i64],
  body: [
    [...i64.const(0), ...local.get(IN_STRING), ...i64.extendI32U, ...i64.sub, ...local.set(CARRY)],
    block(
      loop(
        [...local.get(END), ...local.get(AT), ...i32.sub, ...i32.const(BLOCK), ...i32.ltU, ...brIf(1)],
        [0, 1, 2, 3].flatMap((k) => [...local.get(AT), ...v128.load(16 * k), ...local.set(LANES + k)]),
        [...blockMask(bytesEqual(BACKSLASH)), ...i64.eqz, ...i32.eqz, ...brIf(1)],
        [...blockMask(bytesEqual(QUOTE)), ...local.set(STRINGS), ...prefixXor(STRINGS)],
        [...local.get(STRINGS), ...local.get(CARRY), ...i64.xor, ...local.set(STRINGS)],
        [...blockMask(bracketsLike(OPEN_BRACKET)), ...local.set(OPENS), ...outsideStrings(OPENS)],
        [...blockMask(bracketsLike(OPEN_BRACKET + 2)), ...local.set(CLOSES), ...outsideStrings(CLOSES)],
        [...local.get(STRINGS), ...i64.const(63), ...i64.shrS, ...local.set(CARRY)],
        [...popcount(CLOSES), ...local.get(DEPTH), ...i32.geU],
        ifThen(
          [
            // As many closes as open containers: the container may close in this block, so its brackets are taken in order.
            [...local.get(OPENS), ...local.get(CLOSES), ...i64.or, ...local.set(BRACKETS)],
            block(
              loop(
                [...local.get(BRACKETS), ...i64.eqz, ...brIf(1)],
                [...local.get(BRACKETS), ...i64.const(0), ...local.get(BRACKETS), ...i64.sub, ...i64.and, ...local.set(BIT)],
                [...local.get(BRACKETS), ...local.get(BIT), ...i64.xor, ...local.set(BRACKETS)],
                [...local.get(OPENS), ...local.get(BIT), ...i64.and, ...i64.eqz],
                ifThen(
                  [
                    [...local.get(DEPTH), ...i32.const(1), ...i32.sub, ...local.tee(DEPTH), ...i32.eqz],
                    // Closed: out of all six enclosing blocks, just past the bracket.
                    ifThen([[...local.get(AT), ...local.get(BIT), ...i64.ctz, ...i32.wrapI64, ...i32.add, ...i32.const(1), ...i32.add, ...local.set(AT)], br(6)]),
                  ],
                  [[...local.get(DEPTH), ...i32.const(1), ...i32.add, ...local.set(DEPTH)]],
                ),
                br(0),
              ),
            ),
          ],
          [[...local.get(DEPTH), ...popcount(OPENS), ...i32.add, ...popcount(CLOSES), ...i32.sub, ...local.set(DEPTH)]],
        ),
        [...local.get(AT), ...i32.const(BLOCK), ...i32.add, ...local.set(AT), ...br(0)],
      ),
    ),
    [...local.get(DEPTH), ...global.set(0), ...local.get(CARRY), ...i32.wrapI64, ...i32.const(1), ...i32.and, ...global.set(1), ...local.get(AT)],
  ],
}

interface Kernel {
  skip(at: number, end: number, depth: number, inString: number): number
  depth: WebAssembly.Global
  inString: WebAssembly.Global
}

const PAGE = 64 * 1024

let compiled: WebAssembly.Module | null | undefined

/** The compiled kernel; null where WebAssembly SIMD is unavailable (the byte loop then does all the work). */
function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(
        wasmModule(
          [SKIP],
          [
            {name: 'depth', type: valueType.i32},
            {name: 'inString', type: valueType.i32},
          ],
        ),
      )
    } catch {
      compiled = null
    }
  }
  return compiled
}

/** Kernels by the memory they scan. */
const kernels = new WeakMap<ArrayBufferLike, Kernel>()

function kernelOver(bytes: number): {kernel: Kernel; memory: WebAssembly.Memory} | undefined {
  const module = kernelModule()
  if (!module) return undefined
  // Never grown: growing would detach the buffers handed out over it.
  const memory = new WebAssembly.Memory({initial: Math.ceil(bytes / PAGE)})
  const kernel = new WebAssembly.Instance(module, {env: {memory}}).exports as unknown as Kernel
  kernels.set(memory.buffer, kernel)
  return {kernel, memory}
}

/**
 * `count` buffers of `size` bytes for a reader to read into, placed where the
 * kernel can scan them without a copy.
 */
export function scanBuffers(count: number, size: number): Buffer[] {
  const over = kernelOver(count * size)
  return Array.from({length: count}, (_, k) => (over ? Buffer.from(over.memory.buffer, k * size, size) : Buffer.allocUnsafe(size)))
}

/** The most bytes copied in at once for buffers that do not lie in kernel memory. */
const WINDOW = 1024 * 1024
/** The first copy of a skip is this small, as most skipped values are: the window doubles while the value goes on. */
const FIRST_WINDOW = 4 * 1024

let copying: {kernel: Kernel; memory: Buffer} | null | undefined

function copyingKernel(): {kernel: Kernel; memory: Buffer} | null {
  if (copying === undefined) {
    const over = kernelOver(WINDOW)
    copying = over ? {kernel: over.kernel, memory: Buffer.from(over.memory.buffer, 0, WINDOW)} : null
  }
  return copying
}

function run(kernel: Kernel, at: number, end: number, state: SkipState): number {
  const stop = kernel.skip(at, end, state.depth, state.inString ? 1 : 0)
  state.depth = kernel.depth.value as number
  state.inString = kernel.inString.value === 1
  return stop
}

/**
 * Runs the kernel over one buffer, for the skip of one value through it. A buffer
 * from `scanBuffers` is scanned where it lies; any other is copied into kernel
 * memory a window at a time, each window kept while the skip goes on inside it.
 */
export class BlockSkipper {
  private readonly own: Kernel | undefined
  /** Where the window copied last begins in data, and how long it is. */
  private from = 0
  private length = 0
  private size = FIRST_WINDOW

  constructor(private readonly data: Buffer) {
    this.own = kernels.get(data.buffer)
  }

  /**
   * Passes over whole blocks from `i`, inside a container (`state.depth` ≥ 1) with
   * no escape pending. Returns where it stopped, as the kernel does: with
   * `state.depth` 0 just past the container's close; otherwise at a block for the
   * caller's byte loop (a backslash in it, or the last bytes of data).
   */
  skip(i: number, state: SkipState): number {
    const data = this.data
    if (this.own) return run(this.own, data.byteOffset + i, data.byteOffset + data.length, state) - data.byteOffset
    const copy = copyingKernel()
    if (!copy) return i
    for (;;) {
      if (i < this.from || i + BLOCK > this.from + this.length) {
        this.length = Math.min(data.length - i, this.size)
        if (this.length < BLOCK) return i
        this.from = i
        this.size = Math.min(this.size * 2, WINDOW)
        data.copy(copy.memory, 0, i, i + this.length)
      }
      i = this.from + run(copy.kernel, i - this.from, this.length, state)
      // Stopped before the window's last block: at the close or at a backslash.
      if (state.depth === 0 || i + BLOCK <= this.from + this.length) return i
    }
  }
}
