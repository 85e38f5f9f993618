// Unit test of the `npm start` decision: desktop app when Electron can run here, else web mode with one clear line.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  decideLaunch,
  findElectronBinary,
  findElectronSqliteBinding
} from '../../../src-main/cli/launch-decision'

const binary = '/repo/node_modules/electron/dist/electron'

describe('decideLaunch', () => {
  it('starts Electron on Linux when the binary and a display exist', () => {
    for (const env of [{ DISPLAY: ':0' }, { WAYLAND_DISPLAY: 'wayland-0' }]) {
      expect(decideLaunch({ electronBinary: binary, platform: 'linux', env, uid: 1000 })).toEqual({
        mode: 'electron',
        binary,
        sqliteBinding: undefined
      })
    }
  })

  it('needs no display variable on macOS or Windows', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      expect(decideLaunch({ electronBinary: binary, platform, env: {} })).toMatchObject({
        mode: 'electron'
      })
    }
  })

  it('falls back to web mode with one line when no Electron binary is installed', () => {
    const decision = decideLaunch({
      electronBinary: undefined,
      platform: 'linux',
      env: { DISPLAY: ':0' }
    })
    expect(decision).toEqual({
      mode: 'web',
      reason:
        'Hubkeys: no Electron binary is installed here (it could not be downloaded); starting web mode instead.'
    })
  })

  it('falls back to web mode on Linux without a display', () => {
    for (const env of [{}, { DISPLAY: '' }, { WAYLAND_DISPLAY: '' }]) {
      const decision = decideLaunch({ electronBinary: binary, platform: 'linux', env })
      expect(decision.mode).toBe('web')
      if (decision.mode === 'web') {
        expect(decision.reason).toMatch(
          /^Hubkeys: no display is available .*; starting web mode instead\.$/
        )
        expect(decision.reason).not.toContain('\n')
      }
    }
  })

  it('falls back to web mode as root on Linux instead of turning the sandbox off', () => {
    const decision = decideLaunch({
      electronBinary: binary,
      platform: 'linux',
      env: { DISPLAY: ':0' },
      uid: 0
    })
    expect(decision).toMatchObject({ mode: 'web', reason: expect.stringContaining('root') })
  })

  it('reports the Electron-ABI sqlite build when present but does not require it yet', () => {
    const sqlite = '/repo/node_modules/.electron-native/better_sqlite3.node'
    const env = { DISPLAY: ':0' }
    expect(
      decideLaunch({
        electronBinary: binary,
        platform: 'linux',
        env,
        electronSqliteBinding: sqlite
      })
    ).toEqual({
      mode: 'electron',
      binary,
      sqliteBinding: sqlite
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
