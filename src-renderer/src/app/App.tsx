// The app root: reads the vault status and shows first run, unlock or the app frame (banner, header, screen, palette); renderer.
import { useEffect, useRef, type MouseEvent } from 'react'
import { AppStoreProvider, useAppStore, type AppStore } from './app.store'
import { AuditScreen } from '../features/audit/AuditScreen'
import { AuditStoreProvider, useAuditStore, type AuditStore } from '../features/audit/audit.store'
import {
  ConnectionsStoreProvider,
  type ConnectionsStore
} from '../features/connections/connections.store'
import { ConnectionsHost, useConnectionsSession } from '../features/connections/ConnectionsHost'
import {
  HygieneStoreProvider,
  useHygieneStore,
  type HygieneStore
} from '../features/hygiene/hygiene.store'
import { ReminderBanner } from '../features/hygiene/ReminderBanner'
import { InterruptedRotations } from '../features/rotation/InterruptedRotations'
import { RotationScreen } from '../features/rotation/RotationScreen'
import { RotationStoreProvider, type RotationStore } from '../features/rotation/rotation.store'
import { KeysStoreProvider, useKeysStore, type KeysStore } from '../features/keys/keys.store'
import {
  KeyCreateStoreProvider,
  type KeyCreateStore
} from '../features/key-create/key-create.store'
import { KeyCreateHost } from '../features/key-create/KeyCreateHost'
import { CommandPalette } from '../features/palette/CommandPalette'
import {
  PaletteStoreProvider,
  usePaletteStore,
  type PaletteStore
} from '../features/palette/palette.store'
import { ConnectionError, ErrorPanel } from './ConnectionError'
import { Header, screenHeadingId } from './Header'
import { Sidebar } from './Sidebar'
import { screenById, type ScreenId } from './screens'
import { useAppShortcuts } from './use-shortcuts'
import { HygieneScreen } from '../features/hygiene/HygieneScreen'
import { KeysScreen } from '../features/keys/KeysScreen'
import { OverviewScreen } from '../features/overview/OverviewScreen'
import { NotBuiltScreen } from './NotBuiltScreen'
import {
  PolicyStoreProvider,
  usePolicySession,
  type PolicyStore
} from '../features/policy/policy.store'
import { SettingsScreen } from '../features/settings/SettingsScreen'
import { SettingsStoreProvider, type SettingsStore } from '../features/settings/settings.store'
import { FirstRunScreen } from '../features/vault/FirstRunScreen'
import { UnlockScreen } from '../features/vault/UnlockScreen'
import { useActivityReports, useLockShortcut } from '../features/vault/use-vault-session'
import { VaultLayout } from '../features/vault/VaultLayout'
import { VaultStoreProvider, useVaultStore, type VaultStore } from '../features/vault/vault.store'
import { ToastRegion } from '../ui/Toast'
import styles from './Frame.module.css'

export interface AppProps {
  /** App-wide state: app:info, the open screen, the theme. */
  store: AppStore
  vault: VaultStore
  settings: SettingsStore
  /** Hub connections and their sync state; loaded only while the vault is unlocked. */
  connections: ConnectionsStore
  /** The key table, its detail panel and saved filters. */
  keys: KeysStore
  /** Hygiene counts, next expiries and the reminder banner. */
  hygiene: HygieneStore
  /** The Audit log screen and the trail in the key detail panel. */
  audit: AuditStore
  palette: PaletteStore
  /** The policy rules and the last check of the keys against them. */
  policy: PolicyStore
  /** The new-key dialog: open or not, and its calls. */
  keyCreate: KeyCreateStore
  /** Rotations: the banner's unfinished ones, live progress and every rotation call. */
  rotation: RotationStore
}

export function App({
  store,
  vault,
  settings,
  connections,
  keys,
  hygiene,
  audit,
  palette,
  policy,
  keyCreate,
  rotation
}: AppProps) {
  return (
    <AppStoreProvider value={store}>
      <VaultStoreProvider value={vault}>
        <SettingsStoreProvider value={settings}>
          <ConnectionsStoreProvider value={connections}>
            <KeysStoreProvider value={keys}>
              <HygieneStoreProvider value={hygiene}>
                <AuditStoreProvider value={audit}>
                  <PaletteStoreProvider value={palette}>
                    <PolicyStoreProvider value={policy}>
                      <KeyCreateStoreProvider value={keyCreate}>
                        <RotationStoreProvider value={rotation}>
                          <VaultGate />
                        </RotationStoreProvider>
                      </KeyCreateStoreProvider>
                    </PolicyStoreProvider>
                  </PaletteStoreProvider>
                </AuditStoreProvider>
              </HygieneStoreProvider>
            </KeysStoreProvider>
          </ConnectionsStoreProvider>
        </SettingsStoreProvider>
      </VaultStoreProvider>
    </AppStoreProvider>
  )
}

/** Nothing past this point renders before the vault says it is unlocked. */
function VaultGate() {
  const loadApp = useAppStore((state) => state.load)
  const watchPreferences = useAppStore((state) => state.watchPreferences)
  const loadVault = useVaultStore((state) => state.load)
  const watchVault = useVaultStore((state) => state.watch)
  const phase = useVaultStore((state) => state.phase)
  const loadError = useVaultStore((state) => state.loadError)
  const vaultState = useVaultStore((state) => state.status?.state)
  const session = useVaultStore((state) => state.session)

  // Theme and lock events apply on every screen, the unlock screen included.
  useEffect(() => watchPreferences(), [watchPreferences])
  useEffect(() => watchVault(), [watchVault])
  useEffect(() => {
    void loadApp()
    void loadVault()
  }, [loadApp, loadVault])

  if (loadError && vaultState === undefined) {
    return (
      <VaultLayout title="Not connected" bare>
        <ErrorPanel
          error={loadError}
          retrying={phase === 'loading'}
          onRetry={() => {
            void loadApp()
            void loadVault()
          }}
        />
      </VaultLayout>
    )
  }
  switch (vaultState) {
    case undefined:
      // The status takes milliseconds; an empty backdrop avoids flashing a screen that may not apply.
      return <VaultLayout title="Hubkeys" />
    case 'absent':
      return <FirstRunScreen />
    case 'locked':
      return <UnlockScreen />
    case 'unlocked':
      // A new session per unlock: nothing a screen kept in state survives a lock.
      return <UnlockedFrame key={session} />
  }
}

function ScreenView({ screen }: { screen: ScreenId }) {
  switch (screen) {
    case 'overview':
      return <OverviewScreen />
    case 'keys':
      return <KeysScreen />
    case 'hygiene':
      return <HygieneScreen />
    case 'rotation':
      return <RotationScreen />
    case 'audit':
      return <AuditScreen />
    case 'settings':
      return <SettingsScreen />
    default:
      // The store refuses screens that are not built; this only shows if that rule is bypassed.
      return <NotBuiltScreen screen={screen} />
  }
}

/** Follows sync for the inventory views while the vault is open; forgets keys and counts on lock. */
function useInventorySession() {
  const watchKeys = useKeysStore((state) => state.watch)
  const clearKeys = useKeysStore((state) => state.clear)
  const watchHygiene = useHygieneStore((state) => state.watch)
  const loadHygiene = useHygieneStore((state) => state.load)
  const clearHygiene = useHygieneStore((state) => state.clear)
  const clearAudit = useAuditStore((state) => state.clear)
  const hidePalette = usePaletteStore((state) => state.hide)
  useEffect(() => {
    const stopKeys = watchKeys()
    const stopHygiene = watchHygiene()
    // The reminder banner needs the counts on every screen, not only on Hygiene.
    void loadHygiene()
    return () => {
      stopKeys()
      stopHygiene()
      clearKeys()
      clearHygiene()
      clearAudit()
      hidePalette()
    }
  }, [watchKeys, clearKeys, watchHygiene, loadHygiene, clearHygiene, clearAudit, hidePalette])
}

function UnlockedFrame() {
  useActivityReports()
  useLockShortcut()
  useAppShortcuts()
  useConnectionsSession()
  useInventorySession()
  usePolicySession()
  return <Frame />
}

function Frame() {
  const screen = useAppStore((state) => state.screen)
  const error = useAppStore((state) => state.error)
  const content = useRef<HTMLElement>(null)
  const shown = useRef(screen)

  useEffect(() => {
    document.title = `${screenById(screen).title} · Hubkeys`
  }, [screen])

  // Moving to another screen takes the focus to its heading, unless the move came from a control
  // that keeps working there (the header search) or the new screen already placed it (a key's
  // panel opened from the palette). Runs after the screen's own effects: parents run last.
  useEffect(() => {
    if (shown.current === screen) return
    shown.current = screen
    const active = document.activeElement
    const header = document.getElementById(screenHeadingId)?.closest('header')
    if (active && active !== document.body) {
      if (header?.contains(active) || content.current?.contains(active)) return
      if (active.closest('[aria-modal="true"]')) return
    }
    document.getElementById(screenHeadingId)?.focus()
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
          <ReminderBanner />
          <InterruptedRotations />
          <Header title={screenById(screen).title} />
          <main
            id="content"
            ref={content}
            tabIndex={-1}
            className={styles.content}
            data-region="content"
          >
            {/* Without app:info nothing below can work, so the failure replaces the screen. */}
            {error ? <ConnectionError /> : <ScreenView screen={screen} />}
          </main>
        </div>
      </div>
      <ConnectionsHost />
      <KeyCreateHost />
      <CommandPalette />
      <ToastRegion />
    </>
  )
}
