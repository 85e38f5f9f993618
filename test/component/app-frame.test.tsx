// @vitest-environment happy-dom
// Component tests of the app frame (sidebar, header, overview) against the real core behind a fake window.api.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createClient } from '../../src-renderer/src/api/client'
import { App } from '../../src-renderer/src/app/App'
import { createAppStore, type AppStore } from '../../src-renderer/src/app/app.store'
import { createAuditStore } from '../../src-renderer/src/features/audit/audit.store'
import { createConnectionsStore } from '../../src-renderer/src/features/connections/connections.store'
import { createHygieneStore } from '../../src-renderer/src/features/hygiene/hygiene.store'
import { createKeysStore } from '../../src-renderer/src/features/keys/keys.store'
import { createKeyCreateStore } from '../../src-renderer/src/features/key-create/key-create.store'
import { createPaletteStore } from '../../src-renderer/src/features/palette/palette.store'
import { createPolicyStore } from '../../src-renderer/src/features/policy/policy.store'
import { createRotationStore } from '../../src-renderer/src/features/rotation/rotation.store'
import { screens } from '../../src-renderer/src/app/screens'
import { createSettingsStore } from '../../src-renderer/src/features/settings/settings.store'
import { createVaultStore } from '../../src-renderer/src/features/vault/vault.store'
import { createCoreApi, type CoreApi } from '../helpers/fake-api'

let backend: CoreApi
let store: AppStore

const renderApp = () => {
  const client = createClient(() => backend.api)
  store = createAppStore(client)
  return render(
    <App
      store={store}
      vault={createVaultStore(client)}
      settings={createSettingsStore(client)}
      connections={createConnectionsStore(client)}
      keys={createKeysStore(client)}
      hygiene={createHygieneStore(client)}
      audit={createAuditStore(client)}
      palette={createPaletteStore(client)}
      policy={createPolicyStore(client)}
      keyCreate={createKeyCreateStore(client)}
      rotation={createRotationStore(client)}
    />
  )
}

beforeEach(async () => {
  backend = await createCoreApi()
  // The frame shows only behind an unlocked vault; vault-screens.test.tsx covers the way there.
  await backend.api.invoke('vault:create', { password: 'frame tests only, unlocked' })
})

afterEach(async () => {
  cleanup()
  document.documentElement.removeAttribute('data-theme')
  await backend.close()
})

describe('app frame', () => {
  it('shows version, mode and data folder from app:info', async () => {
    renderApp()
    const version = await screen.findByTestId('app-version')
    // test-core.ts reports version 0.0.0-test, web mode and /tmp/hubkeys-test.
    expect(version.textContent).toBe('Version 0.0.0-test')
    expect(screen.getByText('Web').closest('[title]')?.getAttribute('title')).toMatch(/Web mode/)
    const facts = screen.getByRole('region', { name: 'This instance' })
    expect(within(facts).getByText('0.0.0-test')).toBeTruthy()
    expect(within(facts).getByText(/^Web/)).toBeTruthy()
    expect(within(facts).getAllByText('/tmp/hubkeys-test')).toHaveLength(1)
    expect(screen.queryByRole('alert')).toBeNull()
    expect(backend.api.calls.map((call) => call.channel)).toContain('app:info')
  })

  it('renders the frame: sidebar navigation, header title, connections placeholder', async () => {
    renderApp()
    await screen.findByTestId('app-version')
    expect(screen.getByRole('heading', { level: 1, name: 'Overview' })).toBeTruthy()
    expect(document.title).toBe('Overview · Hubkeys')

    const nav = screen.getByRole('navigation', { name: 'Screens' })
    const current = within(nav).getByRole('button', { name: /Overview/ })
    expect(current.getAttribute('aria-current')).toBe('page')

    // Every screen of DESIGN.md section 7 is listed; those not built say so and do not pretend.
    for (const spec of screens.filter((s) => !s.available)) {
      const item = screen.getByRole('button', { name: new RegExp(`^${spec.title}`) })
      expect(item.getAttribute('aria-disabled')).toBe('true')
      expect(item.getAttribute('title')).toBe('Coming soon')
    }
    expect((await screen.findAllByText(/no connections yet/i)).length).toBeGreaterThan(0)
    // The key search works from every screen.
    expect((screen.getByRole('searchbox') as HTMLInputElement).disabled).toBe(false)
  })

  it('opens the Rotation screen: policies, proposals and the journal', async () => {
    renderApp()
    await screen.findByTestId('app-version')
    fireEvent.click(screen.getByRole('button', { name: /^Rotation/ }))
    expect(store.getState().screen).toBe('rotation')
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Rotation')
    expect(
      await screen.findByRole('heading', { level: 2, name: 'Proposed by policy' })
    ).toBeTruthy()
    expect(await screen.findByText(/No rotation yet/)).toBeTruthy()
  })

  it('shows a clear alert when app:info answers with an error envelope, and recovers on retry', async () => {
    const message =
      'This page was opened without its access token; use the address web mode printed.'
    backend.api.override('app:info', () => ({ ok: false, error: { code: 'UNAVAILABLE', message } }))
    renderApp()
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Hubkeys is not connected')
    expect(alert.textContent).toContain(message)
    expect(alert.textContent).toContain('UNAVAILABLE')
    expect(screen.queryByTestId('app-version')).toBeNull()
    expect(screen.getByText('Not connected')).toBeTruthy()

    backend.api.override('app:info', undefined)
    fireEvent.click(within(alert).getByRole('button', { name: /try again/i }))
    expect((await screen.findByTestId('app-version')).textContent).toBe('Version 0.0.0-test')
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('names other failures for what they are', async () => {
    backend.api.override('app:info', () => ({
      ok: false,
      error: { code: 'INTERNAL', message: 'Something went wrong inside Hubkeys.' }
    }))
    renderApp()
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('could not start this window')
    expect(alert.textContent).toContain('INTERNAL')
  })

  it('applies the stored theme and follows prefs:changed', async () => {
    await backend.api.invoke('prefs:set', { theme: 'dark' })
    renderApp()
    await screen.findByTestId('app-version')
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark')

    // Another window (or the settings screen) changes the theme: the event reaches this one.
    await act(async () => {
      await backend.api.invoke('prefs:set', { theme: 'light' })
    })
    expect(document.documentElement.getAttribute('data-theme')).toBe('light')
    await act(async () => {
      await backend.api.invoke('prefs:set', { theme: 'system' })
    })
    expect(document.documentElement.hasAttribute('data-theme')).toBe(false)
  })

  it('stops following preferences once unmounted', async () => {
    const view = renderApp()
    await screen.findByTestId('app-version')
    view.unmount()
    await backend.api.invoke('prefs:set', { theme: 'dark' })
    expect(document.documentElement.hasAttribute('data-theme')).toBe(false)
  })
})
