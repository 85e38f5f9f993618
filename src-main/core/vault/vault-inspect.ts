// Checks a stored vault row's structure without the password (for `hubkeys status`); runs in main or the CLI.
import { checkKdfParams } from '../ports/kdf.port'
import type { VaultRecord } from '../ports/vault-store.port'
import { keyBytes, sealedFormatVersion, sealedOverheadBytes } from './vault-crypto'
import { VaultError } from '../ports/vault-error'

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * Everything that can be verified without the master password: id, salt, KDF parameters (parsed
 * and above the minimum) and the wrapped key's size and format. Tampering inside the wrapped key or
 * with parameters that stay valid is caught only by unlocking, which authenticates all of them.
 */
export const inspectVaultRecord = (row: VaultRecord): void => {
  if (!uuidPattern.test(row.vaultId)) throw new VaultError('TAMPERED')
  let params: unknown
  try {
    params = JSON.parse(row.kdfParams)
  } catch {
    throw new VaultError('BAD_KDF')
  }
  checkKdfParams(params)
  if (row.salt.length < 16 || row.salt.length > 64) throw new VaultError('TAMPERED')
  if (
    row.wrappedKey.length !== sealedOverheadBytes + keyBytes ||
    row.wrappedKey[0] !== sealedFormatVersion
  ) {
    throw new VaultError('TAMPERED')
  }
}
