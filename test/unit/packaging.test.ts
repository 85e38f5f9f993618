// Reads the electron-builder configuration and runs its afterPack hook on a stand-in Electron: targets, asar, native addon, fuses, icons.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { FuseV1Options, flipFuses, getCurrentFuseWire } from '@electron/fuses'
import { Arch, type AfterPackContext } from 'electron-builder'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { afterPack, fuses } from '../../resources/after-pack.hook'
import config from '../../resources/electron-builder.config'
import {
  cachedSqliteBinding,
  isBuiltForElectron,
  type ElectronTarget
} from '../../resources/electron-sqlite.build'
import { packagedAssets, packagedSqliteBindingPath } from '../../src-main/electron/app-assets'
import { contentSecurityPolicy, contentTypes } from '../../src-main/core/security/csp'

const root = resolve(import.meta.dirname, '../..')
const at = (path: string) => join(root, path)
const packageJson = JSON.parse(readFileSync(at('package.json'), 'utf8')) as {
  main: string
  scripts: Record<string, string>
}

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
const pngSize = (png: Uint8Array): { width: number; height: number } => {
  const bytes = Buffer.from(png)
  expect(bytes.subarray(0, 8)).toEqual(
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  )
  expect(bytes.toString('latin1', 12, 16)).toBe('IHDR')
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

/** The sizes in a Windows .ico directory (a width byte of 0 means 256). */
const icoSizes = (ico: Buffer): number[] => {
  expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1])
  return Array.from({ length: ico.readUInt16LE(4) }, (_, index) => {
    const entry = 6 + index * 16
    const [width, height] = [ico[entry] || 256, ico[entry + 1] || 256]
    expect(height).toBe(width)
    return width
  })
}

/** The entries of a macOS .icns file, by type, with their data. */
const icnsEntries = (icns: Buffer): Map<string, Buffer> => {
  expect(icns.toString('latin1', 0, 4)).toBe('icns')
  expect(icns.readUInt32BE(4)).toBe(icns.length)
  const entries = new Map<string, Buffer>()
  for (let offset = 8; offset < icns.length;) {
    const length = icns.readUInt32BE(offset + 4)
    entries.set(
      icns.toString('latin1', offset, offset + 4),
      icns.subarray(offset + 8, offset + length)
    )
    offset += length
  }
  return entries
}

describe('electron-builder configuration', () => {
  it('makes AppImage and deb on Linux, dmg on macOS and an NSIS installer on Windows', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.mac?.target).toEqual(['dmg'])
    expect(config.win?.target).toEqual(['nsis'])
    // deb refuses to build without a maintainer; package.json has no author e-mail to fall back on.
    expect(config.linux?.maintainer).toMatch(/<[^@\s]+@[^>\s]+>$/)
  })

  it('is what `npm run package` uses, and nothing that install, start or test runs needs it', () => {
    expect(packageJson.scripts.package).toBe(
      'electron-vite build && electron-builder --config resources/electron-builder.config.ts --publish never'
    )
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) {
      expect(packageJson.scripts).not.toHaveProperty(hook)
    }
    for (const script of ['start', 'test', 'build', 'web']) {
      expect(packageJson.scripts[script]).not.toMatch(/electron-builder|electron-native/)
    }
  })

  it('ships the built bundles in an asar with every native addon unpacked beside it', () => {
    expect(config.asar).toBe(true)
    expect(config.asarUnpack).toEqual(['**/*.node'])
    expect(config.files).toEqual(
      expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**'])
    )
    expect(packageJson.main.startsWith('out/main/')).toBe(true)
  })

  it("leaves out better-sqlite3's Node-ABI build and leaves the project's own build alone", () => {
    expect(config.files).toContain('!node_modules/better-sqlite3/{build,deps,src}/**')
    // electron-builder's rebuild works in place on node_modules; afterPack builds a copy instead.
    expect(config.npmRebuild).toBe(false)
    expect(config.afterPack).toBe(afterPack)
    // Fuses are flipped once, by the hook; electron-builder's own option would flip them again.
    expect(config.electronFuses).toBeUndefined()
  })

  it('sets every fuse as DESIGN.md section 8 says', () => {
    expect(fuses).toMatchObject({
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false
    })
  })
})

describe('icons', () => {
  it('gives Linux one NxN.png per size from 16 to 1024, each as large as its name says', () => {
    expect(config.linux?.icon).toBe('resources/icons')
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      const png = readFileSync(at(`resources/icons/${size}x${size}.png`))
      expect(pngSize(png), `${size}x${size}.png`).toEqual({ width: size, height: size })
    }
  })

  it('gives Windows an .ico with 16 to 256 pixels, for the app and its installer', () => {
    for (const icon of [
      config.win?.icon,
      config.nsis?.installerIcon,
      config.nsis?.uninstallerIcon
    ]) {
      expect(icon).toBe('resources/icon.ico')
    }
    const sizes = icoSizes(readFileSync(at('resources/icon.ico')))
    expect(sizes).toEqual(expect.arrayContaining([16, 24, 32, 48, 64, 128, 256]))
  })

  it('gives macOS an .icns with every retina size up to 1024 (nothing converted at packaging)', () => {
    expect(config.mac?.icon).toBe('resources/icon.icns')
    const entries = icnsEntries(readFileSync(at('resources/icon.icns')))
    const pngTypes = {
      ic07: 128,
      ic08: 256,
      ic09: 512,
      ic10: 1024,
      ic11: 32,
      ic12: 64,
      ic13: 256,
      ic14: 512
    }
    for (const [type, size] of Object.entries(pngTypes)) {
      const data = entries.get(type)
      expect(data, type).toBeDefined()
      expect(pngSize(data ?? Buffer.alloc(0)), type).toEqual({ width: size, height: size })
    }
  })

  it('puts the window icons where the packaged main looks for them', () => {
    expect(config.extraResources).toEqual([
      { from: 'resources/icons/256x256.png', to: packagedAssets.windowIconPng },
      { from: 'resources/icon.ico', to: packagedAssets.windowIconIco }
    ])
    expect(existsSync(at(`resources/${packagedAssets.windowIconPng}`))).toBe(true)
    expect(existsSync(at(`resources/${packagedAssets.windowIconIco}`))).toBe(true)
  })

  it('uses the same mark as the web favicon, which the CSP and the servers let through', () => {
    expect(readFileSync(at('src-renderer/public/favicon.svg'), 'utf8')).toBe(
      readFileSync(at('resources/icon.svg'), 'utf8')
    )
    expect(readFileSync(at('src-renderer/index.html'), 'utf8')).toMatch(
      /<link rel="icon" href="\/favicon\.svg" type="image\/svg\+xml" \/>/
    )
    expect(contentSecurityPolicy).toContain("img-src 'self'")
    expect(contentTypes['.svg']).toBe('image/svg+xml')
  })
})

describe('the afterPack hook', () => {
  const electronVersion = '45.4.1'
  // Electron 45's ABI is 150; node-gyp names the addon's entry point after it.
  const electronAddon = Buffer.from('\x7fELF...node_register_module_v150\0...')
  const nodeAddon = Buffer.from('\x7fELF...node_register_module_v115\0...')
  const sentinel = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
  let dir: string

  /** A stand-in Electron binary: only the fuse wire matters, set opposite to what the hook wants. */
  const fakeElectron = (path: string): void => {
    const wire = '10110011'
    writeFileSync(
      path,
      Buffer.concat([
        Buffer.from('ELF'),
        Buffer.from(sentinel),
        Buffer.from([1, wire.length]),
        Buffer.from(wire)
      ])
    )
  }

  const seed = (target: ElectronTarget, addon: Buffer): void => {
    const cached = cachedSqliteBinding(dir, target)
    mkdirSync(join(cached, '..'), { recursive: true })
    writeFileSync(cached, addon)
  }

  /** Runs the hook as electron-builder would, with fuses flipped on the stand-in binary. */
  const pack = async (platform: string, arch: Arch) => {
    const appOutDir = join(dir, 'pack')
    const electron = join(dir, 'electron')
    fakeElectron(electron)
    const flipped: unknown[] = []
    const context = {
      appOutDir,
      electronPlatformName: platform,
      arch,
      packager: {
        projectDir: dir,
        info: { framework: { version: electronVersion } },
        getResourcesDir: (out: string) => join(out, 'resources'),
        addElectronFuses: (_context: unknown, wanted: Parameters<typeof flipFuses>[1]) => {
          flipped.push(wanted)
          return flipFuses(electron, wanted)
        }
      }
    } as unknown as AfterPackContext
    await afterPack(context)
    return { resources: join(appOutDir, 'resources'), electron, flipped }
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hubkeys-packaging-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('copies the Electron-ABI better-sqlite3 to where the packaged main loads it', async () => {
    seed({ electronVersion, platform: 'linux', arch: 'x64' }, electronAddon)
    const { resources } = await pack('linux', Arch.x64)
    expect(readFileSync(packagedSqliteBindingPath(resources))).toEqual(electronAddon)
  })

  it('flips every fuse in the binary', async () => {
    seed({ electronVersion, platform: 'linux', arch: 'x64' }, electronAddon)
    const { electron, flipped } = await pack('linux', Arch.x64)
    const wire = await getCurrentFuseWire(electron)
    const state = (fuse: FuseV1Options) => String.fromCharCode(Number(wire[fuse]))
    expect(state(FuseV1Options.RunAsNode)).toBe('0')
    expect(state(FuseV1Options.EnableCookieEncryption)).toBe('1')
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe('0')
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe('0')
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe('1')
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe('1')
    expect(flipped).toEqual([{ ...fuses, resetAdHocDarwinSignature: false }])
  })

  it('re-signs ad hoc on an arm64 Mac, whose signature flipping breaks', async () => {
    seed({ electronVersion, platform: 'darwin', arch: 'arm64' }, electronAddon)
    const { flipped } = await pack('darwin', Arch.arm64)
    expect(flipped).toEqual([{ ...fuses, resetAdHocDarwinSignature: true }])
  })

  it("refuses a kept addon built for Node's ABI instead of shipping it", async () => {
    seed({ electronVersion, platform: 'linux', arch: 'x64' }, nodeAddon)
    await expect(pack('linux', Arch.x64)).rejects.toThrow(
      /was not built for Electron 45\.4\.1's ABI/
    )
    expect(existsSync(packagedSqliteBindingPath(join(dir, 'pack', 'resources')))).toBe(false)
  })
})

describe('isBuiltForElectron', () => {
  it("finds the ABI in the addon's entry point name, and only that exact ABI", () => {
    const addon = (abi: string) => Buffer.from(`...node_register_module_v${abi}\0...`)
    expect(isBuiltForElectron(addon('150'), '45.4.1')).toBe(true)
    expect(isBuiltForElectron(addon('115'), '45.4.1')).toBe(false)
    expect(isBuiltForElectron(addon('1500'), '45.4.1')).toBe(false)
  })
})
