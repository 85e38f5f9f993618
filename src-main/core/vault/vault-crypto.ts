// The vault's cryptography: KEK derivation, data-key wrapping and AES-256-GCM records; runs in main (Node).
import { platform } from '../ports/platform.port'
import {
  checkKdfParams,
  defaultKdfParams,
  kdfOutputBytes,
  type Kdf,
  type KdfParams
} from '../ports/kdf.port'
import { VaultError } from '../ports/vault-error'

export { VaultError, isVaultError, type VaultErrorReason } from '../ports/vault-error'

/** First byte of every sealed blob; a new layout gets a new number and old blobs keep opening. */
export const sealedFormatVersion = 0x01
export const keyBytes = 32
export const nonceBytes = 12
export const tagBytes = 16
export const saltBytes = 16
const headerBytes = 1
/** The smallest well-formed blob: header, nonce and tag around an empty ciphertext. */
export const sealedOverheadBytes = headerBytes + nonceBytes + tagBytes

const invalid = (message: string): VaultError => new VaultError('INVALID_ARGUMENT', message)

const checkKey = (key: Uint8Array): void => {
  if (!(key instanceof Uint8Array) || key.length !== keyBytes) {
    throw invalid('The vault was given a key that is not 32 bytes; this is a bug.')
  }
}

/** Overwrites a buffer with zeros. Best effort: JS may have copied the bytes before we get here. */
export const zeroize = (buffer: Uint8Array | null | undefined): void => {
  buffer?.fill(0)
}

/**
 * Raw AES-256-GCM with a caller-chosen nonce, returning ciphertext and 16-byte tag. Exported only so
 * the known-answer tests can check it against the GCM specification's vectors; production code
 * uses `seal`, which always draws a fresh random nonce.
 */
export const gcmEncrypt = (
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array
): { ciphertext: Buffer; tag: Buffer } => {
  checkKey(key)
  if (nonce.length !== nonceBytes) throw invalid('AES-GCM nonces must be 12 bytes; this is a bug.')
  return platform().aesGcmEncrypt(key, nonce, plaintext, aad)
}

/** Raw AES-256-GCM decryption; throws TAMPERED when the tag does not verify, returning nothing. */
export const gcmDecrypt = (
  key: Uint8Array,
  nonce: Uint8Array,
  ciphertext: Uint8Array,
  tag: Uint8Array,
  aad: Uint8Array
): Buffer => {
  checkKey(key)
  if (nonce.length !== nonceBytes || tag.length !== tagBytes) throw new VaultError('TAMPERED')
  // The tag size is checked above and pinned by the platform, so a truncated tag is never accepted.
  try {
    return platform().aesGcmDecrypt(key, nonce, ciphertext, tag, aad)
  } catch {
    throw new VaultError('TAMPERED')
  }
}

const header = Buffer.from([sealedFormatVersion])

/**
 * `seal` with a fixed nonce, for tests only: reusing a nonce under one key breaks GCM entirely.
 * The header byte is authenticated along with the caller's AAD, so a blob cannot be passed off as
 * another format version.
 */
export const sealWithNonce = (
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array
): Buffer => {
  const { ciphertext, tag } = gcmEncrypt(key, nonce, plaintext, Buffer.concat([header, aad]))
  return Buffer.concat([header, nonce, ciphertext, tag])
}

/** Encrypts under `key` as `0x01 | nonce(12, random) | ciphertext | tag(16)`, bound to `aad`. */
export const seal = (key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Buffer =>
  sealWithNonce(key, platform().randomBytes(nonceBytes), plaintext, aad)

/**
 * Opens a blob made by `seal` with the same key and AAD. Any other version byte, a short blob, a
 * changed byte anywhere or a different AAD throws VaultError TAMPERED; no plaintext escapes.
 */
export const open = (key: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Buffer => {
  checkKey(key)
  if (!(sealed instanceof Uint8Array) || sealed.length < sealedOverheadBytes) {
    throw new VaultError('TAMPERED')
  }
  if (sealed[0] !== sealedFormatVersion) throw new VaultError('TAMPERED')
  const nonce = sealed.subarray(headerBytes, headerBytes + nonceBytes)
  const ciphertext = sealed.subarray(headerBytes + nonceBytes, sealed.length - tagBytes)
  const tag = sealed.subarray(sealed.length - tagBytes)
  return gcmDecrypt(key, nonce, ciphertext, tag, Buffer.concat([header, aad]))
}

const checkAadPart = (value: string, what: string): void => {
  // A '|' inside a part would let two different (vault, record) pairs share one AAD.
  if (value.length === 0 || value.includes('|')) {
    throw invalid(
      `A ${what} used in record binding must be non-empty and free of '|'; this is a bug.`
    )
  }
}

/**
 * The AAD that binds a secret to its slot, `vaultId|recordId|version` in UTF-8 (DESIGN.md
 * section 3): a blob copied into another record, vault or version fails to open.
 */
export const recordAad = (vaultId: string, recordId: string | number, version: number): Buffer => {
  checkAadPart(vaultId, 'vault id')
  if (typeof recordId === 'number') {
    if (!Number.isSafeInteger(recordId) || recordId < 0) {
      throw invalid('A numeric record id must be a non-negative integer; this is a bug.')
    }
  } else {
    checkAadPart(recordId, 'record id')
  }
  if (!Number.isSafeInteger(version) || version < 0) {
    throw invalid('A record version must be a non-negative integer; this is a bug.')
  }
  return Buffer.from(`${vaultId}|${recordId}|${version}`, 'utf8')
}

/**
 * KDF parameters as JSON with a fixed key order, so the same parameters always give the same
 * bytes whatever order they were stored or parsed in. Validates them first.
 */
export const canonicalKdfParamsJson = (params: unknown): string => {
  const p = checkKdfParams(params)
  return JSON.stringify({
    algorithm: p.algorithm,
    version: p.version,
    memoryKiB: p.memoryKiB,
    iterations: p.iterations,
    parallelism: p.parallelism
  })
}

/**
 * The AAD of the wrapped data key. It carries the KDF parameters, so editing them on disk (even to
 * values above the minimum) makes unwrapping fail instead of silently deriving with other settings.
 */
export const dataKeyAad = (vaultId: string, params: unknown): Buffer => {
  checkAadPart(vaultId, 'vault id')
  return Buffer.from(`${vaultId}|data-key|${canonicalKdfParamsJson(params)}`, 'utf8')
}

/** A fresh random 256-bit data key; every secret record is sealed under it. */
export const generateDataKey = (): Buffer => platform().randomBytes(keyBytes)

/** Wraps the data key under the key-encryption key; the result is what the vault row stores. */
export const wrapDataKey = (
  kek: Uint8Array,
  dataKey: Uint8Array,
  vaultId: string,
  kdfParams: KdfParams
): Buffer => {
  checkKey(dataKey)
  return seal(kek, dataKey, dataKeyAad(vaultId, kdfParams))
}

/**
 * Unwraps the data key. A tag failure throws WRONG_PASSWORD: with the right KEK it could only come
 * from tampering (the blob, the vault id or the stored KDF parameters), but GCM cannot tell a
 * wrong key from a changed blob, and a wrong password is by far the likelier cause. A blob with
 * the wrong length or version byte cannot come from a wrong password, so that is TAMPERED.
 */
export const unwrapDataKey = (
  kek: Uint8Array,
  wrapped: Uint8Array,
  vaultId: string,
  kdfParams: unknown
): Buffer => {
  const aad = dataKeyAad(vaultId, kdfParams)
  if (
    !(wrapped instanceof Uint8Array) ||
    wrapped.length !== sealedOverheadBytes + keyBytes ||
    wrapped[0] !== sealedFormatVersion
  ) {
    throw new VaultError('TAMPERED')
  }
  try {
    return open(kek, wrapped, aad)
  } catch (caught) {
    if (caught instanceof VaultError && caught.reason === 'TAMPERED') {
      throw new VaultError('WRONG_PASSWORD')
    }
    throw caught
  }
}

const minSaltBytes = 16
const maxSaltBytes = 64

/**
 * Derives the key-encryption key. Parameters and salt come from disk, so both are checked before
 * any work is done. The password is NFC-normalised so the same characters typed through different
 * input methods (composed or decomposed accents) give the same key; this must never change.
 * JS strings cannot be wiped, so the password itself is left to the garbage collector.
 */
export const deriveKek = async (
  kdf: Kdf,
  password: string,
  salt: Uint8Array,
  params: unknown
): Promise<Buffer> => {
  const checked = checkKdfParams(params)
  if (!(salt instanceof Uint8Array) || salt.length < minSaltBytes || salt.length > maxSaltBytes) {
    throw new VaultError('TAMPERED')
  }
  if (typeof password !== 'string')
    throw invalid('The master password must be a string; this is a bug.')
  const kek = await kdf.derive(password.normalize('NFC'), salt, checked)
  if (kek.length !== kdfOutputBytes) {
    zeroize(kek)
    throw invalid('The key derivation returned a key of the wrong size; this is a bug.')
  }
  return kek
}

/** What the vault row holds: nothing here is secret without the master password. */
export interface StoredVaultMaterial {
  vaultId: string
  salt: Buffer
  kdfParams: KdfParams
  wrappedKey: Buffer
}

/** A new vault: the stored material plus the data key, which the caller keeps while unlocked. */
export interface NewVaultMaterial extends StoredVaultMaterial {
  dataKey: Buffer
}

/** The part of the vault row a password change replaces; the vault id and the data key stay. */
export interface RewrappedKey {
  salt: Buffer
  kdfParams: KdfParams
  wrappedKey: Buffer
}

/** Creates a vault's key material: random id, salt and data key, wrapped under the password. */
export const createVaultMaterial = async (
  kdf: Kdf,
  password: string,
  params: KdfParams = defaultKdfParams
): Promise<NewVaultMaterial> => {
  const vaultId = platform().randomUUID()
  const dataKey = generateDataKey()
  try {
    const rewrapped = await rewrapDataKey(kdf, password, dataKey, vaultId, params)
    return { vaultId, ...rewrapped, dataKey }
  } catch (caught) {
    zeroize(dataKey)
    throw caught
  }
}

/**
 * Unlocks stored material with a password and returns the data key. Throws WRONG_PASSWORD,
 * WEAK_KDF / BAD_KDF (parameters edited on disk) or TAMPERED (a malformed row).
 */
export const unlockVaultMaterial = async (
  kdf: Kdf,
  password: string,
  stored: { vaultId: string; salt: Uint8Array; kdfParams: unknown; wrappedKey: Uint8Array }
): Promise<Buffer> => {
  const kek = await deriveKek(kdf, password, stored.salt, stored.kdfParams)
  try {
    return unwrapDataKey(kek, stored.wrappedKey, stored.vaultId, stored.kdfParams)
  } finally {
    zeroize(kek)
  }
}

/**
 * Wraps an existing data key under a new password with a fresh salt (and optionally new
 * parameters): changing the password rewrites only these three values, never the records.
 */
export const rewrapDataKey = async (
  kdf: Kdf,
  newPassword: string,
  dataKey: Uint8Array,
  vaultId: string,
  newParams: KdfParams = defaultKdfParams
): Promise<RewrappedKey> => {
  checkKey(dataKey)
  const kdfParams = checkKdfParams(newParams)
  const salt = platform().randomBytes(saltBytes)
  const kek = await deriveKek(kdf, newPassword, salt, kdfParams)
  try {
    return { salt, kdfParams, wrappedKey: wrapDataKey(kek, dataKey, vaultId, kdfParams) }
  } finally {
    zeroize(kek)
  }
}

/**
 * Changes the master password: proves the current one by unlocking, then re-wraps the same data
 * key under the new one. Throws WRONG_PASSWORD (current password) like `unlockVaultMaterial`.
 * The caller writes the result to the vault row in one transaction.
 */
export const changeVaultPassword = async (
  kdf: Kdf,
  currentPassword: string,
  newPassword: string,
  stored: { vaultId: string; salt: Uint8Array; kdfParams: unknown; wrappedKey: Uint8Array },
  newParams: KdfParams = defaultKdfParams
): Promise<RewrappedKey> => {
  const dataKey = await unlockVaultMaterial(kdf, currentPassword, stored)
  try {
    return await rewrapDataKey(kdf, newPassword, dataKey, stored.vaultId, newParams)
  } finally {
    zeroize(dataKey)
  }
}
