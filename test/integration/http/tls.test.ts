// Integration tests of the HTTP adapter's per-connection TLS: default trust, a custom CA (PEM), the explicit insecure switch; certificates made with openssl at test time.
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpClient } from '../../../src-main/adapters/http/http-client'
import type { LogLevel } from '../../../src-main/core/ports/logger.port'
import {
  countNetworkEvents,
  sendJson,
  startServer,
  type LocalServer,
  type TlsMaterial
} from './local-server'
import { expectFailure } from './failure-assertions'
import { Secret } from '../../../src-main/common/secret'

let dir: string
let selfSigned: TlsMaterial
let caPem: string
let caSigned: TlsMaterial
let wrongName: TlsMaterial
const servers: Record<'selfSigned' | 'caSigned' | 'wrongName' | 'plain', LocalServer> = {} as never

const openssl = (...args: string[]): void => {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
}

beforeAll(async () => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' })
  } catch {
    throw new Error(
      'These tests make throwaway certificates with the openssl command, which was not found on PATH; install openssl.'
    )
  }
  dir = await mkdtemp(join(tmpdir(), 'hubkeys-tls-'))
  const subjectAlt = 'subjectAltName=DNS:localhost,IP:127.0.0.1'
  // A self-signed leaf, as a self-hosted DCT appliance ships.
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'self.key',
    '-out',
    'self.crt',
    '-subj',
    '/CN=localhost',
    '-addext',
    subjectAlt,
    '-days',
    '2'
  )
  // A private CA and a leaf it signed, as a company PKI would issue.
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-subj',
    '/CN=Hubkeys Test CA',
    '-days',
    '2'
  )
  openssl(
    'req',
    '-new',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'leaf.key',
    '-out',
    'leaf.csr',
    '-subj',
    '/CN=localhost'
  )
  await writeFile(join(dir, 'leaf.ext'), `${subjectAlt}\n`)
  openssl(
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'leaf.crt',
    '-days',
    '2',
    '-extfile',
    'leaf.ext'
  )
  // A self-signed certificate for a different host name.
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'other.key',
    '-out',
    'other.crt',
    '-subj',
    '/CN=other.test',
    '-addext',
    'subjectAltName=DNS:other.test',
    '-days',
    '2'
  )
  const read = (name: string) => readFile(join(dir, name), 'utf8')
  selfSigned = { key: await read('self.key'), cert: await read('self.crt') }
  caPem = await read('ca.crt')
  caSigned = { key: await read('leaf.key'), cert: await read('leaf.crt') }
  wrongName = { key: await read('other.key'), cert: await read('other.crt') }
  const ok = (_request: unknown, response: Parameters<typeof sendJson>[0]) =>
    sendJson(response, 200, { ok: true })
  servers.selfSigned = await startServer(ok, selfSigned)
  servers.caSigned = await startServer(ok, caSigned)
  servers.wrongName = await startServer(ok, wrongName)
  servers.plain = await startServer(ok)
})

afterAll(async () => {
  await Promise.all(Object.values(servers).map((server) => server.close()))
  if (dir) await rm(dir, { recursive: true, force: true })
})

const token = 'tls-token-secret-1'
const get = (config: { baseUrl: string; caPem?: string; allowInvalidCertificate?: boolean }) =>
  createHttpClient({
    auth: { scheme: 'bearer', token: Secret.fromString(token) },
    ...config
  }).request({
    method: 'GET',
    path: '/keys',
    query: { q: 'query-secret' },
    retry: true
  })

describe('certificate checks', () => {
  it('refuses a self-signed certificate by default, suggesting a CA or the explicit switch', async () => {
    const failure = await expectFailure(get({ baseUrl: servers.selfSigned.origin }), 'TLS', [
      token,
      'query-secret',
      '/keys'
    ])
    expect(failure.message).toContain(`127.0.0.1:${servers.selfSigned.port}`)
    expect(failure.message).toMatch(/CA certificate/)
    expect(failure.message).toMatch(/allow-invalid-certificate/)
    expect(servers.selfSigned.hits).toHaveLength(0)
  })

  it('accepts the self-signed certificate when its PEM is the connection CA', async () => {
    const answer = await get({ baseUrl: servers.selfSigned.origin, caPem: selfSigned.cert })
    expect(answer).toMatchObject({ status: 200, json: { ok: true } })
  })

  it('refuses a leaf from a private CA by default and accepts it with that CA', async () => {
    await expectFailure(get({ baseUrl: servers.caSigned.origin }), 'TLS', [token])
    expect((await get({ baseUrl: servers.caSigned.origin, caPem })).status).toBe(200)
  })

  it('trusts a custom CA for its own connection only', async () => {
    await expectFailure(get({ baseUrl: servers.selfSigned.origin, caPem }), 'TLS')
    await expectFailure(get({ baseUrl: servers.selfSigned.origin }), 'TLS')
  })

  it('accepts any certificate with allowInvalidCertificate, and logs a warning', async () => {
    const records: Array<{ level: LogLevel; message: string }> = []
    const client = createHttpClient(
      {
        baseUrl: servers.selfSigned.origin,
        auth: { scheme: 'apk', token: Secret.fromString(token) },
        allowInvalidCertificate: true
      },
      { logger: { log: (level, message) => records.push({ level, message }) } }
    )
    expect((await client.request({ method: 'GET', path: '/', retry: true })).status).toBe(200)
    expect(
      records.some(
        (record) => record.level === 'warn' && /certificate checks are off/i.test(record.message)
      )
    ).toBe(true)
    expect(
      (await get({ baseUrl: servers.wrongName.origin, allowInvalidCertificate: true })).status
    ).toBe(200)
  })

  it('refuses a certificate issued for another host name, even with its CA', async () => {
    const failure = await expectFailure(
      get({ baseUrl: servers.wrongName.origin, caPem: wrongName.cert }),
      'TLS',
      [token]
    )
    expect(failure.message).toContain('different host name')
  })

  it('refuses an unreadable CA before connecting', async () => {
    const pastes = [
      '-----BEGIN CERTIFICATE-----\nnot-a-cert\n-----END CERTIFICATE-----',
      'not-a-cert at all',
      `${selfSigned.cert}\n-----BEGIN CERTIFICATE-----\nnot-a-cert\n-----END CERTIFICATE-----`,
      selfSigned.key
    ]
    for (const paste of pastes) {
      const events = await countNetworkEvents(async () => {
        const failure = await expectFailure(
          get({ baseUrl: servers.selfSigned.origin, caPem: paste }),
          'TLS',
          ['not-a-cert']
        )
        expect(failure.message).toContain('not a readable PEM certificate')
      })
      expect(events).toBe(0)
    }
  })

  it('reports TLS when an https URL points at a plain HTTP port', async () => {
    const failure = await expectFailure(
      get({ baseUrl: servers.plain.origin.replace('http:', 'https:') }),
      'TLS',
      [token]
    )
    expect(failure.message).toContain('HTTPS')
  })
})
