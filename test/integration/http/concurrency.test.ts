// Integration tests of the HTTP adapter's per-connection concurrency limit, counted by the server as requests in flight.
import type { ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { createHttpClient } from '../../../src-main/adapters/http/http-client'
import { sendJson, startServer, type LocalServer } from './local-server'
import { expectFailure } from './failure-assertions'

const servers: LocalServer[] = []

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

/**
 * Holds requests until `expected` are in flight at once, then answers them after `settleMs`, time
 * enough for any request beyond the limit to show up and be counted. If `expected` is never
 * reached, everything is answered after two seconds and the assertion on the count fails.
 */
const holdingServer = async (expected: number, settleMs = 50): Promise<LocalServer> => {
  const held: ServerResponse[] = []
  let fallback: NodeJS.Timeout | undefined
  let settling = false
  const release = (): void => {
    clearTimeout(fallback)
    fallback = undefined
    settling = false
    for (const response of held.splice(0)) sendJson(response, 200, { ok: true })
  }
  const server = await startServer((_request, response, { inFlight }) => {
    held.push(response)
    fallback ??= setTimeout(release, 2000)
    if (inFlight() >= expected && !settling) {
      settling = true
      setTimeout(release, settleMs)
    }
  })
  servers.push(server)
  return server
}

describe('concurrency limit', () => {
  it('keeps at most `concurrency` requests in flight and still answers them all', async () => {
    const server = await holdingServer(2)
    const client = createHttpClient({
      baseUrl: server.origin,
      auth: { scheme: 'none' },
      concurrency: 2
    })
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        client.request({ method: 'GET', path: `/k/${index}`, retry: true })
      )
    )
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200])
    expect(server.hits).toHaveLength(6)
    expect(server.maxInFlight()).toBe(2)
  })

  it('defaults to four at once', async () => {
    const server = await holdingServer(4)
    const client = createHttpClient({ baseUrl: server.origin, auth: { scheme: 'none' } })
    await Promise.all(
      Array.from({ length: 8 }, () => client.request({ method: 'GET', path: '/', retry: true }))
    )
    expect(server.maxInFlight()).toBe(4)
  })

  it('limits each connection on its own', async () => {
    const server = await holdingServer(2)
    const first = createHttpClient({
      baseUrl: server.origin,
      auth: { scheme: 'none' },
      concurrency: 1
    })
    const second = createHttpClient({
      baseUrl: server.origin,
      auth: { scheme: 'none' },
      concurrency: 1
    })
    await Promise.all([
      first.request({ method: 'GET', path: '/a', retry: true }),
      second.request({ method: 'GET', path: '/b', retry: true })
    ])
    expect(server.maxInFlight()).toBe(2)
  })

  it('lets a request waiting for a slot be cancelled without ever sending it', async () => {
    let answerFirst: (() => void) | undefined
    const server = await startServer((request, response) => {
      if (request.url === '/first') answerFirst = () => sendJson(response, 200, { ok: true })
      else sendJson(response, 200, { ok: true })
    })
    servers.push(server)
    const client = createHttpClient({
      baseUrl: server.origin,
      auth: { scheme: 'none' },
      concurrency: 1
    })
    const first = client.request({ method: 'GET', path: '/first', retry: true })
    const controller = new AbortController()
    const queued = client.request(
      { method: 'POST', path: '/queued', retry: false },
      controller.signal
    )
    while (!answerFirst) await new Promise((resolve) => setImmediate(resolve))
    controller.abort()
    await expectFailure(queued, 'CANCELLED')
    answerFirst()
    expect((await first).status).toBe(200)
    expect((await client.request({ method: 'GET', path: '/after', retry: true })).status).toBe(200)
    expect(server.hits.map((hit) => hit.url)).toEqual(['/first', '/after'])
  })
})
