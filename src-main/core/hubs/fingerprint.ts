// A short, non-reversible fingerprint of a key's secret, shown and stored instead of the secret; runs in main.
import { platform } from '../ports/platform.port'
import { Secret } from '../../common/secret'

/**
 * `sha256:` plus the first 12 hex digits of SHA-256: enough to tell keys apart, useless to an
 * attacker. A Secret is hashed from its bytes, with no string copy; a string (a hub's JSON answer)
 * is hashed as UTF-8, which gives the same fingerprint.
 */
export const fingerprintOf = (secret: Secret | string): string => {
  const digest =
    secret instanceof Secret
      ? secret.use((bytes) => platform().sha256(bytes))
      : platform().sha256(secret)
  return `sha256:${digest.toString('hex').slice(0, 12)}`
}
