// An honest placeholder for a screen that is listed but not built yet; renderer.
import { screenById, type ScreenId } from '../app/screens'
import { Icon } from '../ui/Icon'
import styles from './overview/OverviewScreen.module.css'

export function NotBuiltScreen({ screen }: { screen: Exclude<ScreenId, 'overview'> }) {
  const spec = screenById(screen)
  return (
    <div className={styles.page}>
      <section className={styles.empty}>
        <div className={styles.emptyIcon}>
          <Icon name={screen} size={20} />
        </div>
        <h2 className={styles.emptyTitle}>{spec.title} is not built yet</h2>
        <p className={styles.emptyText}>{spec.summary}</p>
      </section>
    </div>
  )
}
