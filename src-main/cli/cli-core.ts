// The only door from the CLI into the core: a contract call through dispatch, exactly as IPC and the web bridge make it (plain Node).
import { createAppCore } from '../core/app-core'
import {
  channelNames,
  type ChannelName,
  type RequestOf,
  type ResponseOf
} from '../contract/channels'
import { createDispatch, type Dispatch, type Handlers } from '../core/dispatch'
import { hubModules } from '../core/hubs/registry'
import { createIpfilterHandlers } from '../core/ipfilter/ipfilter.handlers'
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

const callThrough =
  (dispatch: Dispatch): Call =>
  async (channel, payload) => {
    const result = await dispatch(channel, payload, { transport: 'cli' })
    if (!result.ok) throw new AppError(result.error.code, result.error.message)
    return result.value as ResponseOf<typeof channel>
  }

/**
 * The core for commands that are pure computation (`ipfilter`): the same dispatch, schemas and
 * handlers, but no data file is opened, created or migrated, so they work on any machine and
 * beside a running app. Every other channel answers UNAVAILABLE.
 */
export const openPureCliCore = (): CliCore => {
  const pure: Partial<Handlers> = createIpfilterHandlers({
    capabilitiesOf: (kind) => hubModules[kind].capabilities
  })
  const refuse = () => {
    throw new AppError('UNAVAILABLE', 'This command runs without the data file.')
  }
  // Every channel has a handler, as dispatch requires; only the pure ones do anything.
  const handlers = Object.fromEntries(
    channelNames.map((name) => [name, pure[name] ?? refuse])
  ) as unknown as Handlers // fromEntries loses the per-channel types the map above keeps.
  return { call: callThrough(createDispatch(handlers)), close: async () => undefined }
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
    call: callThrough(core.dispatch),
    close: async () => {
      await core.close()
      stores.close()
    }
  }
}
