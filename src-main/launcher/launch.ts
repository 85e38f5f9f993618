// The `npm start` launcher, run by plain Node: starts the desktop app when Electron can run here, else web mode.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { decideLaunch, findElectronBinary, findElectronSqliteBinding } from './launch-decision'

const locateElectronPackage = (): string | undefined => {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  } catch {
    return undefined
  }
}

const runElectron = (binary: string, appDir: string): void => {
  const env = { ...process.env }
  // Set by some shells and IDEs; it would make Electron behave as plain Node and ignore our app.
  delete env.ELECTRON_RUN_AS_NODE
  const child = spawn(binary, [appDir, ...process.argv.slice(2)], { stdio: 'inherit', env })
  const forward = (signal: NodeJS.Signals) => () => {
    if (child.exitCode === null) child.kill(signal)
  }
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']
  for (const signal of signals) process.on(signal, forward(signal))
  child.on('error', (error) => {
    console.error(`Hubkeys: the Electron binary could not be started (${error.message}).`)
    process.exit(1)
  })
  child.on('exit', (code, signal) => {
    if (signal) {
      // Die the same way so a parent shell sees what happened.
      for (const name of signals) process.removeAllListeners(name)
      process.kill(process.pid, signal)
      return
    }
    process.exit(code ?? 1)
  })
}

const main = async (): Promise<void> => {
  const here = dirname(fileURLToPath(import.meta.url))
  const electronDir = locateElectronPackage()
  const decision = decideLaunch({
    electronBinary: electronDir ? findElectronBinary(electronDir) : undefined,
    platform: process.platform,
    env: process.env,
    uid: typeof process.getuid === 'function' ? process.getuid() : undefined,
    electronSqliteBinding: electronDir ? findElectronSqliteBinding(dirname(electronDir)) : undefined
  })
  if (decision.mode === 'electron') {
    // The project folder, not out/main/main.js: Electron then reads package.json (`main` is
    // out/main/main.js) and takes the app's name and version from it instead of its own.
    runElectron(decision.binary, join(here, '..', '..'))
    return
  }
  console.log(decision.reason)
  // web.js (src-main/web/serve.ts) starts on import and reads process.argv itself.
  await import(pathToFileURL(join(here, 'web.js')).href)
}

main().catch((error: unknown) => {
  console.error(
    `Hubkeys could not start: ${error instanceof Error ? error.message : String(error)}`
  )
  process.exit(1)
})
