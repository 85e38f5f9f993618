// Turns better-sqlite3, Node module-loading and file-system errors into one-sentence StoreErrors; runs in the main process.
import { StoreError } from '../../core/ports/store-error'

interface CodedError extends Error {
  code?: unknown
}

const codeOf = (error: unknown): string | undefined => {
  if (!(error instanceof Error)) return undefined
  const code = (error as CodedError).code
  return typeof code === 'string' ? code : undefined
}

export const isSqliteError = (error: unknown): error is Error & { code: string } =>
  codeOf(error)?.startsWith('SQLITE_') === true

/** SQLite's own verdict that the bytes are not (or no longer) a database. */
export const isCorruption = (error: unknown): boolean => {
  const code = codeOf(error)
  return code === 'SQLITE_NOTADB' || code?.startsWith('SQLITE_CORRUPT') === true
}

/** A short reason for people, from an errno or SQLite code; never the raw message. */
export const reasonFor = (error: unknown): string => {
  const code = codeOf(error) ?? ''
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return 'another Hubkeys window or command is using it'
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'the disk is full'
  if (
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_PERM') ||
    code.startsWith('SQLITE_AUTH') ||
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'EROFS'
  ) {
    return 'permission was denied'
  }
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'a file is in the way'
  if (code === 'EISDIR') return 'a folder is in the way'
  if (code.startsWith('SQLITE_CANTOPEN')) return 'the file cannot be opened'
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') return 'a disk read or write failed'
  return code ? `of an error (${code})` : 'of an unexpected error'
}

const abiPattern =
  /NODE_MODULE_VERSION|compiled against a different Node\.js version|invalid ELF header|wrong ELF class|not a valid Win32 application|incompatible architecture|Could not locate the bindings file/i

/**
 * Recognises a native addon that cannot load here: built for another ABI (Node vs Electron), for
 * another platform, or missing. Returns undefined for anything else.
 */
export const nativeLoadFailure = (
  error: unknown,
  nativeBinding?: string
): StoreError | undefined => {
  if (!(error instanceof Error)) return undefined
  const code = codeOf(error)
  const missingBinding =
    code === 'MODULE_NOT_FOUND' &&
    (error.message.includes('better_sqlite3') ||
      (nativeBinding !== undefined && error.message.includes(nativeBinding.replace(/\.node$/, ''))))
  if (code !== 'ERR_DLOPEN_FAILED' && !missingBinding && !abiPattern.test(error.message))
    return undefined
  const message =
    nativeBinding === undefined
      ? 'The SQLite module (better-sqlite3) was not built for this Node.js version; run `npm rebuild better-sqlite3` and try again.'
      : `The desktop build of the SQLite module (${nativeBinding}) does not fit this Electron version; run \`npm start\` with network access so it is rebuilt, then try again.`
  return new StoreError('NATIVE_MISMATCH', message, { cause: error })
}

/**
 * Maps an error from a store operation: SQLite corruption, constraint, busy and disk errors become
 * StoreErrors; anything else (a programming error, an error thrown by a caller's callback) passes
 * through unchanged.
 */
export const translateStoreError = (error: unknown, doing: string): unknown => {
  if (error instanceof StoreError || !isSqliteError(error)) return error
  if (isCorruption(error)) {
    return new StoreError(
      'CORRUPT',
      `Hubkeys could not ${doing} because its data file is damaged; run \`hubkeys doctor\` to see what is wrong and \`hubkeys doctor --recover\` to save what can be read.`,
      { cause: error }
    )
  }
  if (error.code.startsWith('SQLITE_CONSTRAINT')) {
    return new StoreError(
      'CONFLICT',
      `Hubkeys could not ${doing} because it clashes with stored data.`,
      {
        cause: error
      }
    )
  }
  if (
    error.code === 'SQLITE_ERROR' ||
    error.code === 'SQLITE_MISUSE' ||
    error.code === 'SQLITE_RANGE'
  ) {
    return error
  }
  return new StoreError('IO', `Hubkeys could not ${doing} because ${reasonFor(error)}.`, {
    cause: error
  })
}
