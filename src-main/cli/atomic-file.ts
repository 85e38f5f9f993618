// Writes a file all at once or not at all (temporary file beside it, fsync, rename, fsync of the folder), for reports and exports; plain Node, CLI only.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { randomBytes } from 'node:crypto'

/**
 * A crash leaves either the old file or the new one, never half of either. `mode` 0o600 by
 * default: reports name every key, exports may hold more.
 */
export const writeFileAtomically = (path: string, text: string, mode = 0o600): void => {
  const folder = dirname(path)
  const temporary = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  const fd = openSync(temporary, 'wx', mode)
  try {
    const bytes = Buffer.from(text, 'utf8')
    let written = 0
    while (written < bytes.length) written += writeSync(fd, bytes, written)
    fsyncSync(fd)
  } catch (error) {
    closeSync(fd)
    rmSync(temporary, { force: true })
    throw error
  }
  closeSync(fd)
  try {
    renameSync(temporary, path)
  } catch (error) {
    rmSync(temporary, { force: true })
    throw error
  }
  // The rename itself is durable only once the folder's entry is on disk (not possible on Windows).
  try {
    const dir = openSync(folder, 'r')
    try {
      fsyncSync(dir)
    } finally {
      closeSync(dir)
    }
  } catch {
    // Folders cannot be opened for fsync on Windows; the rename is still atomic there.
  }
}
