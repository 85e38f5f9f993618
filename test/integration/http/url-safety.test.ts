// Integration tests of the HTTP adapter's URL rules: HTTPS required except loopback, refused before any network I/O.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpClient } from '../../../src-main/adapters/http/http-client'
import { isLoopbackHost, parseBaseUrl } from '../../../src-main/adapters/http/request-url'
import { countNetworkEvents, sendJson, startServer, type LocalServer } from './local-server'
import { expectFailure } from './failure-assertions'
import { Secret } from '../../../src-main/common/secret'

let server: LocalServer

beforeAll(async () => {
  server = await startServer((_request, response) => sendJson(response, 200, {}))
})

afterAll(async () => {
  await server.close()
})

describe('https required except loopback', () => {
  it('refuses http:// to a non-loopback host without any network I/O', async () => {
    const token = 'never-sent-token-123'
    const events = await countNetworkEvents(async () => {
      const failure = await expectFailure(
        createHttpClient({
          baseUrl: 'http://hub.example.com/api',
          auth: { scheme: 'bearer', token: Secret.fromString(token) }
        }).request({
          method: 'GET',
          path: '/keys',
          query: { secret: 'q-secret-1' },
          retry: true
        }),
        'INSECURE_URL',
        [token, 'q-secret-1', '/api', '/keys']
      )
      expect(failure.message).toContain('hub.example.com')
      expect(failure.message).toContain('https://')
    })
    expect(events).toBe(0)
  })

  it('counts network I/O when there is some (so the check above can fail)', async () => {
    const events = await countNetworkEvents(() =>
      createHttpClient({ baseUrl: server.origin, auth: { scheme: 'none' } }).request({
        method: 'GET',
        path: '/',
        retry: false
      })
    )
    expect(events).toBeGreaterThan(0)
  })

  it('refuses http:// to a private address too', async () => {
    await expectFailure(
      createHttpClient({ baseUrl: 'http://10.0.0.5:8080', auth: { scheme: 'none' } }).request({
        method: 'GET',
        path: '/',
        retry: true
      }),
      'INSECURE_URL'
    )
  })

  it('refuses URLs with a user name or password, other schemes and garbage, without echoing them', async () => {
    for (const baseUrl of [
      'https://admin:pa55word@hub.example.com',
      'ftp://hub.example.com',
      'not a url pa55word'
    ]) {
      await expectFailure(
        createHttpClient({ baseUrl, auth: { scheme: 'none' } }).request({
          method: 'GET',
          path: '/',
          retry: true
        }),
        'INSECURE_URL',
        ['pa55word', 'admin']
      )
    }
  })

  it('allows plain http to loopback', async () => {
    const answer = await createHttpClient({
      baseUrl: server.origin,
      auth: { scheme: 'none' }
    }).request({
      method: 'GET',
      path: '/',
      retry: true
    })
    expect(answer.status).toBe(200)
  })

  it('knows which hosts are loopback', () => {
    for (const host of [
      'localhost',
      'LOCALHOST',
      'localhost.',
      '127.0.0.1',
      '127.8.9.10',
      '[::1]',
      '::1',
      '[::ffff:127.0.0.1]'
    ]) {
      expect(isLoopbackHost(host), host).toBe(true)
    }
    for (const host of [
      '0.0.0.0',
      '10.0.0.1',
      '192.168.1.1',
      '[::]',
      '[fe80::1]',
      'example.com',
      'localhost.example.com',
      '127.0.0.1.nip.io',
      'my-localhost'
    ]) {
      expect(isLoopbackHost(host), host).toBe(false)
    }
  })

  it('normalises loopback spellings the URL parser accepts', () => {
    expect(parseBaseUrl('http://127.1:8080/x').hostname).toBe('127.0.0.1')
    expect(parseBaseUrl('http://[::1]:8080').host).toBe('[::1]:8080')
    expect(parseBaseUrl('http://[::ffff:127.0.0.1]/').protocol).toBe('http:')
    expect(parseBaseUrl('https://hub.example.com/dct/v3#frag').href).toBe(
      'https://hub.example.com/dct/v3'
    )
  })
})
