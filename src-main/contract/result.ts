// The Result envelope and error codes every contract call answers with; shared by main, preload and renderer.
import { z } from 'zod'

/** Every error a channel can answer with. Messages are for people; codes are for code. */
export const errorCodes = [
  'UNKNOWN_CHANNEL',
  'BAD_REQUEST',
  'LOCKED',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'TIMEOUT',
  'HUB_ERROR',
  'TAMPERED',
  'UNSUPPORTED',
  'INTERNAL'
] as const
export const errorCodeSchema = z.enum(errorCodes)
export type ErrorCode = z.infer<typeof errorCodeSchema>

export const appErrorSchema = z
  .object({
    code: errorCodeSchema,
    message: z.string().max(2000),
    /** Seconds to wait before retrying, when the error says so (rate limits, password back-off). */
    retryAfterSeconds: z.number().nonnegative().optional()
  })
  .strict()
export type AppErrorBody = z.infer<typeof appErrorSchema>

export type Ok<T> = { ok: true; value: T }
export type Err = { ok: false; error: AppErrorBody }
export type Result<T> = Ok<T> | Err

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value })
export const err = (code: ErrorCode, message: string, retryAfterSeconds?: number): Err => ({
  ok: false,
  error: retryAfterSeconds === undefined ? { code, message } : { code, message, retryAfterSeconds }
})

/** Schema of the envelope itself, so transports can check what crosses them. */
export const resultSchema = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }).strict(),
    z.object({ ok: z.literal(false), error: appErrorSchema }).strict()
  ])

/**
 * Thrown inside main-process handlers to answer with a specific code. The message is shown to the
 * user as is, so it must never contain a secret, a credential or a URL carrying one.
 */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly retryAfterSeconds?: number
  constructor(code: ErrorCode, message: string, retryAfterSeconds?: number) {
    super(message)
    this.name = 'AppError'
    this.code = code
    if (retryAfterSeconds !== undefined) this.retryAfterSeconds = retryAfterSeconds
  }
}
