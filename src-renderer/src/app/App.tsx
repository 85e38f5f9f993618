// The app frame: sidebar, header and content area; runs in the renderer.
import { useEffect } from 'react'
import { useAppStore } from './app.store'

export function App() {
  const { info, error, load } = useAppStore()
  useEffect(() => {
    void load()
  }, [load])
  return (
    <div className="frame">
      <aside className="sidebar">Hubkeys</aside>
      <main className="content">
        {error ? <p role="alert">{error}</p> : null}
        {info ? <p data-testid="app-version">Version {info.version}</p> : <p>Loading…</p>}
      </main>
    </div>
  )
}
