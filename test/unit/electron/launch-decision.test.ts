// Unit test of the `npm start` decision: desktop app when Electron can run here, else web mode with one clear line.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  decideLaunch,
  findElectronBinary,
  findElectronSqliteBinding
} from '../../../src-main/launcher/launch-decision'

const binary = '/repo/node_modules/electron/dist/electron'

const sqlite = '/repo/node_modules/.electron-native/better_sqlite3.node'
/** A machine where the desktop app can start; each test takes one fact away. */
const ready = {
  electronBinary: binary,
  platform: 'linux' as const,
  env: { DISPLAY: ':0' },
  uid: 1000,
  electronSqliteBinding: sqlite
}
const oneLine = /^Hubkeys: [^\n]+; starting web mode instead\.$/

describe('decideLaunch', () => {
  it('starts Electron on Linux when the binary, a display and the Electron sqlite build exist', () => {
    for (const env of [{ DISPLAY: ':0' }, { WAYLAND_DISPLAY: 'wayland-0' }]) {
      expect(decideLaunch({ ...ready, env })).toEqual({
        mode: 'electron',
        binary,
        sqliteBinding: sqlite
      })
    }
  })

  it('needs no display variable on macOS or Windows', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      expect(decideLaunch({ ...ready, platform, env: {}, uid: undefined })).toMatchObject({
        mode: 'electron'
      })
    }
  })

  it('falls back to web mode with one line when no Electron binary is installed', () => {
    expect(decideLaunch({ ...ready, electronBinary: undefined })).toEqual({
      mode: 'web',
      reason:
        'Hubkeys: no Electron binary is installed here (it could not be downloaded); starting web mode instead.'
    })
  })

  it('falls back to web mode on Linux without a display', () => {
    for (const env of [{}, { DISPLAY: '' }, { WAYLAND_DISPLAY: '' }]) {
      const decision = decideLaunch({ ...ready, env })
      expect(decision).toMatchObject({ mode: 'web', reason: expect.stringMatching(oneLine) })
      expect(decision).toMatchObject({ reason: expect.stringContaining('no display') })
    }
  })

  it('falls back to web mode as root on Linux instead of turning the sandbox off', () => {
    expect(decideLaunch({ ...ready, uid: 0 })).toMatchObject({
      mode: 'web',
      reason: expect.stringMatching(oneLine)
    })
    expect(decideLaunch({ ...ready, uid: 0 })).toMatchObject({
      reason: expect.stringContaining('root')
    })
    expect(decideLaunch({ ...ready, platform: 'darwin', uid: 0 })).toMatchObject({
      mode: 'electron'
    })
  })

  it('falls back to web mode when the Electron-ABI better-sqlite3 build is missing', () => {
    const decision = decideLaunch({ ...ready, electronSqliteBinding: undefined })
    expect(decision).toMatchObject({ mode: 'web', reason: expect.stringMatching(oneLine) })
    expect(decision).toMatchObject({
      reason: expect.stringContaining('node_modules/.electron-native/better_sqlite3.node')
    })
  })

  it('names the first missing fact: the binary before the display before the sqlite build', () => {
    const nothing = { electronBinary: undefined, platform: 'linux' as const, env: {}, uid: 0 }
    expect(decideLaunch(nothing)).toMatchObject({
      reason: expect.stringContaining('no Electron binary')
    })
    expect(decideLaunch({ ...nothing, electronBinary: binary })).toMatchObject({
      reason: expect.stringContaining('no display')
    })
  })
})

describe('finding the binaries on disk', () => {
  let dir: string | undefined
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
    dir = undefined
  })

  const electronPackage = () => {
    dir = mkdtempSync(join(tmpdir(), 'hubkeys-launch-'))
    const pkg = join(dir, 'node_modules', 'electron')
    mkdirSync(join(pkg, 'dist'), { recursive: true })
    return pkg
  }

  it('finds the executable path.txt names under dist/', () => {
    const pkg = electronPackage()
    writeFileSync(join(pkg, 'path.txt'), 'electron')
    writeFileSync(join(pkg, 'dist', 'electron'), '')
    expect(findElectronBinary(pkg)).toBe(join(pkg, 'dist', 'electron'))
  })

  it('finds nothing when the download failed (no path.txt, an empty one, or no file)', () => {
    const pkg = electronPackage()
    expect(findElectronBinary(pkg)).toBeUndefined()
    writeFileSync(join(pkg, 'path.txt'), '')
    expect(findElectronBinary(pkg)).toBeUndefined()
    writeFileSync(join(pkg, 'path.txt'), 'electron')
    expect(findElectronBinary(pkg)).toBeUndefined()
  })

  it('finds the Electron-ABI better-sqlite3 build under node_modules/.electron-native', () => {
    const pkg = electronPackage()
    const nodeModules = join(pkg, '..')
    expect(findElectronSqliteBinding(nodeModules)).toBeUndefined()
    mkdirSync(join(nodeModules, '.electron-native'))
    writeFileSync(join(nodeModules, '.electron-native', 'better_sqlite3.node'), '')
    expect(findElectronSqliteBinding(nodeModules)).toBe(
      join(nodeModules, '.electron-native', 'better_sqlite3.node')
    )
  })
})
