// Integration tests of the HTTP adapter's failures: timeouts, refused connections, oversized answers and what reaches the log.
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createHttpClient } from '../../../src-main/adapters/http/http-client'
import { classifyTransportError } from '../../../src-main/adapters/http/transport-errors'
import type { LogLevel } from '../../../src-main/core/ports/logger.port'
import { closedPort, sendJson, startServer, type Handler, type LocalServer } from './local-server'
import { expectFailure, expectNoSecrets } from './failure-assertions'
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

// undici loads lazily on first use; warming it up keeps that load out of the short timeouts below,
// which would otherwise fire before the request reached the server on a busy machine.
beforeAll(async () => {
  const server = await serve((_request, response) => sendJson(response, 200, {}))
  await createHttpClient({ baseUrl: server.origin, auth: { scheme: 'none' } }).request({
    method: 'GET',
    path: '/',
    retry: false
  })
})

/** Never answers; the server's close() ends the socket. */
const silent: Handler = () => undefined

describe('timeouts', () => {
  it('reports TIMEOUT when the hub does not answer in time, naming only the host', async () => {
    const server = await serve(silent)
    const client = createHttpClient({
      baseUrl: `${server.origin}/private-base`,
      auth: { scheme: 'apk', token: Secret.fromString('timeout-token-1') },
      timeoutMs: 1000
    })
    const failure = await expectFailure(
      client.request({ method: 'POST', path: '/keys', query: { q: 'query-secret' }, retry: false }),
      'TIMEOUT',
      ['timeout-token-1', 'query-secret', 'private-base', '/keys']
    )
    expect(failure.message).toBe(`127.0.0.1:${server.port} did not answer within 1 second.`)
    expect(server.hits).toHaveLength(1)
  })

  it('lets a request override the connection timeout', async () => {
    const server = await serve(silent)
    const client = createHttpClient({
      baseUrl: server.origin,
      auth: { scheme: 'none' },
      timeoutMs: 60_000
    })
    await expectFailure(
      client.request({ method: 'GET', path: '/', retry: false, timeoutMs: 150 }),
      'TIMEOUT'
    )
  })

  it('counts the body against the timeout, not just the headers', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.write('{"partial":')
    })
    const client = createHttpClient({
      baseUrl: server.origin,
      auth: { scheme: 'none' },
      timeoutMs: 200
    })
    await expectFailure(client.request({ method: 'GET', path: '/', retry: false }), 'TIMEOUT')
  })

  it('retries a timed-out retryable request, then reports TIMEOUT', async () => {
    const server = await serve(silent)
    const waits: number[] = []
    const client = createHttpClient(
      { baseUrl: server.origin, auth: { scheme: 'none' }, timeoutMs: 500, retries: 1 },
      { sleep: async (ms) => void waits.push(ms), random: () => 0 }
    )
    await expectFailure(client.request({ method: 'GET', path: '/', retry: true }), 'TIMEOUT')
    expect(server.hits).toHaveLength(2)
    expect(waits).toEqual([0])
  })
})

describe('network failures', () => {
  it('reports NETWORK for a closed port', async () => {
    const port = await closedPort()
    const failure = await expectFailure(
      createHttpClient({
        baseUrl: `http://127.0.0.1:${port}/base`,
        auth: { scheme: 'raw', value: Secret.fromString('raw-key-99') }
      }).request({
        method: 'GET',
        path: '/keys',
        retry: false
      }),
      'NETWORK',
      ['raw-key-99', '/base', '/keys']
    )
    expect(failure.message).toContain('refused')
  })

  it('reports NETWORK when the answer is larger than the client accepts', async () => {
    const server = await serve((_request, response) =>
      sendJson(response, 200, { blob: 'x'.repeat(4096) })
    )
    const client = createHttpClient(
      { baseUrl: server.origin, auth: { scheme: 'none' } },
      { maxResponseBytes: 1024 }
    )
    const failure = await expectFailure(
      client.request({ method: 'GET', path: '/', retry: false }),
      'NETWORK'
    )
    expect(failure.message).toContain('larger')
  })

  it('classifies undici and Node error codes, including nested causes and happy-eyeballs aggregates', () => {
    const wrap = (code: string): Error =>
      new TypeError('fetch failed https://h/p?token=s3cret', {
        cause: Object.assign(new Error(`x ${code}`), { code })
      })
    const cases: Array<[unknown, string]> = [
      [wrap('ECONNREFUSED'), 'NETWORK'],
      [wrap('ENOTFOUND'), 'NETWORK'],
      [wrap('ECONNRESET'), 'NETWORK'],
      [wrap('UND_ERR_SOCKET'), 'NETWORK'],
      [wrap('UND_ERR_CONNECT_TIMEOUT'), 'TIMEOUT'],
      [wrap('CERT_HAS_EXPIRED'), 'TLS'],
      [wrap('ERR_TLS_CERT_ALTNAME_INVALID'), 'TLS'],
      [wrap('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 'TLS'],
      [wrap('SELF_SIGNED_CERT_IN_CHAIN'), 'TLS'],
      [wrap('DEPTH_ZERO_SELF_SIGNED_CERT'), 'TLS'],
      [wrap('ERR_SSL_WRONG_VERSION_NUMBER'), 'TLS'],
      [
        new TypeError('fetch failed', {
          cause: new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })])
        }),
        'NETWORK'
      ],
      [new Error('something else entirely s3cret'), 'NETWORK']
    ]
    for (const [error, kind] of cases) {
      const failure = classifyTransportError(error, 'hub.example.com')
      expect(failure.kind, String((error as Error).cause ?? error)).toBe(kind)
      expect(failure.message).toContain('hub.example.com')
      expectNoSecrets(failure.message, ['s3cret', 'fetch failed'])
    }
    expect(classifyTransportError(wrap('CERT_HAS_EXPIRED'), 'h').message).toContain('expired')
    expect(classifyTransportError(wrap('ERR_TLS_CERT_ALTNAME_INVALID'), 'h').message).toContain(
      'different host name'
    )
  })
})

describe('logging', () => {
  it('logs method, host, a redacted path and the status, never a credential', async () => {
    const optidashKey = 'k3yAbCdEf0123456789xyz'
    const server = await serve((_request, response, { index }) =>
      index === 0 ? sendJson(response, 503, {}) : sendJson(response, 200, { ok: true })
    )
    const records: Array<{ level: LogLevel; message: string; fields?: Record<string, unknown> }> =
      []
    const client = createHttpClient(
      {
        baseUrl: server.origin,
        auth: { scheme: 'basic', user: Secret.fromString('master-key-0001') }
      },
      {
        logger: { log: (level, message, fields) => records.push({ level, message, fields }) },
        sleep: async () => undefined
      }
    )
    await client.request({
      method: 'GET',
      path: `/1.0/keys/${optidashKey}/usage`,
      query: { from: '2026-01-01' },
      retry: true,
      auth: { scheme: 'basic', user: Secret.fromString('short-key') }
    })
    const answer = records.find(
      (record) => record.message === 'HTTP answer' && record.fields?.status === 200
    )
    expect(answer?.fields).toMatchObject({
      method: 'GET',
      host: `127.0.0.1:${server.port}`,
      attempt: 2
    })
    expect(answer?.fields?.path).toBe('/1.0/keys/[redacted]/usage?[redacted]')
    expect(records.some((record) => record.message === 'HTTP retry')).toBe(true)
    const everything = JSON.stringify(records)
    expectNoSecrets(everything, [optidashKey, 'short-key', 'master-key-0001', '2026-01-01'])
  })

  it('scrubs a short credential from a logged path by value', async () => {
    const server = await serve((_request, response) => sendJson(response, 200, {}))
    const records: string[] = []
    const client = createHttpClient(
      { baseUrl: server.origin, auth: { scheme: 'basic', user: Secret.fromString('abc12') } },
      {
        logger: {
          log: (_level, message, fields) => records.push(JSON.stringify({ message, fields }))
        }
      }
    )
    await client.request({ method: 'GET', path: '/1.0/keys/abc12', retry: true })
    expect(records.join('\n')).toContain('/1.0/keys/[redacted]')
    expectNoSecrets(records.join('\n'), ['abc12'])
  })
})
