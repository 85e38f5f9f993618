// The only door from the CLI into the core: a contract call through dispatch, exactly as IPC and the web bridge make it (plain Node).
import { createAppCore } from '../core/app-core'
import type { ChannelName, RequestOf, ResponseOf } from '../contract/channels'
import { AppError } from '../contract/result'
import { appVersion } from '../adapters/paths/app-version'
import { openSqliteStores } from '../adapters/sqlite/sqlite-stores'
import { createHttpClientFactory } from '../adapters/http/http-client'
import { createFileLogger } from '../adapters/logging/file-logger'
import { createArgon2Kdf } from '../adapters/crypto/argon2.kdf'
import { openConfPreferences } from '../adapters/preferences/conf.preferences'

/** Calls a contract channel; an error envelope becomes a thrown AppError with its message. */
export type Call = <C extends ChannelName>(
  channel: C,
  payload: RequestOf<C>
) => Promise<ResponseOf<C>>

/**
 * All a CLI command gets of the core. No service is reachable from here, so every command goes
 * through dispatch, its schema checks and its lock gate (issue 9: one way in).
 */
export interface CliCore {
  call: Call
  close(): Promise<void>
}

export const openCliCore = (dataDir: string, warn: (message: string) => void): CliCore => {
  const stores = openSqliteStores({ dataDir })
  if (stores.backupBeforeMigration) {
    warn(`upgraded the data file; the copy from before is ${stores.backupBeforeMigration}.`)
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
    stores,
    kdf: createArgon2Kdf(),
    http: createHttpClientFactory(logger),
    preferences: openConfPreferences(dataDir),
    logger
  })
  return {
    call: async (channel, payload) => {
      const result = await core.dispatch(channel, payload, { transport: 'cli' })
      if (!result.ok) throw new AppError(result.error.code, result.error.message)
      return result.value as ResponseOf<typeof channel>
    },
    close: async () => {
      await core.close()
      stores.close()
    }
  }
}
