// React hooks active while the vault is unlocked: report activity for idle locking, lock on Ctrl/Cmd+L; renderer.
import { useEffect } from 'react'
import { useVaultStore } from './vault.store'

/** Input that shows a person is at the keyboard; `touch` itself keeps the reports to one per 30 s. */
const activityEvents = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const

export function useActivityReports(): void {
  const touch = useVaultStore((state) => state.touch)
  useEffect(() => {
    const onActivity = () => touch()
    const options = { capture: true, passive: true }
    for (const type of activityEvents) window.addEventListener(type, onActivity, options)
    return () => {
      for (const type of activityEvents) window.removeEventListener(type, onActivity, options)
    }
  }, [touch])
}

/** Is this the lock shortcut: Ctrl+L, or Cmd+L on a Mac, with no other modifier? */
export const isLockShortcut = (event: KeyboardEvent): boolean =>
  (event.ctrlKey || event.metaKey) &&
  !event.altKey &&
  !event.shiftKey &&
  event.key.toLowerCase() === 'l'

export function useLockShortcut(): void {
  const lock = useVaultStore((state) => state.lock)
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isLockShortcut(event)) return
      // In a browser Ctrl+L would jump to the address bar; here it means "lock now", from anywhere.
      event.preventDefault()
      if (!event.repeat) void lock()
    }
    window.addEventListener('keydown', onKey, { capture: true })
    return () => window.removeEventListener('keydown', onKey, { capture: true })
  }, [lock])
}
