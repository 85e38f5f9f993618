// The typed error the vault's cryptography throws (a port type, as the KDF adapter raises it too); runs in the main process (or web mode / CLI).
import { AppError, type ErrorCode } from '../../contract/result'

/**
 * Why a vault operation failed. Kept apart from AppError's `code` (the contract's error codes) so
 * callers can tell a wrong password from tampering while dispatch still answers with a contract
 * code: VaultError extends AppError, so a handler can let it propagate unchanged.
 */
export type VaultErrorReason =
  'WRONG_PASSWORD' | 'TAMPERED' | 'WEAK_KDF' | 'BAD_KDF' | 'LOCKED' | 'INVALID_ARGUMENT'

const contractCode: Record<VaultErrorReason, ErrorCode> = {
  WRONG_PASSWORD: 'UNAUTHORIZED',
  TAMPERED: 'TAMPERED',
  // Parameters below the minimum are never written by Hubkeys, so on disk they mean tampering.
  WEAK_KDF: 'TAMPERED',
  BAD_KDF: 'TAMPERED',
  LOCKED: 'LOCKED',
  // A caller passed something malformed (a 31-byte key, an id containing '|'): a bug, not the user.
  INVALID_ARGUMENT: 'INTERNAL'
}

const defaultMessage: Record<VaultErrorReason, string> = {
  WRONG_PASSWORD: 'Wrong master password.',
  TAMPERED: 'Stored vault data failed its integrity check; it has been corrupted or tampered with.',
  WEAK_KDF:
    "The vault's key-derivation settings are weaker than Hubkeys allows; the vault may have been tampered with.",
  BAD_KDF:
    "The vault's key-derivation settings are not valid; the vault has been corrupted or tampered with.",
  LOCKED: 'The vault is locked.',
  INVALID_ARGUMENT: 'The vault was called with an invalid argument; this is a bug.'
}

/** Messages are fixed sentences chosen here or by the caller; they never include secret material. */
export class VaultError extends AppError {
  readonly reason: VaultErrorReason
  constructor(reason: VaultErrorReason, message: string = defaultMessage[reason]) {
    super(contractCode[reason], message)
    this.name = 'VaultError'
    this.reason = reason
  }
}

export const isVaultError = (value: unknown, reason?: VaultErrorReason): value is VaultError =>
  value instanceof VaultError && (reason === undefined || value.reason === reason)
