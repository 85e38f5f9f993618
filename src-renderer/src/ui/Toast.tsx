// The toast region at the bottom of the window: short confirmations read out politely (aria-live), each dismissible; renderer.
import { Icon, type IconName } from './Icon'
import { dismissToast, useToasts, type ToastTone } from './toast.store'
import styles from './Toast.module.css'

const icons: Record<ToastTone, IconName> = {
  ok: 'circle-check',
  info: 'info',
  warn: 'alert',
  danger: 'alert'
}

/**
 * Rendered once by the app frame and always present, even empty, so screen readers are already
 * listening when the first toast arrives. A polite log, not a `status`: forms keep their own
 * status lines, and toasts are a sequence of messages.
 */
export function ToastRegion() {
  const toasts = useToasts()
  return (
    <div className={styles.region} role="log" aria-live="polite" aria-label="Notifications">
      {toasts.map((toast) => (
        <div key={toast.id} className={`${styles.toast} ${styles[toast.tone]}`}>
          <Icon name={icons[toast.tone]} size={16} className={styles.icon} />
          <span className={styles.text}>{toast.text}</span>
          <button
            type="button"
            className={styles.dismiss}
            aria-label="Dismiss notification"
            onClick={() => dismissToast(toast.id)}
          >
            <Icon name="x" size={14} />
          </button>
        </div>
      ))}
    </div>
  )
}
