// The real HTTP client for hub adapter tests, with recorded (not slept) retry waits, a log capture and short timeouts; tests only.
import type { Connection, HubKind } from '../../src-main/contract/hubs.contract'
import { AppError } from '../../src-main/contract/result'
import { createHttpClient, type ClosableHttpClient } from '../../src-main/adapters/http/http-client'
import type { HttpClientFactory } from '../../src-main/core/ports/http.port'
import type { Logger } from '../../src-main/core/ports/logger.port'

export interface TestHttp {
  factory: HttpClientFactory
  /** Every retry wait the client asked for, in ms (nothing actually sleeps). */
  waits: number[]
  /** Every log line the client wrote, serialised, for leak checks. */
  logs: string[]
  close(): Promise<void>
}

export const createTestHttp = (
  options: { timeoutMs?: number; retries?: number } = {}
): TestHttp => {
  const waits: number[] = []
  const logs: string[] = []
  const clients: ClosableHttpClient[] = []
  const logger: Logger = {
    log: (level, message, fields) => void logs.push(JSON.stringify({ level, message, fields }))
  }
  const factory: HttpClientFactory = (config) => {
    const client = createHttpClient(
      { ...config, timeoutMs: options.timeoutMs ?? 15_000, retries: options.retries ?? 2 },
      {
        logger,
        sleep: async (ms) => void waits.push(ms),
        random: () => 0.5
      }
    )
    clients.push(client)
    return client
  }
  return {
    factory,
    waits,
    logs,
    close: async () => void (await Promise.all(clients.map((client) => client.close())))
  }
}

export const testConnection = (
  kind: HubKind,
  baseUrl: string,
  settings: Connection['settings'] = {}
): Connection => ({
  id: `${kind}-test`,
  name: `${kind} test`,
  kind,
  baseUrl,
  settings,
  tls: { allowInvalidCertificate: false },
  environment: 'dev',
  colour: '#64748b',
  hasCredential: true,
  createdAt: 0,
  updatedAt: 0
})

/** Runs `work` and returns the AppError it throws (fails the test when it does not throw one). */
export const appErrorOf = async (work: () => Promise<unknown>): Promise<AppError> => {
  try {
    await work()
  } catch (error) {
    if (error instanceof AppError) return error
    throw new Error(`expected an AppError, got ${String(error)}`)
  }
  throw new Error('expected an AppError, but the call succeeded')
}

/** A hook the tests set to act before a request goes out (fail a page, cancel, slow down). */
export interface RequestHooks {
  beforeRequest?: (path: string, page: number | undefined) => void
}

/** Wraps a client factory so every request first calls `hooks.beforeRequest` (with Cycle's page number). */
export const withRequestHooks = (
  factory: HttpClientFactory
): { http: HttpClientFactory; hooks: RequestHooks } => {
  const hooks: RequestHooks = {}
  const http: HttpClientFactory = (config) => {
    const client = factory(config)
    return {
      request: (request, signal) => {
        const page = request.query?.['page[number]']
        hooks.beforeRequest?.(request.path, typeof page === 'number' ? page : undefined)
        return client.request(request, signal)
      }
    }
  }
  return { http, hooks }
}
