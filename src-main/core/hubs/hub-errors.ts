// Turns HTTP outcomes into contract errors with one actionable sentence; shared by every hub adapter.
import { AppError, type ErrorCode } from '../../contract/result'
import { HttpFailure, type HttpResponse } from '../ports/http.port'
import { redact } from '../../common/redact'
import { retryAfterSeconds } from '../../common/retry-policy'

/** Contract code for an HTTP status a hub answered with. */
export const codeForStatus = (status: number): ErrorCode => {
  if (status === 401) return 'UNAUTHORIZED'
  if (status === 403) return 'FORBIDDEN'
  if (status === 404) return 'NOT_FOUND'
  if (status === 409) return 'CONFLICT'
  if (status === 400 || status === 422) return 'BAD_REQUEST'
  if (status === 429) return 'RATE_LIMITED'
  if (status === 408 || status === 504) return 'TIMEOUT'
  if (status >= 500) return 'UNAVAILABLE'
  return 'HUB_ERROR'
}

const advice: Partial<Record<ErrorCode, string>> = {
  UNAUTHORIZED: 'check the credential stored for this connection',
  FORBIDDEN: 'the credential lacks a permission this needs',
  RATE_LIMITED: 'the hub is rate limiting; try again shortly',
  UNAVAILABLE: 'the hub had a server error; try again later',
  TIMEOUT: 'the hub did not answer in time'
}

/**
 * An AppError for a hub's non-2xx answer. `detail` is the hub's own message (already parsed by the
 * adapter); it is scrubbed, because hubs echo requests back, and cut to one line.
 */
export const hubError = (
  hubLabel: string,
  response: Pick<HttpResponse, 'status' | 'headers'>,
  detail?: string
): AppError => {
  const code = codeForStatus(response.status)
  const clean = detail ? redact(detail).replace(/\s+/g, ' ').trim().slice(0, 300) : ''
  const hint = advice[code]
  const message = `${hubLabel} answered ${response.status}${clean ? `: ${clean}` : ''}${hint && !clean ? ` (${hint})` : ''}.`
  return new AppError(
    code,
    message.replace(/\.\.$/, '.'),
    code === 'RATE_LIMITED' ? retryAfterSeconds(response.headers) : undefined
  )
}

/** An AppError for a request that got no answer at all. */
export const transportError = (hubLabel: string, failure: unknown): AppError => {
  if (failure instanceof AppError) return failure
  if (failure instanceof HttpFailure) {
    const code: ErrorCode =
      failure.kind === 'TIMEOUT'
        ? 'TIMEOUT'
        : failure.kind === 'INSECURE_URL'
          ? 'BAD_REQUEST'
          : 'UNAVAILABLE'
    return new AppError(code, `${hubLabel}: ${redact(failure.message)}`)
  }
  return new AppError('UNAVAILABLE', `${hubLabel} could not be reached.`)
}

/** An AppError for a 2xx answer whose body does not have the documented shape. */
export const malformedError = (hubLabel: string, what: string): AppError =>
  new AppError('HUB_ERROR', `${hubLabel} sent a response Hubkeys could not read (${what}).`)

/** Methods a hub kind does not offer answer this, so the UI's capability checks stay honest. */
export const unsupported = (hubLabel: string, what: string): AppError =>
  new AppError('UNSUPPORTED', `${hubLabel} does not offer ${what}.`)
