// Composition root of the desktop app, run by Electron's main process: builds the core and opens the hardened window.
// First: core's host primitives (crypto, zlib) must be installed before any core module runs.
import '../adapters/platform/install-node-platform'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  app,
  BrowserWindow,
  type BrowserWindowConstructorOptions,
  clipboard,
  dialog,
  ipcMain,
  nativeTheme,
  powerMonitor,
  session
} from 'electron'
import { createAppCore, type AppCore } from '../core/app-core'
import { StoreError } from '../core/ports/store-error'
import { createArgon2Kdf } from '../adapters/crypto/argon2.kdf'
import { defaultDataDir } from '../adapters/paths/data-dir'
import { appVersion } from '../adapters/paths/app-version'
import { openSqliteStores } from '../adapters/sqlite/sqlite-stores'
import { recoverStore, recoveryReportLines } from '../adapters/sqlite/store-recovery'
import { createHttpClientFactory } from '../adapters/http/http-client'
import { createFileLogger } from '../adapters/logging/file-logger'
import { openConfReminderLog } from '../adapters/preferences/conf.reminder-log'
import { createDesktopNotifier } from './expiry-notifier'
import { findElectronSqliteBinding } from '../launcher/launch-decision'
import { registerAppScheme, serveAppProtocol } from './app-protocol'
import { packagedSqliteBindingPath, windowIconPath } from './app-assets'
import { openElectronPreferences } from './electron-store.preferences'
import { forwardEvents, registerIpc } from './ipc.handlers'
import { createPowerEvents } from './power-events'
import { createElectronClipboard } from './electron.clipboard'
import { createSafeStorageKeyring } from './safe-storage.keyring'
import { secureWebPreferences } from './secure-web-preferences'
import { appOrigin, isTrustedSender } from './trusted-sender'
import { denyAllPermissions, installWindowGuards } from './window-guards'

const appName = 'Hubkeys'
// Both sit beside this file once built: out/main/main.js, out/preload/index.cjs, out/renderer/.
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url))
const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url))
// One data folder for the desktop app, web mode and the CLI (src-main/adapters/paths/data-dir.ts).
const dataDir = defaultDataDir()

// Background painted before the first frame, so a dark system never flashes white.
const backgroundColor = (): string => (nativeTheme.shouldUseDarkColors ? '#16181d' : '#f7f7f8')

/** Facts for app-assets.ts; `process.resourcesPath` is Electron's, read only once Electron runs this. */
const assetFacts = () => ({
  isPackaged: app.isPackaged,
  resourcesPath: process.resourcesPath,
  appPath: app.getAppPath()
})

/** Our windows by webContents id: the only senders IPC trusts and the only receivers of events. */
const windows = new Map<number, BrowserWindow>()

const createWindow = (): BrowserWindow => {
  const icon = windowIconPath(assetFacts(), process.platform)
  const options: BrowserWindowConstructorOptions = {
    title: appName,
    ...(icon === undefined ? {} : { icon }),
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    show: false,
    backgroundColor: backgroundColor(),
    webPreferences: secureWebPreferences({ preloadPath, isPackaged: app.isPackaged })
  }
  // Electronegativity reads only literal webPreferences, so it cannot see that secureWebPreferences()
  // sets sandbox and contextIsolation (unit-tested); middle-click (auxclick) can open nothing because
  // window-guards denies every new window and navigation.
  const window = new BrowserWindow(options) // eng-disable SANDBOX_JS_CHECK CONTEXT_ISOLATION_JS_CHECK AUXCLICK_JS_CHECK
  const id = window.webContents.id
  windows.set(id, window)
  window.once('ready-to-show', () => window.show())
  window.on('closed', () => windows.delete(id))
  void window.loadURL(`${appOrigin}/index.html`)
  return window
}

const focus = (window: BrowserWindow): void => {
  if (window.isMinimized()) window.restore()
  window.show()
  window.focus()
}

/** A start-up error whose dialog has been shown already. */
class StartupFailure extends Error {}

/** Quits with one sentence in a dialog: the person sees why, not a stack trace. */
const fail = (message: string): never => {
  dialog.showErrorBox('Hubkeys cannot start', message)
  app.exit(1)
  throw new StartupFailure(message)
}

/**
 * The better-sqlite3 addon for Electron's ABI (DESIGN.md section 10). The copy npm built is for
 * Node and must not be loaded here; without the Electron build the app stops with one sentence.
 * A packaged app carries the one made at packaging in its resources folder.
 */
const electronSqliteBinding = (): string | undefined => {
  if (!app.isPackaged) return findElectronSqliteBinding(join(app.getAppPath(), 'node_modules'))
  const packaged = packagedSqliteBindingPath(process.resourcesPath)
  return existsSync(packaged) ? packaged : undefined
}

const openDesktopStore = () => {
  const nativeBinding = electronSqliteBinding()
  if (!nativeBinding) {
    return fail(
      app.isPackaged
        ? 'This Hubkeys package is missing its SQLite module (resources/native/better_sqlite3.node); install it again.'
        : 'The SQLite module has no build for this Electron version (node_modules/.electron-native/better_sqlite3.node is missing); build it on a machine with network access (`npm run electron-native`), or run `npm run web`.'
    )
  }
  try {
    return openSqliteStores({ dataDir, nativeBinding })
  } catch (error) {
    if (error instanceof StoreError && error.code === 'CORRUPT') {
      return recoverOrQuit(error, nativeBinding)
    }
    return fail(
      error instanceof StoreError ? error.message : 'Hubkeys could not open its data file.'
    )
  }
}

/** A damaged file is never replaced silently: the person chooses to recover what can be read, or to quit. */
const recoverOrQuit = (damaged: StoreError, nativeBinding: string) => {
  const choice = dialog.showMessageBoxSync({
    type: 'error',
    message: damaged.message,
    detail:
      'Recover copies every readable row of the vault, secrets, connections and recorded keys into a new data file and keeps the damaged file beside it.',
    buttons: ['Recover', 'Quit'],
    defaultId: 1,
    cancelId: 1
  })
  if (choice !== 0) return fail(damaged.message)
  try {
    const report = recoverStore({ dataDir, nativeBinding })
    dialog.showMessageBoxSync({
      type: 'info',
      message: report.message,
      detail: recoveryReportLines(report).slice(1).join('\n')
    })
    return openSqliteStores({ dataDir, nativeBinding })
  } catch (error) {
    return fail(
      error instanceof StoreError ? error.message : 'Hubkeys could not recover its data file.'
    )
  }
}

const start = async (): Promise<void> => {
  await app.whenReady()
  const store = openDesktopStore()
  const preferences = openElectronPreferences(dataDir)
  const logger = createFileLogger({ dataDir })
  const core: AppCore = createAppCore({
    facts: {
      name: appName,
      version: appVersion,
      mode: 'desktop',
      dataDir,
      platform: process.platform
    },
    stores: store,
    kdf: createArgon2Kdf(),
    http: createHttpClientFactory(logger),
    preferences,
    power: createPowerEvents(powerMonitor),
    // Made after `ready`: safeStorage's async encryptor and Linux backend exist only from then.
    keyring: createSafeStorageKeyring(),
    logger,
    backgroundSync: true,
    dailyBackups: true,
    // Copies are written here in main; the renderer never receives a copied value.
    clipboard: createElectronClipboard(clipboard),
    rotation: { resumeOnUnlock: true },
    reminders: { notifier: createDesktopNotifier(), log: openConfReminderLog(dataDir) }
  })

  denyAllPermissions(session.defaultSession)
  serveAppProtocol(rendererDir)
  registerIpc(ipcMain, core.dispatch, (event) => isTrustedSender(event, { windowIds: windows }))
  forwardEvents(core.events, () => [...windows.values()].map((window) => window.webContents))

  nativeTheme.on('updated', () => {
    for (const window of windows.values()) window.setBackgroundColor(backgroundColor())
  })

  createWindow()
  if (preferences.movedAside) {
    void dialog.showMessageBox({
      type: 'warning',
      message: `The preferences file was not valid JSON; it was moved aside to ${preferences.movedAside}.`
    })
  }

  app.on('activate', () => {
    // macOS: clicking the dock icon with no window open opens one.
    if (windows.size === 0) createWindow()
  })

  // Lock the vault (it clears keys from memory) and close the database before the process ends.
  let closed = false
  app.on('will-quit', (event) => {
    if (closed) return
    event.preventDefault()
    void core
      .close()
      .catch(() => undefined)
      .finally(() => {
        closed = true
        store.close()
        app.quit()
      })
  })
}

// Everything below runs before `ready`, in this order, because Electron reads it at start-up.
app.setName(appName)
// Private to this user before Chromium or the store write anything into it.
mkdirSync(dataDir, { recursive: true, mode: 0o700 })
// Also where the single-instance lock lives, so it must be set before asking for the lock.
app.setPath('userData', dataDir)
// Every renderer is sandboxed, including any a future change forgets to configure.
app.enableSandbox()
registerAppScheme()
installWindowGuards(app)

if (!app.requestSingleInstanceLock()) {
  // Another Hubkeys is running: it gets `second-instance` and shows its window; this one leaves.
  app.quit()
} else {
  app.on('second-instance', () => {
    const [first] = windows.values()
    if (first) focus(first)
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  start().catch((error: unknown) => {
    const message = `Hubkeys could not start: ${error instanceof Error ? error.message : String(error)}`
    console.error(message)
    // fail() has shown its own dialog already; anything else gets one here.
    if (!(error instanceof StartupFailure) && app.isReady()) {
      dialog.showErrorBox('Hubkeys cannot start', message)
    }
    app.exit(1)
  })
}
