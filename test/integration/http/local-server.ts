// Test helper: a real loopback HTTP(S) server that records every request and counts requests in flight; runs in vitest (node).
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { subscribe, unsubscribe } from 'node:diagnostics_channel'

export interface Hit {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

export type Handler = (
  request: IncomingMessage,
  response: ServerResponse,
  context: { hit: Hit; index: number; inFlight: () => number }
) => void | Promise<void>

export interface LocalServer {
  /** `http://127.0.0.1:<port>` (or https). */
  origin: string
  port: number
  hits: Hit[]
  /** Most requests the server was handling at the same moment. */
  maxInFlight: () => number
  inFlight: () => number
  close: () => Promise<void>
}

export interface TlsMaterial {
  key: string
  cert: string
}

/** Starts a server on 127.0.0.1 with a free port; `handler` answers (or misbehaves) per request. */
export const startServer = async (handler: Handler, tls?: TlsMaterial): Promise<LocalServer> => {
  const hits: Hit[] = []
  let current = 0
  let most = 0
  const listener = (request: IncomingMessage, response: ServerResponse): void => {
    current++
    most = Math.max(most, current)
    let ended = false
    const done = (): void => {
      if (ended) return
      ended = true
      current--
    }
    // 'finish' comes as soon as the answer is handed to the socket; 'close' also covers aborts.
    response.on('finish', done)
    response.on('close', done)
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const hit: Hit = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8')
      }
      hits.push(hit)
      void Promise.resolve(
        handler(request, response, { hit, index: hits.length - 1, inFlight: () => current })
      ).catch(() => response.destroy())
    })
  }
  const server: Server = tls
    ? createHttpsServer({ key: tls.key, cert: tls.cert }, listener)
    : createHttpServer(listener)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    origin: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    hits,
    maxInFlight: () => most,
    inFlight: () => current,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** Answers JSON with `status` and optional headers. */
export const sendJson = (
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void => {
  response.writeHead(status, { 'content-type': 'application/json', ...headers })
  response.end(JSON.stringify(body))
}

/** A port nothing listens on: bound once to learn a free number, then released. */
export const closedPort = async (): Promise<number> => {
  const server = createHttpServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** How many outgoing sockets and undici requests were started while `run` ran. */
export const countNetworkEvents = async (run: () => Promise<unknown>): Promise<number> => {
  let events = 0
  const count = (): void => {
    events++
  }
  const channels = ['net.client.socket', 'undici:request:create', 'undici:client:beforeConnect']
  for (const channel of channels) subscribe(channel, count)
  try {
    await run()
  } finally {
    for (const channel of channels) unsubscribe(channel, count)
  }
  return events
}
