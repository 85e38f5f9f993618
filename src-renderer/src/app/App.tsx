// The app frame (sidebar, header, content) around the current screen; runs in the renderer.
import { useEffect, useRef, type MouseEvent } from 'react'
import { AppStoreProvider, useAppStore, type AppStore } from './app.store'
import { ConnectionError } from './ConnectionError'
import { Header } from './Header'
import { Sidebar } from './Sidebar'
import { screenById, type ScreenId } from './screens'
import { OverviewScreen } from '../screens/overview/OverviewScreen'
import { NotBuiltScreen } from '../screens/NotBuiltScreen'
import styles from './Frame.module.css'

export function App({ store }: { store: AppStore }) {
  return (
    <AppStoreProvider value={store}>
      <Frame />
    </AppStoreProvider>
  )
}

function ScreenView({ screen }: { screen: ScreenId }) {
  switch (screen) {
    case 'overview':
      return <OverviewScreen />
    default:
      // The store refuses screens that are not built; this only shows if that rule is bypassed.
      return <NotBuiltScreen screen={screen} />
  }
}

function Frame() {
  const load = useAppStore((state) => state.load)
  const watchPreferences = useAppStore((state) => state.watchPreferences)
  const screen = useAppStore((state) => state.screen)
  const error = useAppStore((state) => state.error)
  const content = useRef<HTMLElement>(null)

  useEffect(() => watchPreferences(), [watchPreferences])

  useEffect(() => {
    void load()
  }, [load])

  useEffect(() => {
    document.title = `${screenById(screen).title} · Hubkeys`
  }, [screen])

  // Focus the content without touching location.hash (web mode reads its token from the fragment).
  const skipToContent = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault()
    content.current?.focus()
  }

  return (
    <>
      <a className="skip-link" href="#content" onClick={skipToContent}>
        Skip to content
      </a>
      <div className={styles.frame}>
        <Sidebar />
        <div className={styles.main}>
          <Header title={screenById(screen).title} />
          <main id="content" ref={content} tabIndex={-1} className={styles.content}>
            {/* Without app:info nothing below can work, so the failure replaces the screen. */}
            {error ? <ConnectionError /> : <ScreenView screen={screen} />}
          </main>
        </div>
      </div>
    </>
  )
}
