// The device-keyring port: wraps bytes with the OS keychain (Electron safeStorage) for "remember on this device"; main.

/** Whether the keychain can wrap bytes now, and which backend would do it. */
export type KeyringAvailability =
  | {
      available: true
      /**
       * Which keychain does the wrapping: on Linux Electron's backend name (`gnome_libsecret`,
       * `kwallet5`, `basic_text`...), elsewhere the platform's (`keychain`, `dpapi`). Stored with the
       * wrapped blob; a different backend later means the blob is not to be trusted any more.
       */
      backend: string
    }
  /** `reason` is one sentence a person can read. */
  | { available: false; reason: string }

/** What unwrapping gives back. */
export interface UnwrappedBytes {
  data: Buffer
  /** The keychain's key was rotated or upgraded: wrap `data` again and store the new blob. */
  stale: boolean
}

/**
 * Only the desktop build has one; web mode and the CLI pass none. Implementations never log the
 * bytes they are given or give back, and their errors never carry them.
 */
export interface DeviceKeyring {
  availability(): Promise<KeyringAvailability>
  /** Encrypts `data` so only this OS account on this device can decrypt it. */
  wrap(data: Buffer): Promise<Buffer>
  /** Decrypts a blob `wrap` made; rejects when the keychain cannot. */
  unwrap(blob: Buffer): Promise<UnwrappedBytes>
}

/** The Linux backend that only obscures data with a key built into Chromium: never good enough. */
export const plainTextBackend = 'basic_text'
