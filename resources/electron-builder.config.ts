// electron-builder's configuration for `npm run package`: installers, shipped files, icons, the native addon and fuses; Node, at packaging.
import type { Configuration } from 'electron-builder'
import { packagedAssets } from '../src-main/electron/app-assets'
import { afterPack } from './after-pack.hook'

const config: Configuration = {
  appId: 'app.hubkeys.desktop',
  productName: 'Hubkeys',
  copyright: 'Copyright © Hubkeys authors',
  directories: { output: 'dist', buildResources: 'resources' },
  // The built bundles only. better-sqlite3's own addon is Node's ABI (tests, web mode) and its C
  // sources are only for building; the packaged app loads the Electron build put in by afterPack.
  files: [
    'out/main/**',
    'out/preload/**',
    'out/renderer/**',
    'package.json',
    '!node_modules/better-sqlite3/{build,deps,src}/**'
  ],
  asar: true,
  // A native addon cannot be loaded from inside an archive (argon2's, today).
  asarUnpack: ['**/*.node'],
  // electron-builder would rebuild the project's own node_modules in place for Electron, leaving
  // tests and web mode with an addon Node cannot load; afterPack builds a separate copy instead.
  npmRebuild: false,
  extraResources: [
    { from: 'resources/icons/256x256.png', to: packagedAssets.windowIconPng },
    { from: 'resources/icon.ico', to: packagedAssets.windowIconIco }
  ],
  afterPack,
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'resources/icons',
    category: 'Utility',
    synopsis: 'API keys on several hubs, from one window',
    maintainer: 'Hubkeys authors <hubkeys@users.noreply.github.com>',
    executableName: 'hubkeys'
  },
  mac: {
    target: ['dmg'],
    icon: 'resources/icon.icns',
    category: 'public.app-category.developer-tools',
    hardenedRuntime: true
  },
  win: {
    target: ['nsis'],
    icon: 'resources/icon.ico'
  },
  nsis: {
    oneClick: false,
    allowToChangeInstallationDirectory: true,
    installerIcon: 'resources/icon.ico',
    uninstallerIcon: 'resources/icon.ico'
  }
}

export default config
