// Web mode's clipboard: writes a copied key with the browser's clipboard, keeps only its SHA-256, and clears it at the deadline or on lock only if it still holds that copy; renderer.

/** The part of `navigator.clipboard` this needs. */
export interface BrowserClipboard {
  writeText(text: string): Promise<void>
  readText(): Promise<string>
}

/** What a clearing found: done, someone copied something else since, or the browser refused the check. */
export type ClearOutcome = 'cleared' | 'changed' | 'unreadable' | 'nothing'

export interface PageClipboardGuard {
  /** Writes `text` and clears it after `seconds` if it is still there. Throws when the write is refused. */
  copy(text: string, seconds: number): Promise<void>
  /** Clears now (lock) if the clipboard still holds the last copy. */
  clearIfOurs(): Promise<ClearOutcome>
}

const encoder = new TextEncoder()

const digestOf = async (text: string): Promise<string> => {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)))
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

export const createPageClipboardGuard = (
  clipboard: BrowserClipboard,
  /** Told when a scheduled clearing could not happen, so the person hears of it. */
  onOutcome: (outcome: ClearOutcome) => void
): PageClipboardGuard => {
  // Only a digest of the last copy is kept: the value itself is not held after the write.
  let copied: string | undefined
  let timer: ReturnType<typeof setTimeout> | undefined

  const clearIfOurs = async (): Promise<ClearOutcome> => {
    clearTimeout(timer)
    timer = undefined
    const expected = copied
    copied = undefined
    if (expected === undefined) return 'nothing'
    let current: string
    try {
      current = await clipboard.readText()
    } catch {
      // The browser would not let the page read the clipboard: clearing blindly could wipe the
      // person's own copy, so it is left, and they are told.
      return 'unreadable'
    }
    if ((await digestOf(current)) !== expected) return 'changed'
    try {
      await clipboard.writeText('')
      return 'cleared'
    } catch {
      return 'unreadable'
    }
  }

  return {
    async copy(text, seconds) {
      clearTimeout(timer)
      await clipboard.writeText(text)
      copied = await digestOf(text)
      timer = setTimeout(() => void clearIfOurs().then(onOutcome), seconds * 1000)
    },
    clearIfOurs
  }
}
