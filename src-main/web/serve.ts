// Composition root of web mode (`npm run web`): builds the core, serves the renderer on loopback, prints the URL.
// First: core's host primitives (crypto, zlib) must be installed before any core module runs.
import '../adapters/platform/install-node-platform'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { mkdirSync } from 'node:fs'
import { createAppCore } from '../core/app-core'
import { defaultDataDir } from '../adapters/paths/data-dir'
import { appVersion } from '../adapters/paths/app-version'
import { startWebServer } from './web-server'
import { openSqliteStores } from '../adapters/sqlite/sqlite-stores'
import { createHttpClientFactory } from '../adapters/http/http-client'
import { createArgon2Kdf } from '../adapters/crypto/argon2.kdf'
import { openConfPreferences } from '../adapters/preferences/conf.preferences'
import { createFileLogger } from '../adapters/logging/file-logger'

const usage = 'usage: hubkeys-web [--port N] [--data-dir DIR] [--json]'

const main = async () => {
  let args
  try {
    args = parseArgs({
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false }
      }
    }).values
  } catch (error) {
    // parseArgs messages can span lines; a usage error is one line, so scripts can show it as is.
    const message = (error instanceof Error ? error.message : String(error)).replace(
      /\s*\n\s*/g,
      ' '
    )
    console.error(`${message} (${usage})`)
    process.exit(2)
  }
  if (args.help) {
    console.log(usage)
    return
  }
  // Digits only: Number() would take '', ' 1', '0x10' and '1e3'.
  const port = args.port === undefined ? 0 : /^\d{1,5}$/.test(args.port) ? Number(args.port) : NaN
  if (!(port >= 0 && port <= 65535)) {
    console.error(`--port must be a whole number from 0 to 65535 (${usage}).`)
    process.exit(2)
  }
  const dataDir = args['data-dir'] ?? defaultDataDir()
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const stores = openSqliteStores({ dataDir })
  const preferences = openConfPreferences(dataDir)
  if (preferences.movedAside) {
    console.error(
      `Hubkeys: preferences.json was not valid JSON; moved aside to ${preferences.movedAside}.`
    )
  }
  const logger = createFileLogger({ dataDir })
  const core = createAppCore({
    facts: {
      name: 'Hubkeys',
      version: appVersion,
      mode: 'web',
      dataDir,
      platform: process.platform
    },
    stores: stores,
    kdf: createArgon2Kdf(),
    http: createHttpClientFactory(logger),
    preferences,
    logger,
    backgroundSync: true,
    dailyBackups: true,
    rotation: { resumeOnUnlock: true }
  })
  const server = await startWebServer({
    rendererDir: fileURLToPath(new URL('../renderer', import.meta.url)),
    dispatch: core.dispatch,
    events: core.events,
    port,
    // A minute after the last page closed; the lock says `idle`, as after inactivity.
    lockVault: () => core.vault.lock('idle')
  })
  if (args.json)
    console.log(JSON.stringify({ url: server.url, openUrl: server.openUrl, port: server.port }))
  else console.log(`Hubkeys web mode: open ${server.openUrl}\n(Ctrl+C to stop)`)

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    try {
      await server.close()
      await core.close()
      stores.close()
    } catch (error) {
      // Still exit: a stuck shutdown must not leave the port held.
      console.error(
        `Hubkeys web mode did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`
      )
      process.exit(1)
    }
    if (!args.json) console.log(`Hubkeys web mode stopped (${signal}).`)
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((error: unknown) => {
  console.error(
    `Hubkeys web mode failed to start: ${error instanceof Error ? error.message : String(error)}`
  )
  process.exit(1)
})
