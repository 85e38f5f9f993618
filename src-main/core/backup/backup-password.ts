// Checks a backup's master password against its own vault row, holding no state; core, used by the backup service and the CLI's offline restore.
import { AppError } from '../../contract/result'
import type { BackupVaultRow } from '../ports/backup.port'
import type { Kdf } from '../ports/kdf.port'
import { unlockVaultMaterial, zeroize } from '../vault/vault-crypto'
import { isVaultError, VaultError } from '../ports/vault-error'

/**
 * Proves `password` opens the backup's vault row (derive, unwrap, forget the key); throws with one
 * sentence otherwise. Used before any restore, including the CLI's when the live store is damaged.
 */
export const checkBackupPassword = async (
  kdf: Kdf,
  row: BackupVaultRow | undefined,
  file: string,
  password: string
): Promise<void> => {
  if (!row) {
    throw new AppError(
      'NOT_FOUND',
      `The backup ${file} holds no vault, so its password cannot be checked; nothing was changed.`
    )
  }
  let kdfParams: unknown
  try {
    kdfParams = JSON.parse(row.kdfParams)
  } catch {
    throw new VaultError('BAD_KDF')
  }
  try {
    zeroize(await unlockVaultMaterial(kdf, password, { ...row, kdfParams }))
  } catch (caught) {
    if (isVaultError(caught, 'WRONG_PASSWORD')) {
      throw new VaultError(
        'WRONG_PASSWORD',
        "That is not the backup's master password; nothing was changed."
      )
    }
    throw caught
  }
}
