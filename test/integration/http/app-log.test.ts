// Integration tests that the HTTP client's warnings (certificate checks off, failures, retries) reach the app's log file, scrubbed; runs in vitest (node).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createHttpClientFactory } from '../../../src-main/adapters/http/http-client'
import { createFileLogger } from '../../../src-main/adapters/logging/file-logger'
import { HttpFailure } from '../../../src-main/core/ports/http.port'
import { Secret } from '../../../src-main/common/secret'
import type { Logger } from '../../../src-main/core/ports/logger.port'
import { expectNoSecrets } from './failure-assertions'
import { closedPort, sendJson, startServer, type LocalServer } from './local-server'

const token = 'app-log-token-0123456789'
const optidashKey = 'opk9f8e7d6c5b4a3928170'
const queryValue = 'query-value-secret'

let dataDir: string | undefined
let server: LocalServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  dataDir = undefined
})

/** The log a composition root makes (`createFileLogger`) and the factory it hands to core. */
const appLog = () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hk-http-log-'))
  const logger = createFileLogger({ dataDir })
  const text = () => readFileSync(logger.path, 'utf8')
  const lines = () =>
    text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { level: string; message: string; fields?: object })
  return { http: createHttpClientFactory(logger), text, lines }
}

const request = {
  method: 'GET' as const,
  path: `/1.0/keys/${optidashKey}/usage`,
  query: { from: queryValue },
  retry: true
}

describe('HTTP client warnings in the app log', () => {
  it('logs that certificate checks are off, and the failure that follows', async () => {
    const log = appLog()
    server = await startServer((_request, response) => sendJson(response, 200, {}))
    const client = log.http({
      // An https address on a plain HTTP port: the handshake fails after the warning.
      baseUrl: `https://127.0.0.1:${server.port}`,
      auth: { scheme: 'bearer', token: Secret.fromString(token) },
      allowInvalidCertificate: true,
      retries: 0
    })
    await expect(client.request(request)).rejects.toBeInstanceOf(HttpFailure)
    const lines = log.lines()
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'Certificate checks are off for this connection',
        fields: { host: `127.0.0.1:${server.port}` }
      })
    )
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'HTTP request failed',
        fields: expect.objectContaining({
          failure: 'TLS',
          path: '/1.0/keys/[redacted]/usage?[redacted]',
          reason: expect.stringContaining(`127.0.0.1:${server.port}`)
        })
      })
    )
    expectNoSecrets(log.text(), [token, optidashKey, queryValue])
  })

  it('logs network failures and each retry, without the credential', async () => {
    const log = appLog()
    const client = log.http({
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      auth: {
        scheme: 'basic',
        user: Secret.fromString('basic-user-secret'),
        password: Secret.fromString('basic-password-secret')
      },
      retries: 1
    })
    await expect(client.request(request)).rejects.toMatchObject({ kind: 'NETWORK' })
    const messages = log.lines().map((line) => `${line.level} ${line.message}`)
    expect(messages).toEqual([
      'warn HTTP request failed',
      'info HTTP retry',
      'warn HTTP request failed'
    ])
    expectNoSecrets(log.text(), [
      optidashKey,
      queryValue,
      'basic-user-secret',
      'basic-password-secret'
    ])
  })

  it('hands a logger that does not scrub its own retries without a credential', async () => {
    const records: unknown[] = []
    const raw: Logger = {
      log: (level, message, fields) => records.push({ level, message, fields })
    }
    server = await startServer((_request, response) => sendJson(response, 503, {}))
    const client = createHttpClientFactory(raw)({
      baseUrl: server.origin,
      auth: { scheme: 'raw', value: Secret.fromString(token) },
      retries: 1
    })
    expect((await client.request(request)).status).toBe(503)
    expect(JSON.stringify(records)).toContain('HTTP retry')
    expectNoSecrets(JSON.stringify(records), [token, optidashKey, queryValue])
  })
})
