/**
 * The minified layout's hot loop in WebAssembly SIMD: passing over the inside of
 * a container 64 bytes per step. Each step finds the quotes, brackets and
 * backslashes of its block as bitmasks, works out which bytes the backslashes
 * escape, marks the bytes inside strings with a prefix XOR of the quotes left,
 * and counts the brackets outside them; only a block where the container may
 * close is walked bracket by bracket.
 *
 * The byte loop this replaces gives a backslash meaning only inside a string.
 * The kernel lets every backslash escape the byte after it, which is the same
 * as long as every backslash lies inside a string; a block where one does not
 * (never in JSON) is left to the byte loop, so malformed input ends and fails
 * exactly where it always did.
 *
 * The kernel reads its own linear memory; a reader that reads into `scanBuffers`
 * has its bytes scanned where they lie, anything else is copied in first.
 */

import {BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, OPEN_BRACE, OPEN_BRACKET, QUOTE} from './bytes.js'
import {type Code, block, br, brIf, global, i8x16, i32, i64, ifThen, local, loop, v128, valueType, wasmModule} from './wasm.js'

/** Bytes per kernel step. */
export const BLOCK = 64

/** Where a skip stands between two bytes: open containers, whether a string is open, and whether the next byte is escaped. */
export interface SkipState {
  depth: number
  inString: boolean
  escape: boolean
}

// Parameters and locals of `skip`, by number.
const AT = 0
const END = 1
const DEPTH = 2
const IN_STRING = 3
const ESCAPE_IN = 4
/** Four v128 locals holding the block. */
const LANES = 5
const BACKSLASHES = 9
const STRINGS = 10
const OPENS = 11
const CLOSES = 12
const BRACKETS = 13
const BIT = 14
/** All ones while a string is open across the block boundary. */
const CARRY = 15
/** 1 when the block's first byte is escaped by a backslash ending the block before. */
const ESCAPE = 16
/** Backslashes that escape the byte after them, then (shifted) whether the next block's first byte is escaped. */
const ESCAPERS = 17

// Globals: the state where `skip` stopped.
const DEPTH_OUT = 0
const IN_STRING_OUT = 1
const ESCAPE_OUT = 2

/** `'['` and `'{'` differ only in this bit, as do `']'` and `'}'`. */
const CASE_BIT = 0x20
/** Bits 1, 3, 5 … of a 64-bit mask. */
const ODD_BITS = -0x5555_5555_5555_5556n

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

const andNot = (mask: number, not: number): Code => [...local.get(mask), ...local.get(not), ...i64.const(-1), ...i64.xor, ...i64.and]
const popcount = (mask: number): Code => [...local.get(mask), ...i64.popcnt, ...i32.wrapI64]

/**
 * The bytes escaped by backslashes (runs pair up; an odd run escapes the byte after
 * it), left on the stack, from BACKSLASHES and ESCAPE; ESCAPERS is left holding
 * the backslashes that escape. Runs are told apart by their parity: adding a
 * run's first backslash to the run carries past its end, so subtracting the
 * starts from the odd bits marks where each run's escapes fall.
 */
const escapedBytes = (): Code => [
  // Backslashes that may escape: not those escaped themselves by the block before.
  ...[...local.get(BACKSLASHES), ...local.get(ESCAPE), ...i64.const(-1), ...i64.xor, ...i64.and, ...local.set(ESCAPERS)],
  ...[...local.get(ESCAPERS), ...i64.const(1), ...i64.shl, ...i64.const(ODD_BITS), ...i64.or, ...local.get(ESCAPERS), ...i64.sub, ...i64.const(ODD_BITS), ...i64.xor],
  // code: set on each escaping backslash and on each byte escaped.
  ...[...local.tee(BIT), ...local.get(BACKSLASHES), ...i64.and, ...local.set(ESCAPERS)],
  ...[...local.get(BIT), ...local.get(BACKSLASHES), ...local.get(ESCAPE), ...i64.or, ...i64.xor],
]

/**
 * skip(at, end, depth, inString, escape) passes over whole blocks from `at`
 * while at least one block remains before `end`. It returns where it stopped:
 * just past the container's close (global `depth` is then 0), or at a block with
 * a backslash outside strings, or with fewer than BLOCK bytes left; the globals
 * give the state there.
 */
const skip = () => ({
  name: 'skip',
  params: [valueType.i32, valueType.i32, valueType.i32, valueType.i32, valueType.i32],
  results: [valueType.i32],
  locals: [...Array<typeof valueType.v128>(4).fill(valueType.v128), ...Array<typeof valueType.i64>(ESCAPERS - BACKSLASHES + 1).fill(valueType.i64)],
  body: [
    [...i64.const(0), ...local.get(IN_STRING), ...i64.extendI32U, ...i64.sub, ...local.set(CARRY)],
    [...local.get(ESCAPE_IN), ...i64.extendI32U, ...local.set(ESCAPE)],
    block(
      loop(
        [...local.get(END), ...local.get(AT), ...i32.sub, ...i32.const(BLOCK), ...i32.ltU, ...brIf(1)],
        [0, 1, 2, 3].flatMap((k) => [...local.get(AT), ...v128.load(16 * k), ...local.set(LANES + k)]),
        [...blockMask(bytesEqual(BACKSLASH)), ...local.set(BACKSLASHES)],
        // Quotes that are not escaped, then the bytes inside strings.
        [...blockMask(bytesEqual(QUOTE)), ...escapedBytes(), ...i64.const(-1), ...i64.xor, ...i64.and, ...local.set(STRINGS), ...prefixXor(STRINGS)],
        [...local.get(STRINGS), ...local.get(CARRY), ...i64.xor, ...local.set(STRINGS)],
        [...andNot(BACKSLASHES, STRINGS), ...i64.eqz, ...i32.eqz, ...brIf(1)],
        [...local.get(ESCAPERS), ...i64.const(63), ...i64.shrU, ...local.set(ESCAPE)],
        [...blockMask(bracketsLike(OPEN_BRACKET)), ...local.set(OPENS), ...andNot(OPENS, STRINGS), ...local.set(OPENS)],
        [...blockMask(bracketsLike(OPEN_BRACKET + 2)), ...local.set(CLOSES), ...andNot(CLOSES, STRINGS), ...local.set(CLOSES)],
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
    [...local.get(DEPTH), ...global.set(DEPTH_OUT)],
    [...local.get(CARRY), ...i32.wrapI64, ...i32.const(1), ...i32.and, ...global.set(IN_STRING_OUT)],
    [...local.get(ESCAPE), ...i32.wrapI64, ...global.set(ESCAPE_OUT)],
    local.get(AT),
  ],
})

/**
 * openings(at, end) counts the `{` and `[` bytes in [at, end), 16 at a time, up to
 * the last whole 16 before `end`: a bound on how deep a value there can nest.
 */
const openings = () => ({
  name: 'openings',
  params: [valueType.i32, valueType.i32],
  results: [valueType.i32],
  locals: [valueType.i32],
  body: [
    block(
      loop(
        [...local.get(1), ...local.get(0), ...i32.sub, ...i32.const(16), ...i32.ltU, ...brIf(1)],
        [...local.get(2), ...bracketsLike(OPEN_BRACKET)([...local.get(0), ...v128.load(0)]), ...i8x16.bitmask, ...i32.popcnt, ...i32.add, ...local.set(2)],
        [...local.get(0), ...i32.const(16), ...i32.add, ...local.set(0), ...br(0)],
      ),
    ),
    local.get(2),
  ],
})

interface Kernel {
  openings(at: number, end: number): number
  skip(at: number, end: number, depth: number, inString: number, escaped: number): number
  depth: WebAssembly.Global
  inString: WebAssembly.Global
  escape: WebAssembly.Global
}

const PAGE = 64 * 1024

let compiled: WebAssembly.Module | null | undefined

/** The compiled kernel; null where WebAssembly SIMD is unavailable (the byte loop then does all the work). */
function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(
        wasmModule(
          // Encoded on first use: a command that never scans minified bytes (--help) does not pay for it.
          [skip(), openings()],
          [
            {name: 'depth', type: valueType.i32},
            {name: 'inString', type: valueType.i32},
            {name: 'escape', type: valueType.i32},
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

/**
 * Set once a memory was refused. V8 reserves gigabytes of address space per
 * memory, which `ulimit -v` may not allow, and it collects garbage before it gives
 * up, which takes long: the byte loop does all the work from then on.
 */
let refused = false

function kernelOver(bytes: number): {kernel: Kernel; memory: WebAssembly.Memory} | undefined {
  const module = kernelModule()
  if (!module || refused) return undefined
  let memory: WebAssembly.Memory
  try {
    // Never grown: growing would detach the buffers handed out over it.
    memory = new WebAssembly.Memory({initial: Math.ceil(bytes / PAGE)})
  } catch {
    refused = true
    return undefined
  }
  const kernel = new WebAssembly.Instance(module, {env: {memory}}).exports as unknown as Kernel
  kernels.set(memory.buffer, kernel)
  return {kernel, memory}
}

/**
 * Below this many bytes to scan, plain memory serves: making the kernel (encoding
 * and compiling its WebAssembly, reserving its memory) costs milliseconds, more than
 * it saves on a small dump, where it would be most of a command's own time.
 */
export const KERNEL_MIN_BYTES = 2 * 1024 * 1024

/**
 * `count` buffers of `size` bytes for a reader to read into, placed where the
 * kernel can scan them without a copy once `input` (the bytes the reader expects
 * to pass through them) is worth it.
 */
export function scanBuffers(count: number, size: number, input = Number.POSITIVE_INFINITY): Buffer[] {
  const over = input >= KERNEL_MIN_BYTES ? kernelOver(count * size) : undefined
  return Array.from({length: count}, (_, k) => (over ? Buffer.from(over.memory.buffer, k * size, size) : Buffer.allocUnsafe(size)))
}

/** Whether `data` lies in memory a kernel scans where it lies (a buffer from `scanBuffers`). */
export function inKernelMemory(data: Buffer): boolean {
  return kernels.has(data.buffer)
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
  const stop = kernel.skip(at, end, state.depth, state.inString ? 1 : 0, state.escape ? 1 : 0)
  state.depth = kernel.depth.value as number
  state.inString = kernel.inString.value === 1
  state.escape = kernel.escape.value === 1
  return stop
}

/**
 * Runs the kernel over one buffer, for the skip of one value through it. A buffer
 * from `scanBuffers` is scanned where it lies; any other is copied into kernel
 * memory a window at a time, each window kept while the skip goes on inside it.
 */
export class BlockSkipper {
  private readonly own: Kernel | undefined
  private readonly copy: {kernel: Kernel; memory: Buffer} | null
  /** Where the window copied last begins in data, and how long it is. */
  private from = 0
  private length = 0
  private size = FIRST_WINDOW

  /** `copying`: whether data outside kernel memory may be copied in (see KERNEL_MIN_BYTES); the byte loop does it all otherwise. */
  constructor(
    private readonly data: Buffer,
    copying: boolean,
  ) {
    this.own = kernels.get(data.buffer)
    this.copy = this.own || !copying ? null : copyingKernel()
  }

  /** Whether there is a kernel to run (without one, `skip` passes over nothing). */
  get available(): boolean {
    return this.own !== undefined || this.copy !== null
  }

  /**
   * Passes over whole blocks from `i`, inside a container (`state.depth` ≥ 1).
   * Returns where it stopped, as the kernel does: with `state.depth` 0 just past
   * the container's close; otherwise at a block for the caller's byte loop (a
   * backslash outside strings in it, or the last bytes of data).
   */
  skip(i: number, state: SkipState): number {
    const data = this.data
    if (this.own) return run(this.own, data.byteOffset + i, data.byteOffset + data.length, state) - data.byteOffset
    const copy = this.copy
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
      // Stopped before the window's last block: at the close or at a stray backslash.
      if (state.depth === 0 || i + BLOCK <= this.from + this.length) return i
    }
  }
}

/**
 * How many `{` and `[` bytes data[start, end) holds (no value there can nest
 * deeper). Outside kernel memory (a small input) they are found one by one, and
 * counting stops once it passes `cap`: the caller only asks whether it does.
 */
export function openingBrackets(data: Buffer, start: number, end: number, cap = Number.POSITIVE_INFINITY): number {
  const kernel = kernels.get(data.buffer)
  if (!kernel) {
    const range = data.subarray(start, end)
    let count = 0
    for (const bracket of [OPEN_BRACE, OPEN_BRACKET]) {
      for (let at = range.indexOf(bracket); at >= 0 && count <= cap; at = range.indexOf(bracket, at + 1)) count++
    }
    return count
  }
  const whole = start + ((end - start) & ~15)
  let count = kernel.openings(data.byteOffset + start, data.byteOffset + whole)
  for (let i = whole; i < end; i++) if ((data[i] & (0xff ^ CASE_BIT)) === OPEN_BRACKET) count++
  return count
}

/**
 * Passes over the rest of a value being skipped: whole blocks by the kernel while
 * inside a container, the rest (blocks with a stray backslash, a chunk's last
 * bytes, a string on its own) by the exact byte loop. Returns the index just past
 * the value, or -1 when data ends first (the state in `s` carries over to the next chunk).
 * `copying`: whether the kernel may scan data copied into its memory.
 */
export function skipBytes(data: Buffer, i: number, s: SkipState, copying: boolean): number {
  const n = data.length
  const blocks = new BlockSkipper(data, copying)
  const step = blocks.available ? BLOCK : n
  while (i < n) {
    if (s.depth > 0) {
      i = blocks.skip(i, s)
      if (s.depth === 0) return i
    }
    i = skipExactly(data, i, Math.min(i + step, n), s)
    if (s.depth === 0 && !s.inString) return i
  }
  return -1
}

/**
 * Byte by byte from i to about limit, following quotes, brackets and, inside
 * strings, backslashes. Returns where it stopped: just past the value's end
 * (depth 0 and no string open), or at or past limit (a string is crossed whole).
 */
function skipExactly(data: Buffer, i: number, limit: number, s: SkipState): number {
  let depth = s.depth
  let inString = s.inString
  let escaped = s.escape
  const n = data.length
  while (i < limit) {
    if (escaped) {
      escaped = false
      i++
    } else if (inString) {
      // Long strings (certificates, Lua code) are crossed with memchr.
      const q = data.indexOf(QUOTE, i)
      const end = q < 0 ? n : q
      let slashes = 0
      for (let j = end - 1; j >= i && data[j] === BACKSLASH; j--) slashes++
      i = end + 1
      if (q < 0) {
        // The string goes on in the next chunk, whose first byte an odd run of backslashes escapes.
        escaped = slashes % 2 === 1
        i = n
      } else if (slashes % 2 === 0) {
        inString = false
        if (depth === 0) break
      }
    } else {
      const b = data[i++]
      if (b === QUOTE) inString = true
      else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++
      else if ((b === CLOSE_BRACE || b === CLOSE_BRACKET) && --depth === 0) break
    }
  }
  s.depth = depth
  s.inString = inString
  s.escape = escaped
  return i
}
