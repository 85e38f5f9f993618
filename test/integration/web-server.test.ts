// Integration tests of web mode (node): the loopback server's socket and HTTP guards, and `web.js` as a process.
import { createHash } from 'node:crypto'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { connect, createServer, type AddressInfo } from 'node:net'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { WebSocket, type RawData } from 'ws'
import {
  defaultLockAfterLastPageMs,
  startWebServer,
  type WebServer
} from '../../src-main/web/web-server'
import { createAppCore, type AppCore } from '../../src-main/core/app-core'
import { openSqliteStores } from '../../src-main/adapters/sqlite/sqlite-stores'
import { httpClientFactory } from '../../src-main/adapters/http/http-client'
import { createArgon2Kdf } from '../../src-main/adapters/crypto/argon2.kdf'
import { openConfPreferences } from '../../src-main/adapters/preferences/conf.preferences'
import { transport } from '../../src-main/contract/api'
import { decodeBinaryFrame } from '../../src-main/contract/binary-frame'
import { eventNames } from '../../src-main/contract/names'
import { contentSecurityPolicy } from '../../src-main/core/security/csp'
import { ensureBuilt, spawnWebMode, waitForExit, webEntry } from '../helpers/spawn-web-mode'
import { createTestCore } from '../helpers/test-core'

const secretText = 'OUTSIDE-THE-RENDERER-DIR'
const indexSource = `<!doctype html>
<html>
  <head>
    <title>t</title>
    <script type="module" src="./assets/app.js"></script>
  </head>
  <body></body>
</html>`
const appSource = 'export const app = 1\n'
const bridgeSource = 'void 0\n'
const sha256 = (text: string) => `sha256-${createHash('sha256').update(text).digest('base64')}`
const scripts = { 'assets/app.js': sha256(appSource), 'web-bridge.js': sha256(bridgeSource) }
/** The policy for the manifest above: its two hashes, and nothing else, allow scripts. */
const hashedPolicy = contentSecurityPolicy.replace(
  "script-src 'none'",
  `script-src '${Object.values(scripts).sort().join("' '")}'`
)

let root: string
let rendererDir: string
let facts: { name: string; version: string; mode: 'web'; dataDir: string; platform: string }
let store: ReturnType<typeof openSqliteStores>
let core: AppCore
let server: WebServer

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hubkeys-web-server-'))
  rendererDir = join(root, 'renderer')
  await mkdir(join(rendererDir, 'assets'), { recursive: true })
  await writeFile(join(rendererDir, 'index.html'), indexSource)
  await writeFile(join(rendererDir, 'assets/app.js'), appSource)
  await writeFile(join(rendererDir, 'web-bridge.js'), bridgeSource)
  await writeFile(join(rendererDir, 'csp-hashes.json'), JSON.stringify({ scripts }))
  // Files beside the renderer folder that a traversal would reach.
  await writeFile(join(root, 'package.json'), JSON.stringify({ secret: secretText }))
  await writeFile(join(root, 'secret.js'), `// ${secretText}\n`)
  // The same composition as src-main/web/serve.ts: a real core over real adapters in a temp folder.
  const dataDir = join(root, 'data')
  facts = { name: 'Hubkeys', version: '9.8.7', mode: 'web', dataDir, platform: 'linux' }
  store = openSqliteStores({ dataDir })
  core = createAppCore({
    facts,
    stores: store,
    kdf: createArgon2Kdf(),
    http: httpClientFactory,
    preferences: openConfPreferences(dataDir),
    now: () => 1234
  })
  server = await startWebServer({ rendererDir, dispatch: core.dispatch, events: core.events })
})

afterAll(async () => {
  await server?.close()
  await core?.close()
  store?.close()
  await rm(root, { recursive: true, force: true })
})

interface SocketOptions {
  protocols?: string[]
  origin?: string
  host?: string
  path?: string
  port?: number
}

type Opened = { kind: 'open'; ws: WebSocket } | { kind: 'refused'; status: number }

const origin = () => `http://127.0.0.1:${server.port}`
const goodProtocols = () => [transport.wsProtocol, `${transport.wsTokenPrefix}${server.token}`]

/** Opens a socket and reports either the open socket or the HTTP status the server refused it with. */
const openSocket = (options: SocketOptions = {}): Promise<Opened> =>
  new Promise((resolve, reject) => {
    const port = options.port ?? server.port
    const ws = new WebSocket(
      `ws://127.0.0.1:${port}${options.path ?? transport.wsPath}`,
      options.protocols ?? goodProtocols(),
      {
        ...(options.origin === '' ? {} : { origin: options.origin ?? origin() }),
        ...(options.host ? { headers: { Host: options.host } } : {})
      }
    )
    ws.once('open', () => resolve({ kind: 'open', ws }))
    ws.once('unexpected-response', (req, res) => {
      resolve({ kind: 'refused', status: res.statusCode ?? 0 })
      req.destroy()
    })
    ws.once('error', reject)
  })

const openGood = async (options: SocketOptions = {}): Promise<WebSocket> => {
  const opened = await openSocket(options)
  if (opened.kind !== 'open') throw new Error(`socket refused with ${opened.status}`)
  return opened.ws
}

const nextMessage = (ws: WebSocket): Promise<unknown> =>
  new Promise((resolve) =>
    ws.once('message', (data: RawData) => resolve(JSON.parse(data.toString())))
  )

const closed = (ws: WebSocket): Promise<{ code: number; reason: string }> =>
  new Promise((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  )

const call = async (ws: WebSocket, id: number, channel: unknown, payload?: unknown) => {
  const answer = nextMessage(ws)
  ws.send(JSON.stringify({ id, channel, payload }))
  return answer
}

interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A raw HTTP request: fetch would normalise `..` and refuse to send a foreign Host header. */
const rawGet = (
  path: string,
  options: { host?: string; method?: string } = {}
): Promise<RawResponse> =>
  new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.method ?? 'GET',
        headers: { Host: options.host ?? `127.0.0.1:${server.port}` }
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      }
    )
    req.on('error', reject)
    req.end()
  })

describe('web server: WebSocket bridge', () => {
  it('answers app:ping over a socket with the token and our Origin', async () => {
    const ws = await openGood()
    // The server agrees on the bridge protocol only; the token is never echoed back.
    expect(ws.protocol).toBe(transport.wsProtocol)
    expect(await call(ws, 1, 'app:ping', { nonce: 'n-1' })).toEqual({
      id: 1,
      result: { ok: true, value: { pong: true, at: 1234, nonce: 'n-1' } }
    })
    expect(await call(ws, 2, 'app:info', {})).toEqual({ id: 2, result: { ok: true, value: facts } })
    ws.close()
  })

  it('accepts the localhost spelling of our own origin', async () => {
    const ws = await openGood({
      origin: `http://localhost:${server.port}`,
      host: `localhost:${server.port}`
    })
    expect(await call(ws, 7, 'app:ping', {})).toMatchObject({ id: 7, result: { ok: true } })
    ws.close()
  })

  it('answers UNKNOWN_CHANNEL and BAD_REQUEST as envelopes and keeps the socket open', async () => {
    const ws = await openGood()
    expect(await call(ws, 1, 'nope:never', {})).toMatchObject({
      id: 1,
      result: { ok: false, error: { code: 'UNKNOWN_CHANNEL' } }
    })
    expect(await call(ws, 2, 'app:ping', { nonce: 5, extra: true })).toMatchObject({
      id: 2,
      result: { ok: false, error: { code: 'BAD_REQUEST' } }
    })
    expect(await call(ws, 3, 'app:ping', {})).toMatchObject({ id: 3, result: { ok: true } })
    ws.close()
  })

  it('answers with Float64Array columns as one binary frame that decodes to the same answer', async () => {
    const requests = Float64Array.from({ length: 5000 }, (_, i) => i % 97)
    const bytes = Float64Array.from({ length: 5000 }, (_, i) => (i === 3 ? Number.NaN : i * 0.5))
    const columns = await startWebServer({
      rendererDir,
      dispatch: async (channel) =>
        channel === 'usage:read'
          ? { ok: true, value: { series: [{ subject: 'k', requests, bytes }] } }
          : { ok: true, value: { pong: true } },
      events: core.events
    })
    try {
      const ws = await openGood({
        port: columns.port,
        origin: `http://127.0.0.1:${columns.port}`,
        protocols: [transport.wsProtocol, `${transport.wsTokenPrefix}${columns.token}`]
      })
      const frame = new Promise<{ data: RawData; isBinary: boolean }>((resolve) =>
        ws.once('message', (data: RawData, isBinary: boolean) => resolve({ data, isBinary }))
      )
      ws.send(JSON.stringify({ id: 4, channel: 'usage:read', payload: {} }))
      const { data, isBinary } = await frame
      expect(isBinary).toBe(true)
      const bytesIn = data as Buffer
      // The browser gets the frame in an ArrayBuffer of its own.
      const answer = decodeBinaryFrame(Uint8Array.from(bytesIn).buffer) as {
        id: number
        result: {
          value: { series: [{ subject: string; requests: Float64Array; bytes: Float64Array }] }
        }
      }
      expect(answer.id).toBe(4)
      const [series] = answer.result.value.series
      expect(series.subject).toBe('k')
      expect(Array.from(series.requests)).toEqual(Array.from(requests))
      expect(Array.from(series.bytes)).toEqual(Array.from(bytes))
      // Request counts fit a byte each; the bytes column (a NaN, halves) keeps 64 bits.
      expect(bytesIn.byteLength).toBeLessThan(5000 * (1 + 8) + 1024)
      // Answers without columns stay JSON text.
      expect(await call(ws, 5, 'app:ping', {})).toEqual({
        id: 5,
        result: { ok: true, value: { pong: true } }
      })
      ws.close()
    } finally {
      await columns.close()
    }
  })

  it('forwards core events to connected sockets', async () => {
    const ws = await openGood()
    const message = nextMessage(ws)
    // The bus does not check payloads; any contract event name shows the forwarding.
    const event = eventNames[0]
    core.events.emit(event, { probe: 1 } as never)
    expect(await message).toEqual({ event, payload: { probe: 1 } })
    ws.close()
  })

  it.each<[string, () => SocketOptions, number]>([
    ['no sub-protocol at all (a bare socket)', () => ({ protocols: [] }), 401],
    ['the bridge protocol without a token', () => ({ protocols: [transport.wsProtocol] }), 401],
    ['a token without the bridge protocol', () => ({ protocols: [`token.${server.token}`] }), 401],
    [
      'a wrong token of the same length',
      () => ({ protocols: [transport.wsProtocol, `token.${'0'.repeat(server.token.length)}`] }),
      401
    ],
    [
      'a prefix of the right token',
      () => ({ protocols: [transport.wsProtocol, `token.${server.token.slice(0, 32)}`] }),
      401
    ],
    ['a foreign Origin', () => ({ origin: 'http://evil.example' }), 403],
    ['a look-alike Origin on another port', () => ({ origin: 'http://127.0.0.1:1' }), 403],
    ['no Origin header', () => ({ origin: '' }), 403],
    [
      'a foreign Host header (DNS rebinding)',
      () => ({ host: `evil.example:${server.port}`, origin: `http://evil.example:${server.port}` }),
      421
    ],
    ['a foreign Host with our Origin', () => ({ host: `evil.example:${server.port}` }), 421],
    ['another path', () => ({ path: '/apix' }), 404],
    ['the root path', () => ({ path: '/' }), 404]
  ])('refuses a socket with %s', async (_label, options, status) => {
    expect(await openSocket(options())).toEqual({ kind: 'refused', status })
  })

  it.each(['http://[', '//evil.example/api', '/api/../api', '/API'])(
    'refuses an upgrade to request target %s and keeps serving',
    async (target) => {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(server.port, '127.0.0.1', () => {
          socket.write(
            [
              `GET ${target} HTTP/1.1`,
              `Host: 127.0.0.1:${server.port}`,
              `Origin: ${origin()}`,
              'Connection: Upgrade',
              'Upgrade: websocket',
              'Sec-WebSocket-Version: 13',
              'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
              `Sec-WebSocket-Protocol: ${goodProtocols().join(', ')}`,
              '',
              ''
            ].join('\r\n')
          )
        })
        let received = ''
        socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk))
        socket.on('end', () => resolve(received))
        socket.on('error', reject)
      })
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 404 Not found')
      const ws = await openGood()
      expect(await call(ws, 1, 'app:ping', {})).toMatchObject({ id: 1, result: { ok: true } })
      ws.close()
    }
  )

  it('answers a message at the size cap and closes the socket on one over it', async () => {
    const ws = await openGood()
    const envelope = JSON.stringify({ id: 1, channel: 'app:ping', payload: { nonce: '' } })
    const atCap = envelope.replace(
      '"nonce":""',
      `"nonce":"${'x'.repeat(transport.maxMessageBytes - envelope.length)}"`
    )
    expect(Buffer.byteLength(atCap)).toBe(transport.maxMessageBytes)
    const answer = nextMessage(ws)
    ws.send(atCap)
    // Too long a nonce for the contract, but it reached dispatch: the cap let it through.
    expect(await answer).toMatchObject({
      id: 1,
      result: { ok: false, error: { code: 'BAD_REQUEST' } }
    })

    const end = closed(ws)
    ws.send(atCap + ' ')
    expect((await end).code).toBe(1009)
  })

  it.each<[string, string | Buffer, number]>([
    ['malformed JSON', '{"id":1,', 1007],
    ['a message without a numeric id', JSON.stringify({ channel: 'app:ping', payload: {} }), 1008],
    ['JSON null', 'null', 1008],
    ['a binary frame', Buffer.from('{"id":1}'), 1003]
  ])('closes the socket on %s', async (_label, message, code) => {
    const ws = await openGood()
    const end = closed(ws)
    ws.send(message)
    expect((await end).code).toBe(code)
  })
})

describe('web server: HTTP', () => {
  it('serves index.html with the bridge script, with its integrity, before the bundle, and the CSP', async () => {
    for (const path of ['/', '/index.html']) {
      const res = await rawGet(path)
      expect(res.status).toBe(200)
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(res.headers['content-security-policy']).toBe(hashedPolicy)
      expect(res.headers['cache-control']).toBe('no-store')
      // Scripts by hash alone: 'self' would let any file served here run.
      const scriptSrc = String(res.headers['content-security-policy'])
        .split('; ')
        .find((directive) => directive.startsWith('script-src '))
      expect(scriptSrc?.split(' ').slice(1).sort()).toEqual(
        [sha256(appSource), sha256(bridgeSource)].map((hash) => `'${hash}'`).sort()
      )
      const bridge = res.body.indexOf(
        `<script src="/web-bridge.js" integrity="${sha256(bridgeSource)}"></script>`
      )
      expect(bridge).toBeGreaterThan(0)
      expect(bridge).toBeLessThan(res.body.indexOf('<script type="module"'))
      expect(res.body.match(/web-bridge\.js/g)).toHaveLength(1)
    }
  })

  it('serves the bundle files with the security headers', async () => {
    const res = await rawGet('/assets/app.js')
    expect(res.status).toBe(200)
    expect(res.body).toBe('export const app = 1\n')
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(res.headers['content-security-policy']).toBe(hashedPolicy)
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['x-frame-options']).toBe('DENY')
  })

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await rawGet('/', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
    const post = await rawGet('/', { method: 'POST' })
    expect(post.status).toBe(405)
    expect(post.headers['content-security-policy']).toBe(hashedPolicy)
  })

  it('serves with node fetch too (the ordinary client path)', async () => {
    const res = await fetch(server.url)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toBe(hashedPolicy)
  })

  it('refuses a foreign Host header (DNS rebinding) with 421', async () => {
    const res = await rawGet('/', { host: `evil.example:${server.port}` })
    expect(res.status).toBe(421)
    expect(res.body).not.toContain('web-bridge')
    expect(res.headers['content-security-policy']).toBe(hashedPolicy)
  })

  it.each([
    '/../package.json',
    '/../secret.js',
    '/%2e%2e/package.json',
    '/%2E%2E/secret.js',
    '/..%2fpackage.json',
    '/%2e%2e%2fsecret.js',
    '/assets/..%2f..%2fsecret.js',
    '/assets/%2e%2e/%2e%2e/secret.js',
    '/..%5csecret.js',
    '/%2fetc%2fpasswd',
    '//etc/passwd',
    '/assets/app.js%00.html',
    '/nope.js',
    '/assets',
    '/assets/'
  ])('answers %s with 404 and nothing from outside', async (path) => {
    const res = await rawGet(path)
    expect(res.status).toBe(404)
    expect(res.body).not.toContain(secretText)
    expect(res.body).not.toContain('root:')
    expect(res.headers['content-security-policy']).toBe(hashedPolicy)
  })

  it('answers malformed percent-encoding with 400', async () => {
    const res = await rawGet('/%E0%A4%A')
    expect(res.status).toBe(400)
    expect(res.headers['content-security-policy']).toBe(hashedPolicy)
  })
})

describe('web server: the build it serves', () => {
  const renderer = async (files: Record<string, string>) => {
    const dir = await mkdtemp(join(root, 'renderer-'))
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text)
    return dir
  }
  const start = (dir: string) =>
    startWebServer({ rendererDir: dir, dispatch: core.dispatch, events: core.events })

  it('does not start without the hash manifest, or with one that lacks the bridge', async () => {
    await expect(start(await renderer({ 'index.html': indexSource }))).rejects.toThrow(
      /csp-hashes\.json/
    )
    const noBridge = { scripts: { 'assets/app.js': scripts['assets/app.js'] } }
    await expect(
      start(
        await renderer({ 'index.html': indexSource, 'csp-hashes.json': JSON.stringify(noBridge) })
      )
    ).rejects.toThrow('csp-hashes.json has no hash for web-bridge.js')
  })

  it('refuses a manifest whose hash could smuggle text into the header', async () => {
    const forged = { scripts: { ...scripts, 'web-bridge.js': "x'; script-src 'unsafe-inline" } }
    await expect(
      start(
        await renderer({ 'index.html': indexSource, 'csp-hashes.json': JSON.stringify(forged) })
      )
    ).rejects.toThrow('csp-hashes.json is malformed')
  })
})

describe('web server: locking after the last page closed', () => {
  const lockAfterMs = 300
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

  /** A server over its own core with an unlocked vault, and every lock it announces. */
  const lockable = async () => {
    const own = createTestCore()
    await own.dispatch(
      'vault:create',
      { password: 'correct horse battery staple' },
      {
        transport: 'test'
      }
    )
    const locks: unknown[] = []
    own.events.onAny((event, payload) => event === 'vault:locked' && locks.push(payload))
    const web = await startWebServer({
      rendererDir,
      dispatch: own.dispatch,
      events: own.events,
      lockAfterLastPageMs: lockAfterMs
    })
    const page = () =>
      openGood({
        port: web.port,
        origin: `http://127.0.0.1:${web.port}`,
        protocols: [transport.wsProtocol, `${transport.wsTokenPrefix}${web.token}`]
      })
    const closePage = async (ws: WebSocket) => {
      const end = closed(ws)
      ws.close()
      await end
    }
    const stop = async () => {
      await web.close()
      await own.close()
    }
    return { own, web, locks, page, closePage, stop }
  }

  it('waits a minute by default', () => {
    expect(defaultLockAfterLastPageMs).toBe(60_000)
  })

  it('locks the vault once no page has been open for the set time', async () => {
    const { own, locks, page, closePage, stop } = await lockable()
    try {
      await closePage(await page())
      expect(own.vault.isUnlocked()).toBe(true)
      await vi.waitFor(() => expect(own.vault.isUnlocked()).toBe(false), { timeout: 3_000 })
      expect(locks).toEqual([{ reason: 'manual' }])
    } finally {
      await stop()
    }
  })

  it('stays unlocked while a page is open, and a page reconnecting in time cancels the lock', async () => {
    const { own, locks, page, closePage, stop } = await lockable()
    try {
      const first = await page()
      const second = await page()
      await closePage(first)
      await sleep(lockAfterMs * 2)
      expect(own.vault.isUnlocked()).toBe(true)

      // The last page goes (a reload) and a new one connects before the time is up.
      await closePage(second)
      await sleep(lockAfterMs / 3)
      const reloaded = await page()
      await sleep(lockAfterMs * 2)
      expect(own.vault.isUnlocked()).toBe(true)
      expect(locks).toEqual([])

      // The timer starts again from the last close.
      await closePage(reloaded)
      await vi.waitFor(() => expect(own.vault.isUnlocked()).toBe(false), { timeout: 3_000 })
    } finally {
      await stop()
    }
  })

  it('arms nothing when the server itself closes its pages', async () => {
    const { own, web, page } = await lockable()
    try {
      await page()
      await web.close()
      await sleep(lockAfterMs * 2)
      expect(own.vault.isUnlocked()).toBe(true)
    } finally {
      await own.close()
    }
  })
})

describe('web server: close', () => {
  it('resolves, drops open sockets and frees the port', async () => {
    const own = await startWebServer({ rendererDir, dispatch: core.dispatch, events: core.events })
    const ws = await openGood({
      port: own.port,
      origin: `http://127.0.0.1:${own.port}`,
      protocols: [transport.wsProtocol, `token.${own.token}`]
    })
    const end = closed(ws)
    await expect(own.close()).resolves.toBeUndefined()
    await end

    // The same port can be bound again at once.
    const probe = createServer()
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject)
      probe.listen(own.port, '127.0.0.1', () => resolve())
    })
    expect((probe.address() as AddressInfo).port).toBe(own.port)
    await new Promise<void>((resolve) => probe.close(() => resolve()))

    const again = await startWebServer({
      rendererDir,
      dispatch: core.dispatch,
      events: core.events,
      port: own.port
    })
    expect(again.port).toBe(own.port)
    await again.close()
  })

  it('makes a new token per server unless one is given', async () => {
    const a = await startWebServer({ rendererDir, dispatch: core.dispatch, events: core.events })
    const b = await startWebServer({ rendererDir, dispatch: core.dispatch, events: core.events })
    try {
      expect(a.token).toMatch(/^[0-9a-f]{64}$/)
      expect(a.token).not.toBe(b.token)
      expect(a.openUrl).toBe(`http://127.0.0.1:${a.port}/#token=${a.token}`)
    } finally {
      await a.close()
      await b.close()
    }
  })
})

describe('web mode as a process (out/main/web.js)', () => {
  beforeAll(() => ensureBuilt())

  it.each<NodeJS.Signals>(['SIGTERM', 'SIGINT'])(
    'prints its address as one JSON line, serves, and exits 0 on %s',
    async (signal) => {
      const web = await spawnWebMode()
      let ended: Awaited<ReturnType<typeof web.stop>> | undefined
      try {
        expect(web.url).toBe(`http://127.0.0.1:${web.port}/`)
        expect(web.openUrl).toMatch(
          new RegExp(`^http://127\\.0\\.0\\.1:${web.port}/#token=[0-9a-f]{64}$`)
        )
        const res = await fetch(web.url)
        expect(res.status).toBe(200)
        expect(await res.text()).toContain('/web-bridge.js')
        // An open socket must not keep the process alive after the signal.
        const token = new URL(web.openUrl).hash.slice('#token='.length)
        await openGood({
          port: web.port,
          origin: `http://127.0.0.1:${web.port}`,
          protocols: [transport.wsProtocol, `token.${token}`]
        })
      } finally {
        ended = await web.stop(signal)
      }
      expect(ended).toEqual({ code: 0, signal: null })
      expect(web.stderr()).toBe('')
    }
  )

  it.each([['abc'], ['1.5'], ['-1'], ['70000'], ['']])(
    'exits 2 with one line on --port %j',
    async (value) => {
      const child = spawn(process.execPath, [webEntry, '--json', '--port', value], {
        stdio: ['ignore', 'pipe', 'pipe']
      })
      let stdout = ''
      let stderr = ''
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
      expect(await waitForExit(child)).toEqual({ code: 2, signal: null })
      expect(stdout).toBe('')
      expect(stderr.trimEnd().split('\n')).toHaveLength(1)
      expect(stderr).toContain('--port')
    }
  )
})
