// The shared HTTP server behind every simulated hub: routing, latency, failure injection and a control API.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface FakeRequest {
  method: string
  path: string
  query: URLSearchParams
  /** Lower-cased header names. */
  headers: Record<string, string>
  rawBody: string
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  json: unknown
  params: Record<string, string>
}

export interface FakeResponse {
  status: number
  json?: unknown
  text?: string
  headers?: Record<string, string>
}

export type FakeHandler = (request: FakeRequest) => FakeResponse | Promise<FakeResponse>

/** A failure the next matching request(s) get instead of the normal answer. */
export type InjectedFailure =
  | { kind: 'status'; status: number; retryAfter?: number; capability?: string; detail?: string }
  /** Hold the request without answering until the client gives up (or the server closes). */
  | { kind: 'timeout' }
  /** 200 with a body that is not valid JSON. */
  | { kind: 'malformed' }
  /** Drop the connection without an answer. */
  | { kind: 'reset' }

export interface FailureRule {
  failure: InjectedFailure
  /** How many requests get it; Infinity until cleared. */
  times: number
  /** Only requests whose `METHOD path` matches, e.g. /^POST /. */
  match?: RegExp
}

interface Route {
  method: string
  pattern: RegExp
  names: string[]
  handler: FakeHandler
}

export interface FakeHubOptions {
  name: string
  /** Builds the hub's own error body for an injected or real error status. */
  errorBody: (status: number, failure: Extract<InjectedFailure, { kind: 'status' }>) => FakeResponse
  /** Runs before routing: checks auth etc.; returns a response to stop there. */
  before?: (request: FakeRequest) => FakeResponse | undefined | Promise<FakeResponse | undefined>
  /** Runs on every answer (e.g. to validate it against the OpenAPI file). */
  after?: (request: FakeRequest, response: FakeResponse) => void
  latencyMs?: number
}

export interface FakeHubControl {
  setLatency(ms: number): void
  fail(failure: InjectedFailure, times?: number, match?: RegExp): void
  clearFailures(): void
  /** While down, every connection is dropped (the hub is unreachable). */
  setDown(down: boolean): void
  /** Every request received (most recent last), for assertions; includes auth headers. */
  readonly requests: FakeRequest[]
  /**
   * Resolves once every request received so far has been handled, even one whose caller has
   * gone (a crash test's killed client): what the hub got, it has done.
   */
  settled(): Promise<void>
}

export interface FakeHub extends FakeHubControl {
  name: string
  url: string
  port: number
  route(method: string, path: string, handler: FakeHandler): void
  start(port?: number): Promise<FakeHub>
  close(): Promise<void>
}

const compile = (path: string): { pattern: RegExp; names: string[] } => {
  const names: string[] = []
  const source = path
    .split('/')
    .map((part) => {
      if (part.startsWith(':')) {
        names.push(part.slice(1))
        return '([^/]+)'
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    })
    .join('/')
  return { pattern: new RegExp(`^${source}/?$`), names }
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })

const send = (res: ServerResponse, response: FakeResponse) => {
  const body = response.text ?? (response.json === undefined ? '' : JSON.stringify(response.json))
  res.writeHead(response.status, {
    ...(response.json !== undefined && response.text === undefined
      ? { 'content-type': 'application/json' }
      : {}),
    ...response.headers
  })
  res.end(body)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export const createFakeHub = (options: FakeHubOptions): FakeHub => {
  const routes: Route[] = []
  const rules: FailureRule[] = []
  const requests: FakeRequest[] = []
  const sockets = new Set<Socket>()
  const held = new Set<ServerResponse>()
  let latency = options.latencyMs ?? 0
  let down = false
  let server: Server | undefined

  const control = (request: FakeRequest): FakeResponse | undefined => {
    // Test-only control endpoints for separate processes (demo, CLI tests); not part of any hub API.
    if (!request.path.startsWith('/__control/')) return undefined
    const body = (request.json ?? {}) as Record<string, unknown>
    if (request.path === '/__control/latency') hub.setLatency(Number(body.ms ?? 0))
    else if (request.path === '/__control/fail') {
      hub.fail(
        body.failure as InjectedFailure,
        typeof body.times === 'number' ? body.times : 1,
        typeof body.match === 'string' ? new RegExp(body.match) : undefined
      )
    } else if (request.path === '/__control/clear') hub.clearFailures()
    else return { status: 404, json: { error: 'unknown control' } }
    return { status: 200, json: { ok: true } }
  }

  let inFlight = 0
  const idle: Array<() => void> = []

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (down) {
      req.socket.destroy()
      return
    }
    const url = new URL(req.url ?? '/', 'http://fake')
    const rawBody = await readBody(req)
    let json: unknown
    try {
      json = rawBody ? JSON.parse(rawBody) : undefined
    } catch {
      json = undefined
    }
    const headers: Record<string, string> = {}
    for (const [key, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers[key] = value
      else if (Array.isArray(value)) headers[key] = value.join(', ')
    }
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers,
      rawBody,
      json,
      params: {}
    }
    const controlled = control(request)
    if (controlled) return send(res, controlled)
    requests.push(request)
    if (latency > 0) await sleep(latency)

    const signature = `${request.method} ${request.path}`
    const rule = rules.find((r) => r.times > 0 && (!r.match || r.match.test(signature)))
    if (rule) {
      rule.times -= 1
      const failure = rule.failure
      if (failure.kind === 'timeout') {
        held.add(res)
        res.on('close', () => held.delete(res))
        return
      }
      if (failure.kind === 'reset') {
        req.socket.destroy()
        return
      }
      if (failure.kind === 'malformed') {
        return send(res, {
          status: 200,
          text: '{"data": [ {"id": ',
          headers: { 'content-type': 'application/json' }
        })
      }
      const response = options.errorBody(failure.status, failure)
      const retry: Record<string, string> =
        failure.retryAfter === undefined ? {} : { 'retry-after': String(failure.retryAfter) }
      return send(res, { ...response, headers: { ...response.headers, ...retry } })
    }

    const early = await options.before?.(request)
    if (early) {
      options.after?.(request, early)
      return send(res, early)
    }
    for (const route of routes) {
      if (route.method !== request.method) continue
      const match = route.pattern.exec(request.path)
      if (!match) continue
      route.names.forEach(
        (name, i) => (request.params[name] = decodeURIComponent(match[i + 1] ?? ''))
      )
      const response = await route.handler(request)
      options.after?.(request, response)
      return send(res, response)
    }
    const missing = options.errorBody(404, {
      kind: 'status',
      status: 404,
      detail: 'No such route.'
    })
    options.after?.(request, missing)
    return send(res, missing)
  }

  const hub: FakeHub = {
    name: options.name,
    url: '',
    port: 0,
    requests,
    route(method, path, handler) {
      routes.push({ method, ...compile(path), handler })
    },
    setLatency: (ms) => void (latency = Math.max(0, ms)),
    settled: () =>
      inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve)),
    fail: (failure, times = 1, match) => void rules.push({ failure, times, match }),
    clearFailures: () => void rules.splice(0),
    setDown(value) {
      down = value
      if (value) for (const socket of sockets) socket.destroy()
    },
    async start(port = 0) {
      server = createServer((req, res) => {
        inFlight += 1
        handle(req, res)
          .finally(() => {
            inFlight -= 1
            if (inFlight === 0) for (const wake of idle.splice(0)) wake()
          })
          .catch((error: unknown) => {
            if (!res.headersSent) {
              send(res, { status: 500, json: { error: `fake hub bug: ${String(error)}` } })
            }
          })
      })
      server.on('connection', (socket) => {
        sockets.add(socket)
        socket.on('close', () => sockets.delete(socket))
      })
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve))
      hub.port = (server.address() as AddressInfo).port
      hub.url = `http://127.0.0.1:${hub.port}`
      return hub
    },
    async close() {
      for (const res of held) res.destroy()
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
    }
  }
  return hub
}
