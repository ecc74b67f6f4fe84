/**
 * The few pieces of WebAssembly's binary format that the skip kernel is written
 * in: instructions as byte arrays, and a module of functions over one imported
 * memory. Writing the kernel here keeps it ours and buildable by Node alone, with
 * no compiler or toolchain in the build.
 */

export type Code = readonly number[]

export const valueType = {i32: 0x7f, i64: 0x7e, v128: 0x7b} as const
type ValueType = (typeof valueType)[keyof typeof valueType]

/** Unsigned LEB128, how the format writes counts and indices. */
export function u32(n: number): number[] {
  const out: number[] = []
  do {
    let byte = n & 0x7f
    n >>>= 7
    if (n !== 0) byte |= 0x80
    out.push(byte)
  } while (n !== 0)
  return out
}

/** Signed LEB128, how the format writes constants. */
export function sleb(value: number | bigint): number[] {
  let n = BigInt(value)
  const out: number[] = []
  for (;;) {
    const byte = Number(n & 0x7fn)
    n >>= 7n
    if ((n === 0n && (byte & 0x40) === 0) || (n === -1n && (byte & 0x40) !== 0)) {
      out.push(byte)
      return out
    }
    out.push(byte | 0x80)
  }
}

const simd = (opcode: number): Code => [0xfd, ...u32(opcode)]
const name = (text: string): number[] => {
  const bytes = [...Buffer.from(text, 'utf8')]
  return [...u32(bytes.length), ...bytes]
}
const vector = (items: readonly Code[]): number[] => [...u32(items.length), ...items.flat()]
const section = (id: number, body: Code): number[] => [id, ...u32(body.length), ...body]

export const local = {
  get: (index: number): Code => [0x20, ...u32(index)],
  set: (index: number): Code => [0x21, ...u32(index)],
  tee: (index: number): Code => [0x22, ...u32(index)],
}

export const global = {
  get: (index: number): Code => [0x23, ...u32(index)],
  set: (index: number): Code => [0x24, ...u32(index)],
}

export const i32 = {
  const: (n: number): Code => [0x41, ...sleb(n)],
  eqz: [0x45],
  ltU: [0x49],
  geU: [0x4f],
  add: [0x6a],
  sub: [0x6b],
  popcnt: [0x69],
  and: [0x71],
  wrapI64: [0xa7],
} satisfies Record<string, Code | ((n: number) => Code)>

export const i64 = {
  const: (n: number | bigint): Code => [0x42, ...sleb(n)],
  eqz: [0x50],
  ctz: [0x7a],
  popcnt: [0x7b],
  sub: [0x7d],
  and: [0x83],
  or: [0x84],
  xor: [0x85],
  shl: [0x86],
  shrS: [0x87],
  shrU: [0x88],
  extendI32U: [0xad],
} satisfies Record<string, Code | ((n: number | bigint) => Code)>

export const v128 = {
  /** Alignment hint 0: the kernel reads at any byte offset. */
  load: (offset: number): Code => [...simd(0x00), 0, ...u32(offset)],
  /** A constant of sixteen copies of one byte. */
  fill: (byte: number): Code => [...simd(0x0c), ...new Array<number>(16).fill(byte)],
  and: simd(0x4e),
}

export const i8x16 = {
  eq: simd(0x23),
  /** One bit per lane: the lane's top bit. */
  bitmask: simd(0x64),
}

const EMPTY_BLOCK = 0x40
const END = 0x0b

export const block = (...body: Code[]): Code => [0x02, EMPTY_BLOCK, ...body.flat(), END]
export const loop = (...body: Code[]): Code => [0x03, EMPTY_BLOCK, ...body.flat(), END]
export const ifThen = (then: Code[], otherwise?: Code[]): Code => [0x04, EMPTY_BLOCK, ...then.flat(), ...(otherwise ? [0x05, ...otherwise.flat()] : []), END]
/** Branches to the `depth`-th enclosing block (0 = innermost): a block's end, or a loop's start. */
export const br = (depth: number): Code => [0x0c, ...u32(depth)]
export const brIf = (depth: number): Code => [0x0d, ...u32(depth)]

export interface WasmFunction {
  name: string
  params: readonly ValueType[]
  results: readonly ValueType[]
  /** Locals after the parameters, numbered on from them. */
  locals: readonly ValueType[]
  body: Code[]
}

export interface WasmGlobal {
  name: string
  type: ValueType
}

/**
 * A module that imports its memory as `env.memory` and exports its functions
 * and its mutable globals (zero at the start) by name.
 */
export function wasmModule(functions: readonly WasmFunction[], globals: readonly WasmGlobal[] = []): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...vector(f.params.map((t) => [t])), ...vector(f.results.map((t) => [t]))])
  const memoryImport = [...name('env'), ...name('memory'), 0x02, 0x00, ...u32(1)]
  const zero = (t: ValueType): Code => (t === valueType.i64 ? i64.const(0) : i32.const(0))
  const exports = [...functions.map((f, i) => [...name(f.name), 0x00, ...u32(i)]), ...globals.map((g, i) => [...name(g.name), 0x03, ...u32(i)])]
  const bodies = functions.map((f) => {
    const code = [...vector(f.locals.map((t) => [1, t])), ...f.body.flat(), END]
    return [...u32(code.length), ...code]
  })
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...section(2, vector([memoryImport])),
    ...section(3, vector(functions.map((_, i) => u32(i)))),
    ...section(6, vector(globals.map((g) => [g.type, 0x01, ...zero(g.type), END]))),
    ...section(7, vector(exports)),
    ...section(10, vector(bodies)),
  ])
}
