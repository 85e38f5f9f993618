// `npm run electron-native`: makes node_modules/.electron-native/better_sqlite3.node so `npm start` can open the desktop app; Node, needs network once.
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  buildElectronSqlite,
  electronNativeDir,
  installedElectronVersion
} from './electron-sqlite.build'

const projectDir = join(import.meta.dirname, '..')

try {
  const built = await buildElectronSqlite(projectDir, {
    electronVersion: installedElectronVersion(projectDir),
    platform: process.platform,
    arch: process.arch
  })
  // The unpackaged app reads this one path (src-main/cli/launch-decision.ts).
  const target = join(electronNativeDir(projectDir), 'better_sqlite3.node')
  copyFileSync(built, target)
  console.log(`Hubkeys: wrote ${target}; \`npm start\` can now open the desktop app.`)
} catch (error) {
  console.error(`Hubkeys: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
}
