// Unit test of desktop preferences through the real electron-store (electron mocked): shared file, no stray IPC.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

const ipc = vi.hoisted(() => {
  const listeners = new Map<string, unknown[]>()
  return {
    listeners,
    ipcMain: {
      on: (channel: string, listener: unknown) =>
        listeners.set(channel, [...(listeners.get(channel) ?? []), listener]),
      removeAllListeners: (channel: string) => listeners.delete(channel)
    }
  }
})
// electron-store reads app and ipcMain from electron; the adapter passes an absolute cwd, so app only names a version.
vi.mock('electron', () => ({
  default: {
    app: { getPath: () => '/nonexistent', getVersion: () => '0.0.0-test' },
    ipcMain: ipc.ipcMain,
    shell: {}
  },
  ipcMain: ipc.ipcMain
}))

const { openElectronPreferences } =
  await import('../../../src-main/electron/electron-store.preferences')
const { openConfPreferences } =
  await import('../../../src-main/adapters/preferences/conf.preferences')

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hubkeys-prefs-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('openElectronPreferences', () => {
  it('reads defaults, saves a patch to preferences.json (0600) that web mode reads back', () => {
    const prefs = openElectronPreferences(dir)
    expect(prefs.get()).toMatchObject({ theme: 'system', idleMinutes: 15, clipboardSeconds: 30 })
    expect(prefs.set({ theme: 'dark', idleMinutes: 5 })).toMatchObject({
      theme: 'dark',
      idleMinutes: 5
    })
    const file = join(dir, 'preferences.json')
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ theme: 'dark', idleMinutes: 5 })
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(openConfPreferences(dir).get()).toMatchObject({ theme: 'dark', idleMinutes: 5 })
  })

  it('leaves no electron-store IPC listener registered', () => {
    openElectronPreferences(dir)
    expect(ipc.listeners.has('electron-store-get-data')).toBe(false)
  })

  it('moves a file that is not JSON aside and starts from defaults', () => {
    writeFileSync(join(dir, 'preferences.json'), '{ not json')
    const prefs = openElectronPreferences(dir, () => 1234)
    expect(prefs.movedAside).toBe(join(dir, 'preferences.json.corrupt-1234'))
    expect(readFileSync(join(dir, 'preferences.json.corrupt-1234'), 'utf8')).toBe('{ not json')
    expect(prefs.get().theme).toBe('system')
    expect(readdirSync(dir).sort()).toContain('preferences.json.corrupt-1234')
  })
})
