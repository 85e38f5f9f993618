// The vault service: creates, unlocks, locks and re-keys the vault and seals secrets; runs in main (Node).
import type { LockReason, VaultStatus } from '../../contract/vault.contract'
import { AppError } from '../../contract/result'
import type { EventBus } from '../events'
import type { Kdf, KdfParams } from '../ports/kdf.port'
import { defaultKdfParams } from '../ports/kdf.port'
import { silentLogger, type Logger } from '../ports/logger.port'
import { noPowerEvents, type PowerEvents } from '../ports/power-events.port'
import type { VaultRecord, VaultStore } from '../ports/vault-store.port'
import { remainingWait, waitAfterFailures } from './unlock-throttle'
import {
  changeVaultPassword,
  createVaultMaterial,
  open,
  recordAad,
  seal,
  unlockVaultMaterial,
  zeroize
} from './vault-crypto'
import { isVaultError, VaultError } from './vault-error'

export interface VaultServiceOptions {
  store: VaultStore
  kdf: Kdf
  events: EventBus
  /** Minutes of inactivity before locking; read on every activity so a settings change applies at once. */
  idleMinutes: () => number
  power?: PowerEvents
  logger?: Logger
  now?: () => number
  /** Parameters for new vaults and password changes; tests may pass the minimum, never lower. */
  kdfParams?: KdfParams
}

export interface VaultService {
  status(): VaultStatus
  create(password: string): Promise<VaultStatus>
  unlock(password: string): Promise<VaultStatus>
  lock(reason: LockReason): VaultStatus
  changePassword(current: string, next: string): Promise<VaultStatus>
  /** Records user activity for idle locking. */
  touch(): void
  isUnlocked(): boolean
  /** Encrypts and stores a secret under the data key; `id` is bound into the AAD. */
  putSecret(id: string, ownerKind: string, plaintext: Uint8Array): void
  /** Decrypts a stored secret; the caller must zeroize the returned buffer when done. */
  readSecret(id: string): Buffer
  /** Forgets a stored secret; false when there was none. */
  deleteSecret(id: string): boolean
  /** Stops timers and listeners and drops the data key. */
  close(): void
}

/** The row's KDF parameters are JSON text; anything unparsable is tampering, checked again in crypto. */
const storedMaterial = (row: VaultRecord) => {
  let kdfParams: unknown
  try {
    kdfParams = JSON.parse(row.kdfParams)
  } catch {
    throw new VaultError('BAD_KDF')
  }
  return { vaultId: row.vaultId, salt: row.salt, wrappedKey: row.wrappedKey, kdfParams }
}

const lockedError = () => new AppError('LOCKED', 'The vault is locked; unlock it with the master password.')

export const createVaultService = (options: VaultServiceOptions): VaultService => {
  const { store, kdf, events } = options
  const now = options.now ?? Date.now
  const logger = options.logger ?? silentLogger
  const kdfParams = options.kdfParams ?? defaultKdfParams
  let unlocked: { vaultId: string; dataKey: Buffer } | undefined
  let idleTimer: ReturnType<typeof setTimeout> | undefined
  // One vault operation at a time: two unlocks racing must not both count or both derive.
  let queue: Promise<unknown> = Promise.resolve()
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work)
    queue = run.catch(() => undefined)
    return run
  }

  const status = (): VaultStatus => {
    const row = store.readVault()
    const throttle = store.readThrottle()
    const wait = remainingWait(throttle, now())
    return {
      state: !row ? 'absent' : unlocked ? 'unlocked' : 'locked',
      failures: throttle.failures,
      ...(wait > 0 && !unlocked ? { retryAfterSeconds: wait } : {}),
      remembered: false,
      rememberAvailable: false
    }
  }

  const armIdleTimer = () => {
    if (idleTimer) clearTimeout(idleTimer)
    idleTimer = undefined
    const minutes = options.idleMinutes()
    if (!unlocked || minutes <= 0) return
    idleTimer = setTimeout(() => lock('idle'), minutes * 60_000)
    // Do not keep a CLI or test process alive just to lock a vault nobody uses.
    idleTimer.unref?.()
  }

  const becomeUnlocked = (vaultId: string, dataKey: Buffer) => {
    if (unlocked) zeroize(unlocked.dataKey)
    unlocked = { vaultId, dataKey }
    armIdleTimer()
    events.emit('vault:unlocked', {})
  }

  const lock = (reason: LockReason): VaultStatus => {
    if (idleTimer) clearTimeout(idleTimer)
    idleTimer = undefined
    if (unlocked) {
      // Best effort: the buffer is ours and zeroed; copies V8 may have made are out of reach.
      zeroize(unlocked.dataKey)
      unlocked = undefined
      logger.log('info', 'vault locked', { reason })
      events.emit('vault:locked', { reason })
    }
    return status()
  }

  const stopPower = (options.power ?? noPowerEvents).subscribe((event) => {
    lock(event === 'suspend' ? 'suspend' : 'screen-lock')
  })

  const create = (password: string) =>
    serially(async () => {
      if (store.readVault()) throw new AppError('CONFLICT', 'A vault already exists in this data folder.')
      const material = await createVaultMaterial(kdf, password, kdfParams)
      store.createVault({
        vaultId: material.vaultId,
        kdfParams: JSON.stringify(material.kdfParams),
        salt: material.salt,
        wrappedKey: material.wrappedKey
      })
      store.resetThrottle()
      becomeUnlocked(material.vaultId, material.dataKey)
      logger.log('info', 'vault created')
      return status()
    })

  const unlock = (password: string) =>
    serially(async () => {
      const row = store.readVault()
      if (!row) throw new AppError('NOT_FOUND', 'There is no vault yet; create one first.')
      if (unlocked) return status()
      const wait = remainingWait(store.readThrottle(), now())
      if (wait > 0) {
        throw new AppError(
          'RATE_LIMITED',
          `Too many wrong passwords; try again in ${wait} second${wait === 1 ? '' : 's'}.`,
          wait
        )
      }
      let dataKey: Buffer
      try {
        dataKey = await unlockVaultMaterial(kdf, password, storedMaterial(row))
      } catch (caught) {
        if (!isVaultError(caught, 'WRONG_PASSWORD')) throw caught
        const next = waitAfterFailures(store.recordFailure(now()).failures)
        throw new AppError(
          'UNAUTHORIZED',
          next > 0
            ? `Wrong master password. Wait ${next} seconds before the next attempt.`
            : 'Wrong master password.',
          next > 0 ? next : undefined
        )
      }
      store.resetThrottle()
      becomeUnlocked(row.vaultId, dataKey)
      logger.log('info', 'vault unlocked')
      return status()
    })

  const changePassword = (current: string, next: string) =>
    serially(async () => {
      const row = store.readVault()
      if (!row) throw new AppError('NOT_FOUND', 'There is no vault yet; create one first.')
      if (!unlocked) throw lockedError()
      if (current === next) throw new AppError('BAD_REQUEST', 'The new password is the same as the current one.')
      let rewrapped
      try {
        rewrapped = await changeVaultPassword(kdf, current, next, storedMaterial(row), kdfParams)
      } catch (caught) {
        if (isVaultError(caught, 'WRONG_PASSWORD')) {
          throw new AppError('UNAUTHORIZED', 'The current master password is wrong; nothing was changed.')
        }
        throw caught
      }
      // Only the wrapped data key changes; every record stays sealed under the same data key.
      store.transaction(() =>
        store.replaceWrappedKey(row.vaultId, {
          kdfParams: JSON.stringify(rewrapped.kdfParams),
          salt: rewrapped.salt,
          wrappedKey: rewrapped.wrappedKey
        })
      )
      // The old wrapped key must not linger in the write-ahead log.
      store.checkpoint()
      logger.log('info', 'vault password changed')
      return status()
    })

  const requireUnlocked = () => {
    if (!unlocked) throw lockedError()
    return unlocked
  }

  return {
    status,
    create,
    unlock,
    lock,
    changePassword,
    touch: () => {
      if (unlocked) armIdleTimer()
    },
    isUnlocked: () => unlocked !== undefined,
    putSecret(id, ownerKind, plaintext) {
      const { vaultId, dataKey } = requireUnlocked()
      const version = (store.getSecret(id)?.version ?? 0) + 1
      // Never log `plaintext` or `sealed` inputs; the AAD binds the blob to this id and version.
      const sealed = seal(dataKey, plaintext, recordAad(vaultId, id, version))
      store.putSecret({ id, ownerKind, version, sealed })
    },
    readSecret(id) {
      const { vaultId, dataKey } = requireUnlocked()
      const row = store.getSecret(id)
      if (!row) throw new AppError('NOT_FOUND', 'That secret is not in the vault.')
      return open(dataKey, row.sealed, recordAad(vaultId, id, row.version))
    },
    deleteSecret(id) {
      requireUnlocked()
      return store.deleteSecret(id)
    },
    close() {
      stopPower()
      lock('quit')
    }
  }
}
