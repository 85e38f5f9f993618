// Test helper: awaits a rejected HTTP call and checks its kind and that no credential leaked into the message; vitest (node).
import { expect } from 'vitest'
import { HttpFailure, type HttpFailureKind } from '../../../src-main/core/ports/http.port'

/** Rejects unless `promise` fails with an HttpFailure of `kind` whose message holds none of `secrets`. */
export const expectFailure = async (
  promise: Promise<unknown>,
  kind: HttpFailureKind,
  secrets: string[] = []
): Promise<HttpFailure> => {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason
  )
  expect(error).toBeInstanceOf(HttpFailure)
  const failure = error as HttpFailure
  expect(failure.kind).toBe(kind)
  expectNoSecrets(failure.message, secrets)
  expectNoSecrets(String(failure.stack), secrets)
  return failure
}

/** Fails when any secret, or its URL or base64 encoding, appears in `text`. */
export const expectNoSecrets = (text: string, secrets: string[]): void => {
  for (const secret of secrets) {
    for (const form of [
      secret,
      encodeURIComponent(secret),
      Buffer.from(secret).toString('base64')
    ]) {
      expect(text).not.toContain(form)
    }
  }
}
