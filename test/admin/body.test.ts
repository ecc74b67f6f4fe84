import http from 'node:http'
import type {AddressInfo} from 'node:net'

import {afterEach, describe, expect, it} from 'vitest'

import {BodyReader} from '../../src/admin/body.js'
import {waitFor} from '../support/wait.js'

const servers: http.Server[] = []

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    await new Promise((resolve) => s.close(resolve))
  }
})

/** A server answering every GET with `answer`, and the response to one GET from it. */
async function respond(answer: (res: http.ServerResponse) => void): Promise<http.IncomingMessage> {
  const server = http.createServer((_req, res) => answer(res))
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return new Promise((resolve) => http.get(`http://127.0.0.1:${port}/`, resolve))
}

/** Everything the reader gives from now on (each piece copied: the reader reuses its buffer). */
async function takeAll(reader: BodyReader): Promise<Buffer> {
  const parts: Buffer[] = []
  for (let part = await reader.take(); part !== undefined; part = await reader.take()) parts.push(Buffer.from(part))
  return Buffer.concat(parts)
}

/** Bytes that show where each came from, so a reordering or a lost chunk cannot pass. */
function pattern(n: number): Buffer {
  const b = Buffer.alloc(n)
  for (let i = 0; i < n; i += 4) b.writeUInt32LE(i, i)
  return b
}

describe('BodyReader', () => {
  it('hands on every byte, in order, then nothing', async () => {
    const body = pattern(3 * 1024 * 1024)
    const reader = new BodyReader(await respond((res) => res.end(body)))
    expect((await takeAll(reader)).equals(body)).toBe(true)
    expect(await reader.take()).toBeUndefined()
  })

  it('an empty body ends at once', async () => {
    const reader = new BodyReader(await respond((res) => res.end()))
    expect(await reader.take()).toBeUndefined()
  })

  it('a body that stops short of a batch is handed on when it ends', async () => {
    const reader = new BodyReader(
      await respond((res) => {
        res.write('{"configs":')
        setImmediate(() => res.end('[]}'))
      }),
    )
    expect((await takeAll(reader)).toString()).toBe('{"configs":[]}')
  })

  it('a body cut off before its declared length fails, after what did arrive', async () => {
    const part = pattern(100_000)
    const reader = new BodyReader(
      await respond((res) => {
        res.writeHead(200, {'content-length': String(part.length * 2)})
        res.write(part, () => res.destroy())
      }),
    )
    const got: Buffer[] = []
    const failure = await (async () => {
      for (let part = await reader.take(); part !== undefined; part = await reader.take()) got.push(Buffer.from(part))
    })().catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(Error)
    expect(Buffer.concat(got).equals(part)).toBe(true)
  })

  it('stops reading the socket while what it holds is not taken, and goes on once it is', async () => {
    const body = pattern(64 * 1024 * 1024)
    const response = await respond((res) => res.end(body))
    const reader = new BodyReader(response)
    await waitFor(() => response.isPaused(), {what: 'the response paused'})
    const first = Buffer.from((await reader.take()) ?? [])
    expect(first.length).toBeLessThan(8 * 1024 * 1024)
    const rest = await takeAll(reader)
    expect(Buffer.concat([first, rest]).equals(body)).toBe(true)
  })
})
