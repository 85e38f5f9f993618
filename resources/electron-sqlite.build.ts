// Builds better-sqlite3 for Electron's ABI apart from the Node build that tests use (DESIGN.md section 10); Node, at packaging and by `npm run electron-native`.
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { dirname, join, sep } from 'node:path'
import { getAbi } from 'node-abi'

export interface ElectronTarget {
  electronVersion: string
  platform: NodeJS.Platform
  /** electron-builder's and Node's architecture names: x64, arm64, ia32, armv7l. */
  arch: string
}

export const electronNativeDir = (projectDir: string): string =>
  join(projectDir, 'node_modules', '.electron-native')

/** One kept build per Electron version, platform and architecture: packaging again needs no network. */
export const cachedSqliteBinding = (projectDir: string, target: ElectronTarget): string =>
  join(
    electronNativeDir(projectDir),
    `${target.electronVersion}-${target.platform}-${target.arch}`,
    'better_sqlite3.node'
  )

const readVersion = (packageDir: string): string =>
  (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string })
    .version

/** The Electron version `npm install` put in node_modules (what `npm start` and packaging use). */
export const installedElectronVersion = (projectDir: string): string =>
  readVersion(join(projectDir, 'node_modules', 'electron'))

/**
 * Whether an addon was built for `electronVersion`: node-gyp names its entry point
 * `node_register_module_v<ABI>`, and that name is in the export table of an ELF, Mach-O or PE file.
 */
export const isBuiltForElectron = (addon: Uint8Array, electronVersion: string): boolean =>
  Buffer.from(addon).includes(`node_register_module_v${getAbi(electronVersion, 'electron')}\0`)

const checkAbi = (path: string, electronVersion: string): string => {
  if (!isBuiltForElectron(readFileSync(path), electronVersion)) {
    throw new Error(`${path} was not built for Electron ${electronVersion}'s ABI; delete it.`)
  }
  return path
}

/** Runs `work` without npm's `nodedir`, which makes node-gyp compile against Node's headers. */
const withoutNodedir = async <T>(work: () => Promise<T>): Promise<T> => {
  const names = Object.keys(process.env).filter(
    (name) => name.toLowerCase() === 'npm_config_nodedir'
  )
  const saved = names.map((name) => [name, process.env[name]] as const)
  for (const name of names) delete process.env[name]
  try {
    return await work()
  } finally {
    for (const [name, value] of saved) process.env[name] = value
  }
}

/**
 * Returns the path of better-sqlite3's addon for `target`, building it when it is not kept yet.
 * @electron/rebuild tries better-sqlite3's prebuilt download first and compiles against Electron's
 * headers otherwise, so this needs network access (and a C++ toolchain without a prebuilt). It
 * rebuilds in place, so it works on a scratch copy: the project's own build must stay Node's, or
 * tests, web mode and the CLI would fail to load it (electron-builder's `npmRebuild` has that flaw).
 */
export const buildElectronSqlite = async (
  projectDir: string,
  target: ElectronTarget
): Promise<string> => {
  const cached = cachedSqliteBinding(projectDir, target)
  if (existsSync(cached)) return checkAbi(cached, target.electronVersion)
  if (target.arch === 'universal') {
    throw new Error(
      'Package macOS for x64 and arm64 separately: a universal better-sqlite3 is not built.'
    )
  }
  const source = join(projectDir, 'node_modules', 'better-sqlite3')
  const sourceBuild = join(source, 'build')
  // Inside node_modules, so @electron/rebuild finds prebuild-install by walking up from the copy.
  const scratch = join(electronNativeDir(projectDir), `scratch-${process.pid}`)
  const copy = join(scratch, 'node_modules', 'better-sqlite3')
  rmSync(scratch, { recursive: true, force: true })
  try {
    cpSync(source, copy, {
      recursive: true,
      filter: (path) => path !== sourceBuild && !path.startsWith(sourceBuild + sep)
    })
    writeFileSync(
      join(scratch, 'package.json'),
      JSON.stringify({
        name: 'hubkeys-electron-native',
        private: true,
        dependencies: { 'better-sqlite3': readVersion(source) }
      })
    )
    // Loaded only here: it is ESM-only and big, and nothing else at packaging needs it.
    const { rebuild } = await import('@electron/rebuild')
    await withoutNodedir(() =>
      rebuild({
        buildPath: scratch,
        projectRootPath: scratch,
        electronVersion: target.electronVersion,
        platform: target.platform,
        arch: target.arch,
        onlyModules: ['better-sqlite3'],
        force: true
      })
    )
    const built = checkAbi(
      join(copy, 'build', 'Release', 'better_sqlite3.node'),
      target.electronVersion
    )
    mkdirSync(dirname(cached), { recursive: true })
    copyFileSync(built, cached)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(
      `better-sqlite3 could not be built for Electron ${target.electronVersion} on ${target.platform}-${target.arch} (${reason}). This needs network access, and a C++ toolchain when no prebuilt binary exists; package for a platform on that platform.`,
      { cause: error }
    )
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
  return cached
}
