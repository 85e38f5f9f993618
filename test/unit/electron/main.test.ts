// Smoke test of the desktop composition root with a fake electron: start-up order, window, IPC, refusals.
import type { EventEmitter } from 'node:events'
import type * as SqliteStores from '../../../src-main/adapters/sqlite/sqlite-stores'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { channelNames } from '../../../src-main/contract/names'

/** Everything the fake electron records; reset before each test. */
const fake = vi.hoisted(() => {
  const state = {
    log: [] as string[],
    lock: true,
    packaged: false,
    appPath: '',
    windows: [] as { id: number; options: Record<string, unknown>; url?: string; shown: boolean }[],
    handlers: new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>(),
    errors: [] as string[],
    exitCode: undefined as number | undefined,
    readyResolve: (() => undefined) as () => void,
    appEvents: undefined as unknown as EventEmitter
  }
  return state
})

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events')
  const app = Object.assign(new EventEmitter(), {
    setName: (name: string) => fake.log.push(`setName ${name}`),
    setPath: (name: string, path: string) => fake.log.push(`setPath ${name} ${path}`),
    enableSandbox: () => fake.log.push('enableSandbox'),
    requestSingleInstanceLock: () => {
      fake.log.push('requestSingleInstanceLock')
      return fake.lock
    },
    whenReady: () => new Promise<void>((resolve) => (fake.readyResolve = resolve)),
    isReady: () => true,
    getAppPath: () => fake.appPath,
    quit: () => fake.log.push('quit'),
    exit: (code: number) => {
      fake.exitCode = code
      fake.log.push(`exit ${code}`)
    }
  })
  // An accessor, so each test can choose; Object.assign would copy a getter's value once.
  Object.defineProperty(app, 'isPackaged', { get: () => fake.packaged })
  fake.appEvents = app
  let nextId = 1
  class BrowserWindow extends EventEmitter {
    readonly record: { id: number; options: Record<string, unknown>; url?: string; shown: boolean }
    readonly webContents: { id: number; send: () => void; isDestroyed: () => boolean }
    constructor(options: Record<string, unknown>) {
      super()
      const id = nextId++
      this.record = { id, options, shown: false }
      this.webContents = { id, send: () => undefined, isDestroyed: () => false }
      fake.windows.push(this.record)
    }
    loadURL(url: string) {
      this.record.url = url
      return Promise.resolve()
    }
    show() {
      this.record.shown = true
    }
    setBackgroundColor() {}
  }
  const session = {
    setPermissionRequestHandler: () => fake.log.push('deny permissions'),
    setPermissionCheckHandler: () => undefined,
    setDevicePermissionHandler: () => undefined
  }
  return {
    app,
    BrowserWindow,
    dialog: {
      showErrorBox: (_title: string, message: string) => fake.errors.push(message),
      showMessageBox: async () => ({ response: 0 })
    },
    ipcMain: {
      handle: (channel: string, listener: (event: unknown, payload: unknown) => Promise<unknown>) =>
        fake.handlers.set(channel, listener),
      removeHandler: (channel: string) => fake.handlers.delete(channel)
    },
    clipboard: {
      writeText: async () => undefined,
      readText: async () => '',
      clear: () => undefined
    },
    nativeTheme: Object.assign(new EventEmitter(), { shouldUseDarkColors: true }),
    powerMonitor: new EventEmitter(),
    protocol: {
      registerSchemesAsPrivileged: () => fake.log.push('registerSchemesAsPrivileged'),
      handle: (scheme: string) => fake.log.push(`protocol.handle ${scheme}`)
    },
    session: { defaultSession: session },
    shell: { openExternal: async () => undefined },
    Notification: class {
      static isSupported = () => false
      show() {}
    }
  }
})

// The real stores run on a temp folder (Node's build of better-sqlite3); the log records which
// native binding main asked for, which is what this test is about.
vi.mock('../../../src-main/adapters/sqlite/sqlite-stores', async () => {
  const actual = await vi.importActual<typeof SqliteStores>(
    '../../../src-main/adapters/sqlite/sqlite-stores'
  )
  const { mkdtempSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const path = await import('node:path')
  return {
    openSqliteStores: (options: { nativeBinding?: string }) => {
      fake.log.push(`openStore ${options.nativeBinding}`)
      const stores = actual.openSqliteStores({
        dataDir: mkdtempSync(path.join(tmpdir(), 'hk-main-'))
      })
      return { ...stores, close: () => (fake.log.push('db.close'), stores.close()) }
    }
  }
})
vi.mock('../../../src-main/electron/electron-store.preferences', async () => {
  const { memoryPreferences } = await import('../../../src-main/core/ports/preferences.port')
  return {
    openElectronPreferences: () =>
      memoryPreferences({ theme: 'system', idleMinutes: 15, clipboardSeconds: 30 })
  }
})

let dir: string
const binding = () => join(dir, 'app', 'node_modules', '.electron-native', 'better_sqlite3.node')
// Electron sets process.resourcesPath; plain Node has none, so each test gives one.
const resourcesPath = () => join(dir, 'packaged', 'resources')
const packagedBinding = () => join(resourcesPath(), 'native', 'better_sqlite3.node')

const startMain = async () => {
  vi.resetModules()
  await import('../../../src-main/electron/main')
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hubkeys-main-'))
  vi.stubEnv('HUBKEYS_DATA_DIR', join(dir, 'data'))
  Object.assign(fake, {
    log: [],
    lock: true,
    packaged: false,
    appPath: join(dir, 'app'),
    windows: [],
    errors: []
  })
  Object.defineProperty(process, 'resourcesPath', { value: resourcesPath(), configurable: true })
  fake.handlers.clear()
  fake.exitCode = undefined
  mkdirSync(join(dir, 'app', 'node_modules', '.electron-native'), { recursive: true })
  writeFileSync(binding(), '')
})
afterEach(() => {
  vi.unstubAllEnvs()
  Reflect.deleteProperty(process, 'resourcesPath')
  rmSync(dir, { recursive: true, force: true })
})

describe('desktop main', () => {
  it('sets name, data folder, sandbox and scheme before ready, then asks for the single-instance lock', async () => {
    await startMain()
    expect(fake.log).toEqual([
      'setName Hubkeys',
      `setPath userData ${join(dir, 'data')}`,
      'enableSandbox',
      'registerSchemesAsPrivileged',
      'requestSingleInstanceLock'
    ])
  })

  it('opens one hardened window on app://hubkeys once ready, with every contract channel registered', async () => {
    await startMain()
    fake.readyResolve()
    await settle()
    expect(fake.log).toContain(`openStore ${binding()}`)
    expect(fake.log).toContain('protocol.handle app')
    expect(fake.log).toContain('deny permissions')
    expect([...fake.handlers.keys()].sort()).toEqual([...channelNames].sort())
    expect(fake.windows).toHaveLength(1)
    const [window] = fake.windows
    expect(window?.url).toBe('app://hubkeys/index.html')
    expect(window?.options).toMatchObject({
      show: false,
      backgroundColor: '#16181d',
      webPreferences: {
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        devTools: true,
        preload: expect.stringMatching(/[\\/]preload[\\/]index\.cjs$/)
      }
    })
    expect(fake.errors).toEqual([])
  })

  it('answers IPC from its window and refuses other senders', async () => {
    await startMain()
    fake.readyResolve()
    await settle()
    const ping = fake.handlers.get('app:ping')
    const frame = { url: 'app://hubkeys/index.html', parent: null }
    const id = fake.windows[0]?.id
    await expect(ping?.({ sender: { id }, senderFrame: frame }, {})).resolves.toMatchObject({
      ok: true
    })
    await expect(ping?.({ sender: { id: -1 }, senderFrame: frame }, {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' }
    })
  })

  it('leaves at once when another instance holds the lock', async () => {
    fake.lock = false
    await startMain()
    fake.readyResolve()
    await settle()
    expect(fake.log.at(-1)).toBe('quit')
    expect(fake.windows).toEqual([])
    expect(fake.handlers.size).toBe(0)
  })

  it('stops with one sentence when the Electron-ABI sqlite build is missing, never loading the Node one', async () => {
    rmSync(binding())
    await startMain()
    fake.readyResolve()
    await settle()
    expect(fake.errors).toHaveLength(1)
    expect(fake.errors[0]).toMatch(
      /^The SQLite module has no build for this Electron version .*\.$/
    )
    expect(fake.exitCode).toBe(1)
    expect(fake.log.some((line) => line.startsWith('openStore'))).toBe(false)
    expect(fake.windows).toEqual([])
  })

  it("gives the window the project's icon on Linux and Windows (macOS uses the bundle's)", async () => {
    await startMain()
    fake.readyResolve()
    await settle()
    const resources = join(dir, 'app', 'resources')
    const expected =
      process.platform === 'darwin'
        ? undefined
        : process.platform === 'win32'
          ? join(resources, 'icon.ico')
          : join(resources, 'icons', '256x256.png')
    expect(fake.windows[0]?.options.icon).toBe(expected)
  })

  it('packaged: loads the addon and the icon from the resources folder, without DevTools', async () => {
    fake.packaged = true
    mkdirSync(join(resourcesPath(), 'native'), { recursive: true })
    writeFileSync(packagedBinding(), '')
    await startMain()
    fake.readyResolve()
    await settle()
    expect(fake.log).toContain(`openStore ${packagedBinding()}`)
    const [window] = fake.windows
    expect(window?.options).toMatchObject({ webPreferences: { devTools: false } })
    if (process.platform === 'linux') {
      expect(window?.options.icon).toBe(join(resourcesPath(), 'icons', '256x256.png'))
    }
    expect(fake.errors).toEqual([])
  })

  it('packaged: stops with one sentence when its addon is missing, never trying the project one', async () => {
    fake.packaged = true
    await startMain()
    fake.readyResolve()
    await settle()
    expect(fake.errors).toEqual([
      'This Hubkeys package is missing its SQLite module (resources/native/better_sqlite3.node); install it again.'
    ])
    expect(fake.exitCode).toBe(1)
    expect(fake.log.some((line) => line.startsWith('openStore'))).toBe(false)
  })

  it('quits when the last window closes, except on macOS', async () => {
    await startMain()
    fake.readyResolve()
    await settle()
    fake.appEvents.emit('window-all-closed')
    expect(fake.log.at(-1) === 'quit').toBe(process.platform !== 'darwin')
  })
})
