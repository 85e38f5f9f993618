// The bytes "remember on this device" hands the OS keychain: the data key plus a check binding it to its vault; main (Node).
import { platform } from '../ports/platform.port'
import { keyBytes, zeroize } from './vault-crypto'
import { VaultError } from '../ports/vault-error'

/** First byte of the payload; a new layout gets a new number. */
const payloadVersion = 0x01
const checkBytes = 32
export const rememberedPayloadBytes = 1 + keyBytes + checkBytes

/**
 * HMAC-SHA256 keyed by the data key over the vault id. Some keychain backends decrypt without
 * authenticating (a damaged blob comes back as garbage, not as an error), and a blob copied from
 * another vault would decrypt fine: either way the check fails and the bytes are refused, instead
 * of becoming a data key that opens nothing.
 */
const checkValue = (dataKey: Uint8Array, vaultId: string): Buffer =>
  platform().hmacSha256(dataKey, `hubkeys|remembered-key|${vaultId}`)

/** `0x01 | data key (32) | check (32)`. The caller zeroizes the result once it is wrapped. */
export const packRememberedKey = (vaultId: string, dataKey: Uint8Array): Buffer => {
  if (dataKey.length !== keyBytes) {
    throw new VaultError(
      'INVALID_ARGUMENT',
      'The vault was given a key that is not 32 bytes; this is a bug.'
    )
  }
  return Buffer.concat([Buffer.from([payloadVersion]), dataKey, checkValue(dataKey, vaultId)])
}

/**
 * Takes the data key back out of an unwrapped payload, checking it belongs to `vaultId`. Throws
 * VaultError TAMPERED otherwise. Returns a fresh buffer; the payload is left to the caller to wipe.
 */
export const unpackRememberedKey = (vaultId: string, payload: Uint8Array): Buffer => {
  if (payload.length !== rememberedPayloadBytes || payload[0] !== payloadVersion) {
    throw new VaultError('TAMPERED')
  }
  const dataKey = Buffer.from(payload.subarray(1, 1 + keyBytes))
  const expected = checkValue(dataKey, vaultId)
  const stored = payload.subarray(1 + keyBytes)
  if (!platform().timingSafeEqual(expected, stored)) {
    zeroize(dataKey)
    throw new VaultError('TAMPERED')
  }
  return dataKey
}
