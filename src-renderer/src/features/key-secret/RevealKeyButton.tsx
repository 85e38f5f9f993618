// The key panel's Reveal toggle: shows the key's value for at most 30 seconds, hidden sooner on window blur, lock, closing the panel or another key; renderer.
import { useEffect, useState } from 'react'
import { Button } from '../../ui/Button'
import { showToast } from '../../ui/toast.store'
import { useSettingsStore } from '../settings/settings.store'
import type { CopyTarget } from './use-copy-key'
import styles from './KeySecret.module.css'

interface Shown {
  value: string
  seconds: number
}

export function RevealKeyButton({ target, valueId }: { target: CopyTarget; valueId: string }) {
  const client = useSettingsStore((state) => state.client)
  const [shown, setShown] = useState<Shown>()
  const [busy, setBusy] = useState(false)
  const { connectionId, keyId } = target

  // Another key (the panel follows the table's selection): the value of the last one goes.
  useEffect(() => () => setShown(undefined), [connectionId, keyId])

  // Subscribed for as long as the button exists, not from when a value is shown: a lock that
  // lands in the moment between showing the value and an effect running still hides it.
  useEffect(() => client.on('vault:locked', () => setShown(undefined)), [client])

  useEffect(() => {
    if (!shown) return
    const hide = () => setShown(undefined)
    const timer = setTimeout(hide, shown.seconds * 1000)
    // Out of sight, out of the page: switching windows hides it at once.
    window.addEventListener('blur', hide)
    return () => {
      clearTimeout(timer)
      window.removeEventListener('blur', hide)
    }
  }, [shown])

  const toggle = async () => {
    if (shown) {
      setShown(undefined)
      return
    }
    setBusy(true)
    const result = await client.call('keys:reveal', { connectionId, keyId })
    setBusy(false)
    if (!result.ok) {
      showToast(result.error.message, { tone: 'danger', topic: 'reveal' })
      return
    }
    setShown({ value: result.value.value, seconds: result.value.hideAfterSeconds })
  }

  return (
    <>
      <Button
        size="sm"
        variant="ghost"
        icon={shown ? 'eye-off' : 'eye'}
        busy={busy}
        aria-pressed={shown !== undefined}
        aria-controls={shown ? valueId : undefined}
        onClick={() => void toggle()}
      >
        {shown ? 'Hide' : 'Reveal'}
      </Button>
      {shown ? (
        <div id={valueId} className={styles.revealed} role="group" aria-label="Key value">
          <code className={styles.value}>{shown.value}</code>
          <span className={styles.hint}>
            Hidden after {shown.seconds} s, or when you leave the window.
          </span>
        </div>
      ) : null}
    </>
  )
}
