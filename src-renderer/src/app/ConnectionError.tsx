// The panel shown instead of a screen when `app:info` or `vault:status` fails (no bridge, no token, main not answering).
import type { AppErrorBody } from '../../../src-main/contract/result'
import { Button } from '../ui/Button'
import { Icon } from '../ui/Icon'
import { useAppStore } from './app.store'
import styles from './Frame.module.css'

interface ErrorPanelProps {
  error: AppErrorBody
  retrying: boolean
  onRetry(): void
}

/** One clear sentence, the code for support, and a retry; used in the frame and on the vault screens. */
export function ErrorPanel({ error, retrying, onRetry }: ErrorPanelProps) {
  const disconnected = error.code === 'UNAVAILABLE' || error.code === 'TIMEOUT'
  return (
    <div role="alert" className={styles.alert}>
      <Icon name="alert" size={20} className={styles.alertIcon} />
      <div className={styles.alertBody}>
        <h2 className={styles.alertTitle}>
          {disconnected ? 'Hubkeys is not connected' : 'Hubkeys could not start this window'}
        </h2>
        <p className={styles.alertMessage}>{error.message}</p>
        <p className={styles.alertCode}>
          Error code <code>{error.code}</code>
        </p>
        <div className={styles.alertActions}>
          <Button
            icon="retry"
            onClick={onRetry}
            {...(retrying ? { disabledReason: 'Connecting…' } : {})}
          >
            {retrying ? 'Connecting…' : 'Try again'}
          </Button>
        </div>
      </div>
    </div>
  )
}

export function ConnectionError() {
  const error = useAppStore((state) => state.error)
  const status = useAppStore((state) => state.status)
  const load = useAppStore((state) => state.load)
  if (!error) return null
  return (
    <div className={styles.alertWrap}>
      <ErrorPanel error={error} retrying={status === 'loading'} onRetry={() => void load()} />
    </div>
  )
}
