// Integration tests of the HTTP adapter's retries: Retry-After, backoff with jitter, exhaustion, and never repeating a create.
import type { ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createHttpClient,
  type HttpClientOptions
} from '../../../src-main/adapters/http/http-client'
import {
  backoffMs,
  defaultRetryTuning,
  retryAfterSeconds
} from '../../../src-main/common/retry-policy'
import type { HttpConnectionConfig } from '../../../src-main/core/ports/http.port'
import { closedPort, sendJson, startServer, type Handler, type LocalServer } from './local-server'
import { expectFailure } from './failure-assertions'
import { Secret } from '../../../src-main/common/secret'

const servers: LocalServer[] = []

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

const serve = async (handler: Handler): Promise<LocalServer> => {
  const server = await startServer(handler)
  servers.push(server)
  return server
}

/** Answers with each status of `script` in turn (the last one repeats), `200 {ok}` for 'ok'. */
const scripted =
  (script: Array<number | 'ok' | 'drop' | ((response: ServerResponse) => void)>): Handler =>
  (request, response, { index }) => {
    const step = script[Math.min(index, script.length - 1)]
    if (step === 'ok') return sendJson(response, 200, { ok: true })
    if (step === 'drop') {
      request.socket.destroy()
      return
    }
    if (typeof step === 'function') return step(response)
    sendJson(response, step ?? 500, { error: `status ${step}` })
  }

/** A client whose waits are recorded instead of slept, with jitter fixed at half the ceiling. */
const recordingClient = (
  server: LocalServer,
  config: Partial<HttpConnectionConfig> = {},
  options: HttpClientOptions = {}
) => {
  const waits: number[] = []
  const client = createHttpClient(
    {
      baseUrl: server.origin,
      auth: { scheme: 'bearer', token: Secret.fromString('retry-token-1') },
      ...config
    },
    {
      sleep: async (ms) => {
        waits.push(ms)
      },
      random: () => 0.5,
      ...options
    }
  )
  return { client, waits }
}

describe('Retry-After', () => {
  it('waits the seconds a 429 asks for, then succeeds', async () => {
    const server = await serve(
      scripted([
        (response) => sendJson(response, 429, { error: 'slow down' }, { 'Retry-After': '2' }),
        'ok'
      ])
    )
    const { client, waits } = recordingClient(server)
    const answer = await client.request({ method: 'GET', path: '/keys', retry: true })
    expect(answer).toMatchObject({ status: 200, attempts: 2, json: { ok: true } })
    expect(waits).toEqual([2000])
    expect(server.hits).toHaveLength(2)
  })

  it('honours Retry-After given as an HTTP date', async () => {
    const now = Date.parse('2026-03-01T12:00:00Z')
    const server = await serve(
      scripted([
        (response) =>
          sendJson(response, 503, {}, { 'Retry-After': new Date(now + 5000).toUTCString() }),
        'ok'
      ])
    )
    const { client, waits } = recordingClient(server, {}, { now: () => now })
    const answer = await client.request({ method: 'GET', path: '/keys', retry: true })
    expect(answer.attempts).toBe(2)
    expect(waits).toEqual([5000])
  })

  it('returns the 429 at once when Retry-After is too long to wait, so the caller can report it', async () => {
    const server = await serve(
      scripted([(response) => sendJson(response, 429, {}, { 'Retry-After': '120' })])
    )
    const { client, waits } = recordingClient(server)
    const answer = await client.request({ method: 'GET', path: '/keys', retry: true })
    expect(answer).toMatchObject({ status: 429, attempts: 1 })
    expect(retryAfterSeconds(answer.headers)).toBe(120)
    expect(waits).toEqual([])
    expect(server.hits).toHaveLength(1)
  })

  it('stops once the waits of one call would pass 90 s in total, returning the last answer', async () => {
    const server = await serve(
      scripted([(response) => sendJson(response, 429, {}, { 'Retry-After': '50' })])
    )
    const { client, waits } = recordingClient(server, { retries: 5 })
    const answer = await client.request({ method: 'GET', path: '/keys', retry: true })
    expect(answer).toMatchObject({ status: 429, attempts: 2 })
    expect(waits).toEqual([50_000])
  })

  it('backs off with jitter when a 429 gives no Retry-After', async () => {
    const server = await serve(scripted([429, 'ok']))
    const { client, waits } = recordingClient(server)
    expect((await client.request({ method: 'GET', path: '/', retry: true })).attempts).toBe(2)
    expect(waits).toEqual([125])
  })
})

describe('5xx and backoff', () => {
  it('retries a 503 with growing jittered waits, then succeeds', async () => {
    const server = await serve(scripted([503, 503, 'ok']))
    const { client, waits } = recordingClient(server)
    const answer = await client.request({ method: 'GET', path: '/keys', retry: true })
    expect(answer).toMatchObject({ status: 200, attempts: 3 })
    expect(waits).toEqual([125, 250])
    expect(server.hits).toHaveLength(3)
  })

  it('retries 500, 502 and 504 for a retryable request', async () => {
    const server = await serve(scripted([500, 502, 504, 'ok']))
    const { client } = recordingClient(server)
    expect(
      (await client.request({ method: 'PUT', path: '/k', json: { a: 1 }, retry: true })).attempts
    ).toBe(4)
    expect(server.hits.every((hit) => hit.body === '{"a":1}')).toBe(true)
  })

  it('does not retry client errors', async () => {
    for (const status of [400, 401, 403, 404, 409, 422]) {
      const server = await serve(scripted([status, 'ok']))
      const { client, waits } = recordingClient(server)
      const answer = await client.request({ method: 'GET', path: '/', retry: true })
      expect(answer).toMatchObject({ status, attempts: 1 })
      expect(waits).toEqual([])
      expect(server.hits).toHaveLength(1)
    }
  })

  it('returns the last answer once the retries are spent', async () => {
    const server = await serve(scripted([502, 503]))
    const { client, waits } = recordingClient(server, { retries: 3 })
    const answer = await client.request({ method: 'GET', path: '/', retry: true })
    expect(answer).toMatchObject({ status: 503, attempts: 4 })
    expect(server.hits).toHaveLength(4)
    expect(waits).toEqual([125, 250, 500])
  })

  it('uses the default of three retries and honours retries: 0', async () => {
    const server = await serve(scripted([503]))
    const defaults = recordingClient(server)
    expect(
      (await defaults.client.request({ method: 'GET', path: '/', retry: true })).attempts
    ).toBe(4)
    const none = recordingClient(server, { retries: 0 })
    expect((await none.client.request({ method: 'GET', path: '/', retry: true })).attempts).toBe(1)
    expect(server.hits).toHaveLength(5)
  })

  it('draws full jitter below an exponential ceiling capped at 10 s', () => {
    const tuning = defaultRetryTuning
    expect(backoffMs(1, () => 0, tuning)).toBe(0)
    expect(backoffMs(1, () => 0.999, tuning)).toBe(249)
    expect(backoffMs(3, () => 0.5, tuning)).toBe(500)
    expect(backoffMs(7, () => 0.5, tuning)).toBe(5000)
    expect(backoffMs(30, () => 0.999, tuning)).toBe(9990)
  })
})

describe('requests that must not be repeated', () => {
  it('sends a create once even when it gets a 503', async () => {
    const server = await serve(scripted([503, 'ok']))
    const { client, waits } = recordingClient(server)
    const answer = await client.request({
      method: 'POST',
      path: '/keys',
      json: { name: 'n' },
      retry: false
    })
    expect(answer).toMatchObject({ status: 503, attempts: 1 })
    expect(server.hits).toHaveLength(1)
    expect(waits).toEqual([])
  })

  it('sends a create once even when it gets a 429 with a short Retry-After', async () => {
    const server = await serve(
      scripted([(response) => sendJson(response, 429, {}, { 'Retry-After': '1' }), 'ok'])
    )
    const { client } = recordingClient(server)
    expect((await client.request({ method: 'POST', path: '/keys', retry: false })).status).toBe(429)
    expect(server.hits).toHaveLength(1)
  })

  it('sends a create once when the socket is destroyed mid-request, and reports NETWORK', async () => {
    const server = await serve(scripted(['drop', 'ok']))
    const { client, waits } = recordingClient(server)
    await expectFailure(
      client.request({ method: 'POST', path: '/keys', json: { name: 'n' }, retry: false }),
      'NETWORK',
      ['retry-token-1']
    )
    expect(server.hits).toHaveLength(1)
    expect(waits).toEqual([])
  })

  it('sends a create once when the connection drops halfway through the answer', async () => {
    const server = await serve(
      scripted([
        (response) => {
          response.writeHead(201, { 'content-type': 'application/json', 'content-length': '100' })
          response.write('{"id":"k1","sec')
          setImmediate(() => response.socket?.destroy())
        },
        'ok'
      ])
    )
    const { client } = recordingClient(server)
    await expectFailure(client.request({ method: 'POST', path: '/keys', retry: false }), 'NETWORK')
    expect(server.hits).toHaveLength(1)
  })

  it('does retry a retryable request after a dropped connection', async () => {
    const server = await serve(scripted(['drop', 'ok']))
    const { client, waits } = recordingClient(server)
    const answer = await client.request({ method: 'GET', path: '/keys', retry: true })
    expect(answer).toMatchObject({ status: 200, attempts: 2 })
    expect(waits).toEqual([125])
  })

  it('retries a refused connection for a retryable request, then reports NETWORK', async () => {
    const port = await closedPort()
    const waits: number[] = []
    const client = createHttpClient(
      { baseUrl: `http://127.0.0.1:${port}`, auth: { scheme: 'none' }, retries: 2 },
      { sleep: async (ms) => void waits.push(ms), random: () => 0.5 }
    )
    await expectFailure(client.request({ method: 'GET', path: '/', retry: true }), 'NETWORK')
    expect(waits).toEqual([125, 250])
  })
})

describe('cancellation', () => {
  it('stops during a backoff wait when the caller aborts', async () => {
    const server = await serve(scripted([503, 'ok']))
    const controller = new AbortController()
    const client = createHttpClient(
      { baseUrl: server.origin, auth: { scheme: 'none' } },
      {
        sleep: (_ms, signal) =>
          new Promise<void>((_resolve, reject) => {
            signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true })
            controller.abort()
          })
      }
    )
    await expectFailure(
      client.request({ method: 'GET', path: '/', retry: true }, controller.signal),
      'CANCELLED'
    )
    expect(server.hits).toHaveLength(1)
  })

  it('sends nothing when the signal is already aborted', async () => {
    const server = await serve(scripted(['ok']))
    const client = createHttpClient({ baseUrl: server.origin, auth: { scheme: 'none' } })
    await expectFailure(
      client.request({ method: 'GET', path: '/', retry: true }, AbortSignal.abort()),
      'CANCELLED'
    )
    expect(server.hits).toHaveLength(0)
  })

  it('abandons a request in flight when the caller aborts', async () => {
    const controller = new AbortController()
    const server = await serve(() => controller.abort())
    const client = createHttpClient({ baseUrl: server.origin, auth: { scheme: 'none' } })
    await expectFailure(
      client.request({ method: 'GET', path: '/', retry: true }, controller.signal),
      'CANCELLED'
    )
    expect(server.hits).toHaveLength(1)
  })
})
