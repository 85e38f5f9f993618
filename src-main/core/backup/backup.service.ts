// Backups of the store: status, back up now, a daily copy while unlocked, and restore after checking the backup's master password; main, web mode or the CLI.
import type { BackupMade, BackupStatus, RestoreResult } from '../../contract/backup.contract'
import type { EventBus } from '../events'
import type { BackupStore } from '../ports/backup.port'
import type { Kdf } from '../ports/kdf.port'
import { silentLogger, type Logger } from '../ports/logger.port'
import type { PreferencesStore } from '../ports/preferences.port'
import { checkBackupPassword } from './backup-password'
import type { VaultService } from '../vault/vault.service'

export const dayMs = 24 * 60 * 60_000

export interface BackupServiceOptions {
  store: BackupStore
  kdf: Kdf
  vault: VaultService
  preferences: PreferencesStore
  events: EventBus
  logger?: Logger
  now?: () => number
  /** How often the daily check runs while unlocked; tests shorten it. */
  checkEveryMs?: number
}

export interface BackupService {
  status(): BackupStatus
  create(out?: string): Promise<BackupMade>
  restore(file: string, password: string): Promise<RestoreResult>
  /** Backs up now when the newest backup is a day old (or there is none), then checks hourly. */
  startDaily(): void
  stopDaily(): void
}

export const createBackupService = (options: BackupServiceOptions): BackupService => {
  const { store, preferences } = options
  const now = options.now ?? Date.now
  const logger = options.logger ?? silentLogger
  const dir = () => preferences.get().backupDir ?? store.defaultDir
  const keep = () => preferences.get().backupKeep

  // One backup or restore at a time: a restore must not interleave with a copy of the same file.
  let busy: Promise<unknown> = Promise.resolve()
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = busy.then(work, work)
    busy = next.catch(() => undefined)
    return next
  }

  const status = (): BackupStatus => {
    const files = store.list(dir())
    const newest = files[0]
    return {
      lastBackupAt: newest?.at ?? null,
      lastBackupPath: newest?.path ?? null,
      dir: dir(),
      keep: keep(),
      count: files.length
    }
  }

  const create = (out?: string): Promise<BackupMade> =>
    serial(() =>
      store.create({ dir: dir(), keep: keep(), at: now(), ...(out === undefined ? {} : { out }) })
    )

  const restore = (file: string, password: string): Promise<RestoreResult> =>
    serial(async () => {
      // Everything is checked before the live file is touched.
      await checkBackupPassword(options.kdf, store.readVault(file), file, password)
      // The data key in memory belongs to the content being replaced.
      if (options.vault.isUnlocked()) options.vault.lock('manual')
      const { keptAside } = await store.restore({ file, at: now() })
      options.events.emit('connections:changed', {})
      logger.log('info', 'restored a backup', {})
      return { restoredFrom: file, keptAside }
    })

  let timer: ReturnType<typeof setInterval> | undefined
  const backUpIfDue = async () => {
    try {
      const last = store.list(dir())[0]
      if (last && now() - last.at < dayMs) return
      await create()
    } catch (error) {
      logger.log('warn', 'daily backup failed', {
        error: error instanceof Error ? error.message : 'unknown'
      })
    }
  }
  return {
    status,
    create,
    restore,
    startDaily: () => {
      clearInterval(timer)
      void backUpIfDue()
      timer = setInterval(() => void backUpIfDue(), options.checkEveryMs ?? 60 * 60_000)
      timer.unref?.()
    },
    stopDaily: () => clearInterval(timer)
  }
}
