// An honest placeholder for a screen that is listed but not built yet; renderer.
import { screenById, type ScreenId } from './screens'
import { EmptyState } from '../ui/EmptyState'
import styles from './NotBuiltScreen.module.css'

export function NotBuiltScreen({ screen }: { screen: Exclude<ScreenId, 'overview'> }) {
  const spec = screenById(screen)
  return (
    <div className={styles.page}>
      <EmptyState icon={screen} title={`${spec.title} is not built yet`} text={[spec.summary]} />
    </div>
  )
}
