// Transport-agnostic request dispatcher: validates a call against the contract, runs its handler and hands audited calls to the audit log.
import { type z } from 'zod'
import {
  channels,
  type ChannelFacts,
  type ChannelSpec,
  isChannelName,
  type ChannelName,
  type ParsedRequestOf,
  type ResponseOf
} from '../contract/channels'
import { AppError, err, ok, type ErrorCode, type Result } from '../contract/result'
import type { AuditedCall } from './audit/audit-fields'
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
   * The refusal message while the vault is locked, or undefined when it is open. Dispatch asks it
   * only for channels whose facts do not say `whileLocked`, and answers `LOCKED` before the handler.
   */
  locked?: () => string | undefined
  /**
   * Receives every finished call of a channel whose `audit` fact is not false, whatever its
   * outcome (refused while locked, invalid, failed, done); a throw here is logged, never answered.
   */
  audit?: (call: AuditedCall) => void
}

/** Zod's issue as the per-parse error map sees it (the input included, so never echo it). */
type RawIssue = z.core.$ZodRawIssue

const pathOf = (path: readonly PropertyKey[] | undefined): string =>
  (path ?? [])
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`
    )
    .join('')

const kinds: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  bigint: 'a whole number',
  null: 'null',
  undefined: 'absent'
}

/** A field name shown only when it looks like one of ours: a stray key might be a pasted secret. */
const shownKey = (key: string): string =>
  /^[A-Za-z][A-Za-z0-9_-]{0,39}$/.test(key) ? `"${key}"` : ''

const limitOf = (
  issue: { origin?: string; inclusive?: boolean },
  bound: unknown,
  most: boolean
) => {
  const n = String(bound)
  switch (issue.origin) {
    case 'string':
      return most
        ? `must be at most ${n} characters`
        : bound === 1
          ? 'must not be empty'
          : `must be at least ${n} characters`
    case 'array':
    case 'set':
      return most
        ? `must have at most ${n} items`
        : bound === 1
          ? 'must have at least one item'
          : `must have at least ${n} items`
    case 'number':
    case 'int':
    case 'bigint':
      if (issue.inclusive === false)
        return most ? `must be less than ${n}` : `must be more than ${n}`
      return most ? `must be at most ${n}` : `must be at least ${n}`
    default:
      return most ? 'is too large' : 'is too small'
  }
}

/** What is wrong, after "the field X": a predicate without the value (it may be a secret). */
const predicateOf = (issue: RawIssue): string => {
  switch (issue.code) {
    case 'too_big':
      return limitOf(issue, issue.maximum, true)
    case 'too_small':
      return limitOf(issue, issue.minimum, false)
    case 'invalid_type':
      if (issue.input === undefined) return 'is required'
      return `must be ${kinds[issue.expected] ?? issue.expected}`
    case 'invalid_value': {
      const values = issue.values.slice(0, 12).map((value) => JSON.stringify(value))
      return values.length === 1
        ? `must be ${values[0]}`
        : `must be one of ${values.join(', ')}${issue.values.length > 12 ? ', …' : ''}`
    }
    case 'invalid_format':
      return issue.format === 'regex' ? 'has the wrong format' : `must be a valid ${issue.format}`
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`
    case 'unrecognized_keys': {
      const named = issue.keys.slice(0, 3).map(shownKey).filter(Boolean)
      return named.length
        ? `has ${issue.keys.length === 1 ? 'a field' : 'fields'} it does not accept (${named.join(', ')})`
        : 'has fields it does not accept'
    }
    case 'invalid_union':
      return 'does not match any accepted shape'
    case 'invalid_key':
      return 'has a key that is not accepted'
    case 'invalid_element':
      return 'has an item that is not accepted'
    default:
      return 'is not valid'
  }
}

/** Marks the messages this module wrote, to tell them from messages a schema states itself. */
const ours = '\u0001'

/** The per-parse error map: schema-level messages take precedence over it (zod 4). */
const sentenceMap = (issue: RawIssue): string => {
  const path = pathOf(issue.path)
  return `${ours}${path ? `the field "${path}"` : 'the request'} ${predicateOf(issue)}`
}

/**
 * One sentence naming the first problem's field and its limit, without echoing any value; a
 * schema's own message (written for people) is kept and the field named beside it.
 */
export const describeIssues = (error: z.ZodError): string => {
  const [first] = error.issues
  if (!first) return 'the request is not valid.'
  const more =
    error.issues.length > 1
      ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})`
      : ''
  if (first.message.startsWith(ours)) return `${first.message.slice(ours.length)}${more}.`
  const path = pathOf(first.path)
  const message = first.message.replace(/\.$/, '')
  return `${path ? `the field "${path}": ` : ''}${message}${more}.`.slice(0, 500)
}

/** Parses with dispatch's sentences for issues the schema does not word itself. */
const parseWithSentences = <T extends z.ZodType>(schema: T, value: unknown) =>
  schema.safeParse(value, { error: sentenceMap })

const storeErrorCodes: Record<StoreErrorCode, ErrorCode> = {
  NEWER_VERSION: 'UNSUPPORTED',
  CORRUPT: 'TAMPERED',
  FOREIGN: 'UNSUPPORTED',
  NATIVE_MISMATCH: 'UNSUPPORTED',
  CONFLICT: 'CONFLICT',
  IO: 'UNAVAILABLE'
}

const requestCarriesSecret = (facts: ChannelFacts): boolean =>
  facts.carriesSecret === 'request' || facts.carriesSecret === 'both'

/** What one call left for the audit entry: the request after its schema and the checked answer. */
interface CallTrace {
  request?: unknown
  response?: unknown
}

export const createDispatch = (handlers: Handlers, options: DispatchOptions = {}): Dispatch => {
  const logger = options.logger ?? silentLogger

  const answer = async (
    channel: unknown,
    payload: unknown,
    context: CallContext,
    trace: CallTrace
  ): Promise<Result<unknown>> => {
    // Nothing may throw past this function: every path returns a Result.
    try {
      if (!isChannelName(channel)) {
        const shown =
          typeof channel === 'string' ? JSON.stringify(channel.slice(0, 60)) : typeof channel
        return err('UNKNOWN_CHANNEL', `Unknown channel ${shown}.`)
      }
      const spec: ChannelSpec = channels[channel]
      const parsed = parseWithSentences(spec.request, payload === undefined ? {} : payload)
      if (!parsed.success) {
        return err('BAD_REQUEST', `Invalid request for ${channel}: ${describeIssues(parsed.error)}`)
      }
      trace.request = parsed.data
      const refusal = spec.facts.whileLocked ? undefined : options.locked?.()
      if (refusal !== undefined) return err('LOCKED', refusal)
      logger.log('debug', 'call', {
        channel,
        transport: context.transport,
        // A password, a hub credential or a key's value never reaches the log, redacted or not.
        request: requestCarriesSecret(spec.facts)
          ? '(withheld: carries a secret)'
          : JSON.stringify(parsed.data).slice(0, 500)
      })
      const handler = handlers[channel] as Handler<typeof channel>
      const value = await handler(parsed.data as never, context)
      // Strict response schemas catch a handler returning more than the contract allows (a secret).
      const checked = parseWithSentences(spec.response, value)
      if (!checked.success) {
        logger.log('error', 'handler answered outside its contract', {
          channel,
          issues: describeIssues(checked.error)
        })
        return err(
          'INTERNAL',
          `Hubkeys answered ${channel} with an unexpected shape; this is a bug.`
        )
      }
      trace.response = checked.data
      return ok(checked.data)
    } catch (caught) {
      if (caught instanceof AppError)
        return err(caught.code, caught.message, caught.retryAfterSeconds)
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

  return async (channel, payload, context) => {
    const trace: CallTrace = {}
    const result = await answer(channel, payload, context, trace)
    if (!options.audit || !isChannelName(channel)) return result
    const fact = channels[channel].facts.audit
    if (fact === false) return result
    try {
      options.audit({
        channel,
        fact,
        transport: context.transport,
        request: trace.request,
        response: result.ok ? trace.response : undefined,
        outcome: result.ok ? 'ok' : result.error.code
      })
    } catch (caught) {
      // The action's answer stands (see audit-log.service.ts); the failure is logged by name.
      logger.log('error', 'audit entry could not be written', {
        channel,
        error: caught instanceof Error ? caught.name : typeof caught
      })
    }
    return result
  }
}
