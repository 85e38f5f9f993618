// Electron safeStorage (its async API) behind the core's DeviceKeyring port, for "remember on this device"; Electron main.
import { safeStorage, type SafeStorage } from 'electron'
import type {
  DeviceKeyring,
  KeyringAvailability,
  UnwrappedBytes
} from '../core/ports/device-keyring.port'

/** The part of safeStorage used here: only the async API, which Electron recommends over the sync one. */
export type AsyncSafeStorage = Pick<
  SafeStorage,
  | 'isAsyncEncryptionAvailable'
  | 'encryptStringAsync'
  | 'decryptStringAsync'
  | 'getSelectedStorageBackend'
>

export interface SafeStorageKeyringOptions {
  /** Tests pass a fake; by default Electron's, read only when first used (after `ready`). */
  storage?: AsyncSafeStorage
  platform?: NodeJS.Platform
}

/** What each platform's safeStorage encrypts with; Linux says which backend it picked. */
const platformBackends: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'keychain',
  win32: 'dpapi'
}

export const createSafeStorageKeyring = (
  options: SafeStorageKeyringOptions = {}
): DeviceKeyring => {
  const platform = options.platform ?? process.platform
  const storage = (): AsyncSafeStorage => options.storage ?? safeStorage

  const availability = async (): Promise<KeyringAvailability> => {
    if (!(await storage().isAsyncEncryptionAvailable())) {
      return {
        available: false,
        reason: 'The system keychain is not available, so Hubkeys cannot remember the vault here.'
      }
    }
    if (platform !== 'linux')
      return { available: true, backend: platformBackends[platform] ?? platform }
    const backend = storage().getSelectedStorageBackend()
    // `unknown` only before the app is ready; `basic_text` is reported as is, and the vault refuses it.
    if (backend === 'unknown') {
      return {
        available: false,
        reason: 'The system keychain is not ready yet, so Hubkeys cannot remember the vault now.'
      }
    }
    return { available: true, backend }
  }

  return {
    availability,
    // safeStorage takes and gives strings; base64 carries the bytes. JS strings cannot be wiped,
    // so this copy of the key is left to the garbage collector (the Buffers are wiped by the vault).
    wrap: (data) => storage().encryptStringAsync(data.toString('base64')),
    async unwrap(blob): Promise<UnwrappedBytes> {
      const { result, shouldReEncrypt } = await storage().decryptStringAsync(blob)
      return { data: Buffer.from(result, 'base64'), stale: shouldReEncrypt }
    }
  }
}
