// Writes a copied key to the system clipboard through the port and clears it later only if it still holds that copy (by hash, never the plaintext); core, desktop only.
import type { Clipboard } from '../ports/clipboard.port'
import type { Logger } from '../ports/logger.port'
import { platform } from '../ports/platform.port'

export interface ClipboardGuard {
  /** Writes `text` and schedules its clearing after `seconds`; answers when that is (epoch ms). */
  copy(text: string, seconds: number): Promise<number>
  /**
   * Clears the clipboard now if it still holds the last copy (lock, quit, the delay); something the
   * person copied since is left alone. True when it cleared.
   */
  clearIfOurs(): Promise<boolean>
  /** Stops the pending timer without touching the clipboard. */
  dispose(): void
}

export interface ClipboardGuardOptions {
  clipboard: Clipboard
  logger: Logger
  now?: () => number
}

export const createClipboardGuard = (options: ClipboardGuardOptions): ClipboardGuard => {
  const { clipboard, logger } = options
  const now = options.now ?? Date.now
  // Only a digest of the last copy is kept, so the plaintext lives no longer than the write.
  let copied: Buffer | undefined
  let timer: ReturnType<typeof setTimeout> | undefined

  const stopTimer = () => {
    clearTimeout(timer)
    timer = undefined
  }

  const checkAndClear = async (): Promise<boolean> => {
    stopTimer()
    const digest = copied
    copied = undefined
    if (!digest) return false
    try {
      const current = platform().sha256(await clipboard.readText())
      if (!platform().timingSafeEqual(current, digest)) return false
      await clipboard.clear()
      return true
    } catch (error) {
      // A clipboard that cannot be read is left as it is: clearing blindly could wipe someone else's copy.
      logger.log('warn', 'clipboard could not be checked', {
        error: error instanceof Error ? error.name : typeof error
      })
      return false
    }
  }

  // Lock and quit both ask at once (quit locks): the second waits for the first to finish, so
  // the process does not end while the clipboard is still being checked.
  let clearing: Promise<boolean> | undefined
  const clearIfOurs = (): Promise<boolean> =>
    (clearing ??= checkAndClear().finally(() => {
      clearing = undefined
    }))

  return {
    async copy(text, seconds) {
      stopTimer()
      // Remembered before the write, so a lock while it is under way still clears it.
      copied = platform().sha256(text)
      await clipboard.writeText(text)
      timer = setTimeout(() => void clearIfOurs(), seconds * 1000)
      // A pending clear must not keep a quitting process alive; quit clears explicitly.
      timer.unref?.()
      return now() + seconds * 1000
    },
    clearIfOurs,
    dispose: stopTimer
  }
}
