// A short, non-reversible fingerprint of a key's secret, shown and stored instead of the secret; runs in main.
import { platform } from '../ports/platform.port'

/** `sha256:` plus the first 12 hex digits of SHA-256: enough to tell keys apart, useless to an attacker. */
export const fingerprintOf = (secret: string): string =>
  `sha256:${platform().sha256(secret).toString('hex').slice(0, 12)}`
