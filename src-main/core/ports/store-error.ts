// The typed error the local store throws (open, migrate, repositories); core and the composition roots read its code.

/**
 * - `NEWER_VERSION`: the data file was written by a newer Hubkeys; nothing was changed.
 * - `CORRUPT`: the data file is damaged; nothing was changed, recovery is offered (`hubkeys doctor --recover`).
 * - `FOREIGN`: the file is another program's SQLite database; it is left untouched.
 * - `NATIVE_MISMATCH`: the SQLite native module does not fit this Node.js or Electron runtime.
 * - `CONFLICT`: the write clashes with what is stored (a second vault, a secret still in use).
 * - `IO`: the file system or SQLite refused (permissions, disk full, file busy).
 */
export type StoreErrorCode =
  | 'NEWER_VERSION'
  | 'CORRUPT'
  | 'FOREIGN'
  | 'NATIVE_MISMATCH'
  | 'CONFLICT'
  | 'IO'

/** The message is one sentence meant for people; it names files but never holds secrets. */
export class StoreError extends Error {
  readonly code: StoreErrorCode

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'StoreError'
    this.code = code
  }
}

export const isStoreError = (error: unknown): error is StoreError => error instanceof StoreError
