// The web-mode expiry reminder: a banner at the top of the app when keys expire within 30, 7 or 1 days, dismissible for the session; renderer.
import { useAppStore } from '../../app/app.store'
import { useKeysStore } from '../keys/keys.store'
import { Button } from '../../ui/Button'
import { Icon } from '../../ui/Icon'
import { useHygieneStore } from './hygiene.store'
import { reminderBanner } from './reminders'
import styles from './ReminderBanner.module.css'

/**
 * Web mode has no desktop notifications, so reminders show here; the desktop build is meant to
 * notify from main instead, so the banner stays away there.
 */
export function ReminderBanner() {
  const web = useAppStore((state) => state.info?.mode === 'web')
  const go = useAppStore((state) => state.go)
  const summary = useHygieneStore((state) => state.summary)
  const dismissed = useHygieneStore((state) => state.dismissed)
  const dismiss = useHygieneStore((state) => state.dismiss)
  const applyQuery = useKeysStore((state) => state.applyQuery)
  if (!web || !summary) return null
  const banner = reminderBanner(summary)
  if (!banner || banner.signature === dismissed) return null
  return (
    <div
      className={`${styles.banner} ${styles[banner.tone]}`}
      role="status"
      aria-label="Expiry reminder"
    >
      <Icon name="bell" size={14} className={styles.icon} />
      <span className={styles.text}>{banner.text}.</span>
      <Button
        size="sm"
        variant="ghost"
        className={styles.action}
        onClick={() => {
          applyQuery(banner.query)
          go('keys')
        }}
      >
        Review keys
      </Button>
      <Button
        size="sm"
        variant="ghost"
        icon="x"
        aria-label="Dismiss the reminder"
        title="Dismiss until something changes"
        className={styles.dismiss}
        onClick={() => dismiss(banner.signature)}
      />
    </div>
  )
}
