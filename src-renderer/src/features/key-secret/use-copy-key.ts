// The `useCopyKey()` hook every copy button calls (key detail, create dialog, rotation): keys:copy, the page's clipboard write in web mode, and the toast; renderer.
import { useCallback } from 'react'
import type { Client } from '../../api/client'
import type { CopyFormat } from '../../../../src-main/contract/key-secret.contract'
import { showToast } from '../../ui/toast.store'
import { useSettingsStore } from '../settings/settings.store'
import {
  createPageClipboardGuard,
  type ClearOutcome,
  type PageClipboardGuard
} from './page-clipboard'

export interface CopyTarget {
  connectionId: string
  /** Hubkeys' id of the key, the hub's key id or its fingerprint. */
  keyId: string
}

const notCleared =
  'The clipboard was not cleared: the browser did not let Hubkeys check what it holds. Clear it yourself.'

const reportClearing = (outcome: ClearOutcome) => {
  if (outcome === 'cleared') showToast('Clipboard cleared.', { tone: 'info', topic: 'copy' })
  else if (outcome === 'unreadable') showToast(notCleared, { tone: 'warn', topic: 'copy' })
}

// One guard per page: a copy outlives the panel or dialog it was made from.
let pageGuard: PageClipboardGuard | undefined
let watchedClient: Client | undefined

const guardFor = (client: Client): PageClipboardGuard => {
  pageGuard ??= createPageClipboardGuard(navigator.clipboard, reportClearing)
  if (watchedClient !== client) {
    watchedClient = client
    // Locking clears a copy still on the clipboard, as the desktop app does in main.
    const guard = pageGuard
    client.on('vault:locked', () => void guard.clearIfOurs().then(reportClearing))
  }
  return pageGuard
}

/** The toast's wording for a delay in seconds. */
export const clearsInText = (seconds: number): string =>
  seconds < 120 || seconds % 60 !== 0 ? `${seconds} s` : `${seconds / 60} min`

/**
 * Copies a key (its value, or its header, curl or .env line) and says so in a toast. On the
 * desktop main writes the clipboard; in web mode the answer carries the text for this one write.
 */
/** Answers whether the clipboard now holds the text (the toast says why not). */
export function useCopyKey(): (target: CopyTarget, as?: CopyFormat) => Promise<boolean> {
  const client = useSettingsStore((state) => state.client)
  return useCallback(
    async (target, as = 'value') => {
      const result = await client.call('keys:copy', { ...target, as })
      if (!result.ok) {
        showToast(result.error.message, { tone: 'danger', topic: 'copy' })
        return false
      }
      const { text, clearAfterSeconds } = result.value
      if (text !== undefined) {
        try {
          await guardFor(client).copy(text, clearAfterSeconds)
        } catch {
          showToast('The browser did not let Hubkeys write the clipboard; nothing was copied.', {
            tone: 'danger',
            topic: 'copy'
          })
          return false
        }
      }
      showToast(`Copied. Clipboard clears in ${clearsInText(clearAfterSeconds)}.`, {
        topic: 'copy'
      })
      return true
    },
    [client]
  )
}
