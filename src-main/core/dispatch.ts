// Transport-agnostic request dispatcher: validates a call against the contract and runs its handler.
import { type z } from 'zod'
import {
  channels,
  isChannelName,
  type ChannelName,
  type ParsedRequestOf,
  type ResponseOf
} from '../contract/channels'
import { AppError, err, ok, type ErrorCode, type Result } from '../contract/result'
import { silentLogger, type Logger } from './ports/logger.port'
import { isStoreError, type StoreErrorCode } from './ports/store-error'

/** Who is calling; transports fill it in so handlers can tell desktop from web. */
export interface CallContext {
  transport: 'ipc' | 'ws' | 'cli' | 'test'
}

export type Handler<C extends ChannelName> = (
  request: ParsedRequestOf<C>,
  context: CallContext
) => Promise<ResponseOf<C>> | ResponseOf<C>

export type Handlers = { [C in ChannelName]: Handler<C> }

export type Dispatch = (
  channel: unknown,
  payload: unknown,
  context: CallContext
) => Promise<Result<unknown>>

export interface DispatchOptions {
  logger?: Logger
  /**
   * Answers `LOCKED` for a channel before its handler runs, when it returns a message. The vault
   * decides; channels it lets through while locked are the ones that unlock or describe it.
   */
  gate?: (channel: ChannelName) => string | undefined
}

/** Short, single-line description of what failed validation, without echoing the values. */
const describeIssues = (error: z.ZodError): string =>
  error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(payload)'}: ${issue.message}`)
    .join('; ')
    .slice(0, 500)

const storeErrorCodes: Record<StoreErrorCode, ErrorCode> = {
  NEWER_VERSION: 'UNSUPPORTED',
  CORRUPT: 'TAMPERED',
  FOREIGN: 'UNSUPPORTED',
  NATIVE_MISMATCH: 'UNSUPPORTED',
  CONFLICT: 'CONFLICT',
  IO: 'UNAVAILABLE'
}

export const createDispatch = (handlers: Handlers, options: DispatchOptions = {}): Dispatch => {
  const logger = options.logger ?? silentLogger
  return async (channel, payload, context) => {
    // Nothing may throw past this function: every path returns a Result.
    try {
      if (!isChannelName(channel)) {
        const shown = typeof channel === 'string' ? JSON.stringify(channel.slice(0, 60)) : typeof channel
        return err('UNKNOWN_CHANNEL', `Unknown channel ${shown}.`)
      }
      const spec = channels[channel]
      const parsed = spec.request.safeParse(payload === undefined ? {} : payload)
      if (!parsed.success) {
        return err('BAD_REQUEST', `Invalid request for ${channel}: ${describeIssues(parsed.error)}`)
      }
      const refusal = options.gate?.(channel)
      if (refusal !== undefined) return err('LOCKED', refusal)
      const handler = handlers[channel] as Handler<typeof channel>
      const value = await handler(parsed.data as never, context)
      // Strict response schemas catch a handler returning more than the contract allows (a secret).
      const checked = spec.response.safeParse(value)
      if (!checked.success) {
        logger.log('error', 'handler answered outside its contract', {
          channel,
          issues: describeIssues(checked.error)
        })
        return err('INTERNAL', `Hubkeys answered ${channel} with an unexpected shape; this is a bug.`)
      }
      return ok(checked.data)
    } catch (caught) {
      if (caught instanceof AppError) return err(caught.code, caught.message, caught.retryAfterSeconds)
      // Store messages are written for people and name no secrets (see store-error.ts).
      if (isStoreError(caught)) return err(storeErrorCodes[caught.code], caught.message)
      // Unknown errors may carry anything (paths, hub responses): log the name only, answer generically.
      logger.log('error', 'handler failed', {
        channel: typeof channel === 'string' ? channel.slice(0, 60) : typeof channel,
        error: caught instanceof Error ? caught.name : typeof caught
      })
      return err('INTERNAL', 'Something went wrong inside Hubkeys; the action was not completed.')
    }
  }
}
