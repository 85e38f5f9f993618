// Integration tests of the HTTP adapter against a loopback server: auth headers per scheme, URL joining, query, bodies, answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpClient } from '../../../src-main/adapters/http/http-client'
import { AppError } from '../../../src-main/contract/result'
import type { HttpAuth, HttpConnectionConfig } from '../../../src-main/core/ports/http.port'
import { sendJson, startServer, type LocalServer } from './local-server'
import { expectNoSecrets } from './failure-assertions'
import { Secret } from '../../../src-main/common/secret'

let server: LocalServer

beforeAll(async () => {
  server = await startServer((request, response, { hit }) => {
    const url = new URL(hit.url, 'http://x')
    if (url.pathname.endsWith('/text')) {
      response.writeHead(200, { 'content-type': 'text/plain', 'X-Custom-Header': 'Value' })
      response.end('hello')
    } else if (url.pathname.endsWith('/malformed')) {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end('{"unterminated":')
    } else if (url.pathname.endsWith('/untyped-json')) {
      response.writeHead(200)
      response.end('{"ok":true}')
    } else if (url.pathname.endsWith('/vnd')) {
      response.writeHead(200, { 'content-type': 'application/vnd.api+json' })
      response.end('{"data":[]}')
    } else if (url.pathname.endsWith('/empty')) {
      response.writeHead(204)
      response.end()
    } else if (url.pathname.endsWith('/moved')) {
      response.writeHead(302, { location: `http://127.0.0.1:${server.port}/elsewhere` })
      response.end()
    } else if (url.pathname.endsWith('/missing')) {
      sendJson(response, 404, { error: { title: 'not found' } })
    } else {
      sendJson(response, 200, { echo: true })
    }
  })
})

afterAll(async () => {
  await server.close()
})

const client = (auth: HttpAuth, extra: Partial<HttpConnectionConfig> = {}) =>
  createHttpClient({ baseUrl: server.origin, auth, ...extra })

const lastHit = () => {
  const hit = server.hits.at(-1)
  if (!hit) throw new Error('the server saw no request')
  return hit
}

describe('auth headers', () => {
  it('sends Bearer plus the extra headers (Cycle hub id)', async () => {
    const answer = await client({
      scheme: 'bearer',
      token: Secret.fromString('cycle-token-1'),
      extraHeaders: { 'X-Hub-Id': 'hub-42' }
    }).request({ method: 'GET', path: '/v1/hubs/current/api-keys', retry: true })
    expect(answer.status).toBe(200)
    expect(lastHit().headers.authorization).toBe('Bearer cycle-token-1')
    expect(lastHit().headers['x-hub-id']).toBe('hub-42')
    expect(lastHit().headers.accept).toBe('application/json')
  })

  it('sends apk <token> (DCT)', async () => {
    await client({ scheme: 'apk', token: Secret.fromString('1.dct-token') }).request({
      method: 'GET',
      path: '/x',
      retry: true
    })
    expect(lastHit().headers.authorization).toBe('apk 1.dct-token')
  })

  it('sends Basic with the key as user and an empty password (Optidash)', async () => {
    await client({ scheme: 'basic', user: Secret.fromString('master-key') }).request({
      method: 'GET',
      path: '/x',
      retry: true
    })
    const header = lastHit().headers.authorization ?? ''
    expect(header.startsWith('Basic ')).toBe(true)
    expect(Buffer.from(header.slice(6), 'base64').toString('utf8')).toBe('master-key:')
  })

  it('sends a raw Authorization value (Data Hub)', async () => {
    await client({ scheme: 'raw', value: Secret.fromString('datahub-key-7') }).request({
      method: 'GET',
      path: '/x',
      retry: true
    })
    expect(lastHit().headers.authorization).toBe('datahub-key-7')
  })

  it('sends no Authorization header for scheme none', async () => {
    await client({ scheme: 'none' }).request({ method: 'GET', path: '/x', retry: true })
    expect(lastHit().headers.authorization).toBeUndefined()
  })

  it('lets request.auth override the connection credential (verifying a key)', async () => {
    await client({ scheme: 'apk', token: Secret.fromString('master') }).request({
      method: 'POST',
      path: '/management/token-info',
      retry: true,
      auth: { scheme: 'apk', token: Secret.fromString('the-key-itself') }
    })
    expect(lastHit().headers.authorization).toBe('apk the-key-itself')
  })

  it('keeps the connection credential even when a request header names Authorization', async () => {
    await client({ scheme: 'bearer', token: Secret.fromString('real-token') }).request({
      method: 'GET',
      path: '/x',
      retry: true,
      headers: { Authorization: 'Bearer forged', 'X-Trace': 't1' }
    })
    expect(lastHit().headers.authorization).toBe('Bearer real-token')
    expect(lastHit().headers['x-trace']).toBe('t1')
  })

  it('refuses a credential with a line break without sending it or echoing it', async () => {
    const before = server.hits.length
    const secret = 'abc\r\nX-Injected: 1'
    const error = await client({ scheme: 'bearer', token: Secret.fromString(secret) })
      .request({ method: 'GET', path: '/x', retry: true })
      .catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('BAD_REQUEST')
    expectNoSecrets((error as AppError).message, ['abc', 'X-Injected'])
    expect(server.hits.length).toBe(before)
  })
})

describe('requests refused before sending', () => {
  it('refuses a header name HTTP cannot carry', async () => {
    const before = server.hits.length
    const error = await client({
      scheme: 'bearer',
      token: Secret.fromString('tok-abc-123'),
      extraHeaders: { 'X Hub Id': 'h' }
    })
      .request({ method: 'GET', path: '/x', retry: true })
      .catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('BAD_REQUEST')
    expectNoSecrets((error as AppError).message, ['tok-abc-123'])
    expect(server.hits.length).toBe(before)
  })

  it('refuses a body JSON cannot encode, sending nothing', async () => {
    const before = server.hits.length
    const error = await client({ scheme: 'none' })
      .request({ method: 'POST', path: '/x', json: { big: 10n }, retry: false })
      .catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('INTERNAL')
    expect(server.hits.length).toBe(before)
  })
})

describe('URL and query', () => {
  it('appends the path to a base URL that has a path of its own (DCT base path)', async () => {
    const dct = createHttpClient({ baseUrl: `${server.origin}/dct/v3`, auth: { scheme: 'none' } })
    await dct.request({ method: 'GET', path: '/management/api-clients', retry: true })
    expect(lastHit().url).toBe('/dct/v3/management/api-clients')
    const trailing = createHttpClient({
      baseUrl: `${server.origin}/dct/v3/`,
      auth: { scheme: 'none' }
    })
    await trailing.request({ method: 'GET', path: 'engines', retry: true })
    expect(lastHit().url).toBe('/dct/v3/engines')
  })

  it('serialises the query, skipping undefined and encoding bracketed keys', async () => {
    await client({ scheme: 'none' }).request({
      method: 'GET',
      path: '/v1/hubs/current/api-keys',
      query: {
        'page[number]': 2,
        'page[size]': 50,
        filter: 'a b&c',
        gone: undefined,
        active: true
      },
      retry: true
    })
    const url = lastHit().url
    expect(url).toBe(
      '/v1/hubs/current/api-keys?page%5Bnumber%5D=2&page%5Bsize%5D=50&filter=a+b%26c&active=true'
    )
    const parsed = new URL(url, 'http://x').searchParams
    expect(parsed.get('page[number]')).toBe('2')
    expect(parsed.get('filter')).toBe('a b&c')
    expect(parsed.has('gone')).toBe(false)
  })

  it('keeps the base URL query and a query written into the path', async () => {
    const withQuery = createHttpClient({
      baseUrl: `${server.origin}/api?tenant=t1`,
      auth: { scheme: 'none' }
    })
    await withQuery.request({
      method: 'GET',
      path: '/keys?cursor=abc',
      query: { limit: 10 },
      retry: true
    })
    expect(lastHit().url).toBe('/api/keys?tenant=t1&cursor=abc&limit=10')
  })

  it('keeps percent-encoded ids in the path as sent', async () => {
    await client({ scheme: 'none' }).request({
      method: 'DELETE',
      path: `/keys/${encodeURIComponent('a/b c')}`,
      retry: true
    })
    expect(lastHit().url).toBe('/keys/a%2Fb%20c')
    expect(lastHit().method).toBe('DELETE')
  })
})

describe('bodies and answers', () => {
  it('sends request.json as JSON', async () => {
    await client({ scheme: 'none' }).request({
      method: 'PATCH',
      path: '/x',
      json: { name: 'ci', ips: ['10.0.0.1'] },
      retry: false
    })
    expect(lastHit().method).toBe('PATCH')
    expect(lastHit().headers['content-type']).toBe('application/json')
    expect(JSON.parse(lastHit().body)).toEqual({ name: 'ci', ips: ['10.0.0.1'] })
  })

  it('returns status, lower-cased headers, text and parsed JSON', async () => {
    const answer = await client({ scheme: 'none' }).request({
      method: 'GET',
      path: '/text',
      retry: true
    })
    expect(answer).toMatchObject({ status: 200, text: 'hello', json: undefined, attempts: 1 })
    expect(answer.headers['x-custom-header']).toBe('Value')
    const json = await client({ scheme: 'none' }).request({
      method: 'GET',
      path: '/json',
      retry: true
    })
    expect(json.json).toEqual({ echo: true })
    const vnd = await client({ scheme: 'none' }).request({
      method: 'GET',
      path: '/vnd',
      retry: true
    })
    expect(vnd.json).toEqual({ data: [] })
  })

  it('parses an untyped JSON body, and keeps the text of a malformed one', async () => {
    const untyped = await client({ scheme: 'none' }).request({
      method: 'GET',
      path: '/untyped-json',
      retry: true
    })
    expect(untyped.json).toEqual({ ok: true })
    const malformed = await client({ scheme: 'none' }).request({
      method: 'GET',
      path: '/malformed',
      retry: true
    })
    expect(malformed.status).toBe(200)
    expect(malformed.json).toBeUndefined()
    expect(malformed.text).toBe('{"unterminated":')
    const empty = await client({ scheme: 'none' }).request({
      method: 'DELETE',
      path: '/empty',
      retry: true
    })
    expect(empty).toMatchObject({ status: 204, text: '', json: undefined })
  })

  it('returns non-2xx answers instead of throwing, and does not follow redirects', async () => {
    const missing = await client({ scheme: 'none' }).request({
      method: 'GET',
      path: '/missing',
      retry: true
    })
    expect(missing.status).toBe(404)
    expect(missing.json).toEqual({ error: { title: 'not found' } })
    const before = server.hits.length
    const moved = await client({
      scheme: 'bearer',
      token: Secret.fromString('secret-token')
    }).request({
      method: 'GET',
      path: '/moved',
      retry: true
    })
    expect(moved.status).toBe(302)
    expect(server.hits.length).toBe(before + 1)
  })
})
