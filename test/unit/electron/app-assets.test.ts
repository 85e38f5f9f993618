// Unit test of app-assets: the window icon and the packaged SQLite addon are found packaged and unpackaged.
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  assetDir,
  packagedSqliteBindingPath,
  windowIconPath
} from '../../../src-main/electron/app-assets'

const root = resolve(import.meta.dirname, '../../..')
const unpackaged = { isPackaged: false, resourcesPath: '/opt/electron/resources', appPath: root }
const packaged = { isPackaged: true, resourcesPath: '/opt/Hubkeys/resources', appPath: '/x.asar' }

describe('app assets', () => {
  it("reads icons from the project's resources/ unpackaged and from the resources folder packaged", () => {
    expect(assetDir(unpackaged)).toBe(join(root, 'resources'))
    expect(assetDir(packaged)).toBe('/opt/Hubkeys/resources')
  })

  it('gives Linux the 256 px PNG and Windows the multi-size .ico, and macOS nothing', () => {
    expect(windowIconPath(packaged, 'linux')).toBe(
      join('/opt/Hubkeys/resources', 'icons', '256x256.png')
    )
    expect(windowIconPath(packaged, 'win32')).toBe(join('/opt/Hubkeys/resources', 'icon.ico'))
    expect(windowIconPath(packaged, 'darwin')).toBeUndefined()
  })

  it('points at icon files that exist when run from the project', () => {
    for (const platform of ['linux', 'win32', 'freebsd'] as const) {
      const icon = windowIconPath(unpackaged, platform)
      expect(icon && existsSync(icon), `${platform}: ${icon}`).toBe(true)
    }
  })

  it("keeps the packaged addon in the resources folder's native/ folder, outside the asar", () => {
    expect(packagedSqliteBindingPath('/opt/Hubkeys/resources')).toBe(
      join('/opt/Hubkeys/resources', 'native', 'better_sqlite3.node')
    )
  })
})
