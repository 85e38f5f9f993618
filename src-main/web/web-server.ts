// Web mode's HTTP and WebSocket server on loopback: serves the built renderer and bridges the contract.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { encodeBinaryFrame } from '../contract/binary-frame'
import { transport } from '../contract/api'
import type { Dispatch } from '../core/dispatch'
import type { EventBus } from '../core/events'
import {
  contentSecurityPolicyFor,
  contentTypes,
  cspHashManifestFile,
  parseCspHashManifest,
  securityHeadersFor
} from '../core/security/csp'

export interface WebServerOptions {
  rendererDir: string
  dispatch: Dispatch
  events: EventBus
  /** 0 picks a free port. */
  port?: number
  /** Fixed token for tests; otherwise 32 random bytes per run. */
  token?: string
  /**
   * How long after the last page's bridge socket closed the vault locks (default a minute): a closed
   * tab must not leave the vault open to whoever finds the address and token later. A page that
   * reconnects in time (a reload) keeps it open. 0 turns it off.
   */
  lockAfterLastPageMs?: number
  /** Locks the vault; by default through the bridge's dispatch (`vault:lock`). */
  lockVault?: () => unknown
}

export const defaultLockAfterLastPageMs = 60_000

export interface WebServer {
  url: string
  port: number
  token: string
  /** The address to open, token in the fragment so it never reaches a server log. */
  openUrl: string
  close(): Promise<void>
}

/** The web-mode stand-in for the preload, built beside the bundle (electron.vite.config.ts). */
const bridgeFile = 'web-bridge.js'

const sameSecret = (a: string, b: string): boolean => {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

const refuseUpgrade = (socket: Duplex, status: number, reason: string) => {
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${reason.length}\r\n\r\n${reason}`
  )
}

export const startWebServer = async (options: WebServerOptions): Promise<WebServer> => {
  const token = options.token ?? randomBytes(32).toString('hex')
  const rendererRoot = normalize(options.rendererDir + sep)
  let allowedHosts = new Set<string>()
  let allowedOrigins = new Set<string>()

  // The build's script hashes, read once: the policy allows exactly those scripts, and the bridge's
  // tag carries its hash as integrity, without which Chromium would not match it to the policy.
  const manifest = parseCspHashManifest(
    await readFile(join(rendererRoot, cspHashManifestFile), 'utf8')
  )
  const bridgeHash = manifest.scripts[bridgeFile]
  if (!bridgeHash) throw new Error(`${cspHashManifestFile} has no hash for ${bridgeFile}`)
  const securityHeaders = securityHeadersFor(contentSecurityPolicyFor(manifest))

  // The bridge is added to the page here, so the renderer bundle itself is the one Electron loads.
  const bridgeTag = `<script src="/${bridgeFile}" integrity="${bridgeHash}"></script>`
  const indexHtml = (await readFile(join(rendererRoot, 'index.html'), 'utf8')).replace(
    /<script\b/,
    `${bridgeTag}\n    <script`
  )

  const send = (res: ServerResponse, status: number, body: string | Buffer, type: string) => {
    res.writeHead(status, {
      ...securityHeaders,
      'Content-Type': type,
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'no-cache'
    })
    res.end(res.req.method === 'HEAD' ? undefined : body)
  }

  const serveStatic = async (req: IncomingMessage, res: ServerResponse) => {
    // Host check defeats DNS rebinding: a page on evil.example resolving to 127.0.0.1 is refused.
    if (!allowedHosts.has(req.headers.host ?? ''))
      return send(res, 421, 'Misdirected request', 'text/plain')
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'Method not allowed', 'text/plain')
    let pathname: string
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname)
    } catch {
      return send(res, 400, 'Bad request', 'text/plain')
    }
    if (pathname === '/' || pathname === '/index.html') {
      return send(res, 200, indexHtml, contentTypes['.html'] as string)
    }
    const file = normalize(join(rendererRoot, pathname))
    if (!file.startsWith(rendererRoot) || pathname.includes('\0')) {
      return send(res, 404, 'Not found', 'text/plain')
    }
    const type = contentTypes[extname(file)]
    try {
      if (!type || !(await stat(file)).isFile()) return send(res, 404, 'Not found', 'text/plain')
      return send(res, 200, await readFile(file), type)
    } catch {
      return send(res, 404, 'Not found', 'text/plain')
    }
  }

  const server = createServer((req, res) => {
    serveStatic(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'Internal error', 'text/plain')
      else res.destroy()
    })
  })

  /** Binary when the message holds Float64Array columns (usage series), else JSON text. */
  const wireForm = (message: unknown): string | Uint8Array =>
    encodeBinaryFrame(message) ?? JSON.stringify(message)

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: transport.maxMessageBytes,
    handleProtocols: () => transport.wsProtocol
  })
  const clients = new Set<WebSocket>()

  const lockAfterMs = options.lockAfterLastPageMs ?? defaultLockAfterLastPageMs
  const lockVault =
    options.lockVault ?? (() => options.dispatch('vault:lock', {}, { transport: 'ws' }))
  let lockTimer: ReturnType<typeof setTimeout> | undefined
  let closing = false
  const cancelLock = () => {
    if (lockTimer) clearTimeout(lockTimer)
    lockTimer = undefined
  }
  const lockIfNoPage = () => {
    if (closing || clients.size > 0 || lockAfterMs <= 0) return
    cancelLock()
    lockTimer = setTimeout(() => {
      lockTimer = undefined
      // Dispatch answers failures as results; a throwing custom lock must not crash web mode.
      if (clients.size === 0)
        void Promise.resolve()
          .then(lockVault)
          .catch(() => undefined)
    }, lockAfterMs)
    // The server keeps the process alive; this timer must not keep a closing one.
    lockTimer.unref?.()
  }

  server.on('upgrade', (req, socket, head) => {
    // Node drops its own error listener from upgrade sockets; a reset here must not crash web mode.
    socket.on('error', () => socket.destroy())
    // The raw request target, not a parsed URL: `new URL` throws on some targets (crashing the
    // process from an event handler) and folds `//host/api` or `/x/../api` into the bridge path.
    const path = (req.url ?? '').split('?')[0]
    if (path !== transport.wsPath) return refuseUpgrade(socket, 404, 'Not found')
    if (!allowedHosts.has(req.headers.host ?? ''))
      return refuseUpgrade(socket, 421, 'Misdirected request')
    // Browsers always send Origin on a WebSocket; only our own page's origin may connect.
    if (!allowedOrigins.has(req.headers.origin ?? ''))
      return refuseUpgrade(socket, 403, 'Forbidden origin')
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim())
    const presented = offered.find((p) => p.startsWith(transport.wsTokenPrefix))
    if (
      !offered.includes(transport.wsProtocol) ||
      !presented ||
      !sameSecret(presented.slice(transport.wsTokenPrefix.length), token)
    ) {
      return refuseUpgrade(socket, 401, 'Unauthorized')
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })

  wss.on('connection', (ws: WebSocket) => {
    clients.add(ws)
    cancelLock()
    ws.on('close', () => {
      clients.delete(ws)
      lockIfNoPage()
    })
    ws.on('error', () => ws.terminate())
    ws.on('message', (raw, isBinary) => {
      if (isBinary) return ws.close(1003, 'Text frames only')
      let message: { id?: unknown; channel?: unknown; payload?: unknown }
      try {
        message = JSON.parse(raw.toString())
      } catch {
        return ws.close(1007, 'Malformed JSON')
      }
      const id = message?.id
      if (typeof id !== 'number' || !Number.isSafeInteger(id)) return ws.close(1008, 'Missing id')
      void options
        .dispatch(message.channel, message.payload, { transport: 'ws' })
        .then((result) => {
          if (ws.readyState === ws.OPEN) ws.send(wireForm({ id, result }))
        })
    })
  })

  const stopEvents = options.events.onAny((event, payload) => {
    const frame = wireForm({ event, payload })
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(frame)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('web mode could not read its port')
  const port = address.port
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  allowedOrigins = new Set([...allowedHosts].map((host) => `http://${host}`))
  const url = `http://127.0.0.1:${port}/`

  return {
    url,
    port,
    token,
    openUrl: `${url}#token=${token}`,
    async close() {
      closing = true
      stopEvents()
      cancelLock()
      for (const ws of clients) ws.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
