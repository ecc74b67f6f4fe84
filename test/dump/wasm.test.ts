import {describe, expect, it} from 'vitest'

import {block, br, brIf, i32, i64, local, loop, sleb, u32, valueType, wasmModule} from '../../src/dump/wasm.js'

describe('wasm encoding', () => {
  it('writes LEB128 as the format defines it', () => {
    expect(u32(0)).toEqual([0])
    expect(u32(127)).toEqual([0x7f])
    expect(u32(128)).toEqual([0x80, 0x01])
    expect(u32(624485)).toEqual([0xe5, 0x8e, 0x26])
    expect(sleb(-1)).toEqual([0x7f])
    expect(sleb(63)).toEqual([0x3f])
    expect(sleb(64)).toEqual([0xc0, 0x00])
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78])
  })

  it('builds a module that runs: loops, locals, i64 bit counts and exported globals', () => {
    // popcount of every byte in [at, end) of memory, summed.
    const bytes = wasmModule(
      [
        {
          name: 'bits',
          params: [valueType.i32, valueType.i32],
          results: [valueType.i32],
          locals: [valueType.i32],
          body: [
            block(
              loop(
                [...local.get(0), ...local.get(1), ...i32.geU, ...brIf(1)],
                // 0x2d: i32.load8_u, which the kernel itself does not need.
                [...local.get(2), ...local.get(0), 0x2d, 0, 0, ...i64.extendI32U, ...i64.popcnt, ...i32.wrapI64, ...i32.add, ...local.set(2)],
                [...local.get(0), ...i32.const(1), ...i32.add, ...local.set(0), ...br(0)],
              ),
            ),
            local.get(2),
          ],
        },
      ],
      [{name: 'unused', type: valueType.i64}],
    )
    const memory = new WebAssembly.Memory({initial: 1})
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), {env: {memory}}).exports as {bits(at: number, end: number): number; unused: WebAssembly.Global}
    Buffer.from(memory.buffer).set([0xff, 0x0f, 0x01, 0x80], 10)
    expect(exports.bits(10, 14)).toBe(14)
    expect(exports.bits(11, 12)).toBe(4)
    expect(exports.unused.value).toBe(0n)
  })
})
