// The vault service: creates, unlocks, locks and re-keys the vault and seals secrets; runs in main (Node).
import type { LockReason, RememberRequest, VaultStatus } from '../../contract/vault.contract'
import { AppError } from '../../contract/result'
import type { EventBus } from '../events'
import {
  plainTextBackend,
  type DeviceKeyring,
  type KeyringAvailability
} from '../ports/device-keyring.port'
import type { Kdf, KdfParams } from '../ports/kdf.port'
import { defaultKdfParams } from '../ports/kdf.port'
import { silentLogger, type Logger } from '../ports/logger.port'
import { Secret } from '../../common/secret'
import { noPowerEvents, type PowerEvents } from '../ports/power-events.port'
import type { VaultRecord, VaultStore } from '../ports/vault-store.port'
import { packRememberedKey, unpackRememberedKey } from './remembered-key'
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
import { isVaultError, VaultError } from '../ports/vault-error'

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
  /** The OS keychain for "remember on this device"; only the desktop build has one. */
  keyring?: DeviceKeyring
}

export interface VaultService {
  /** The status now; `rememberAvailable` is the keychain's last known answer. */
  status(): VaultStatus
  /** The status after asking the keychain (once per run) whether remembering is possible; only while unlocked. */
  currentStatus(): Promise<VaultStatus>
  create(password: string): Promise<VaultStatus>
  unlock(password: string): Promise<VaultStatus>
  lock(reason: LockReason): VaultStatus
  changePassword(current: string, next: string): Promise<VaultStatus>
  /**
   * Turns "remember on this device" on (checks the master password, through the back-off, then
   * wraps the data key with the OS keychain) or off; needs the vault unlocked.
   */
  remember(request: RememberRequest): Promise<VaultStatus>
  /** Unlocks with the data key the OS keychain holds, without the master password. */
  unlockRemembered(): Promise<VaultStatus>
  /** Records user activity for idle locking. */
  touch(): void
  isUnlocked(): boolean
  /** Seals and stores a secret under the data key; `id` is bound into the AAD. Borrows `value`. */
  putSecret(id: string, ownerKind: string, value: Secret): void
  /** Decrypts a stored secret; the caller owns the Secret and disposes it when done. */
  readSecret(id: string): Secret
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

const lockedError = () =>
  new AppError('LOCKED', 'The vault is locked; unlock it with the master password.')

const absentError = () => new AppError('NOT_FOUND', 'There is no vault yet; create one first.')

/** Why the keychain's answer could not be had at all (its own error text is not shown). */
const keyringFailed: KeyringAvailability = {
  available: false,
  reason: 'The system keychain did not answer, so Hubkeys cannot use it.'
}

const usable = (availability: KeyringAvailability | undefined): boolean =>
  availability?.available === true && availability.backend !== plainTextBackend

/** Why a remembered key was thrown away; logged, never shown with any key material. */
type ForgetReason = 'backend-changed' | 'unwrap-failed'

const forgottenMessage: Record<ForgetReason, string> = {
  'backend-changed':
    'The system keychain has changed since this device remembered the vault, so it was forgotten; enter the master password.',
  'unwrap-failed':
    'The system keychain could not open the remembered vault key, so it was forgotten; enter the master password.'
}

export const createVaultService = (options: VaultServiceOptions): VaultService => {
  const { store, kdf, events } = options
  const now = options.now ?? Date.now
  const logger = options.logger ?? silentLogger
  const kdfParams = options.kdfParams ?? defaultKdfParams
  const keyring = options.keyring
  let unlocked: { vaultId: string; dataKey: Buffer } | undefined
  // The keychain's last answer, and the first question in flight: asked lazily, at most once per
  // run unless an action needs a fresh answer (it may show a system prompt, so never at start-up).
  let availability: KeyringAvailability | undefined
  let probing: Promise<KeyringAvailability> | undefined
  let idleTimer: ReturnType<typeof setTimeout> | undefined
  // One vault operation at a time: two unlocks racing must not both count or both derive.
  let queue: Promise<unknown> = Promise.resolve()
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work)
    queue = run.catch(() => undefined)
    return run
  }

  const askKeyring = async (): Promise<KeyringAvailability> => {
    if (!keyring) return { available: false, reason: 'There is no system keychain here.' }
    try {
      availability = await keyring.availability()
    } catch {
      availability = keyringFailed
    }
    return availability
  }
  /** The keychain's answer, asked once per run; `fresh` asks again. */
  const probe = (fresh = false): Promise<KeyringAvailability> => {
    if (!probing || fresh) probing = askKeyring()
    return probing
  }

  const status = (): VaultStatus => {
    const row = store.readVault()
    const throttle = store.readThrottle()
    const wait = remainingWait(throttle, now())
    return {
      state: !row ? 'absent' : unlocked ? 'unlocked' : 'locked',
      failures: throttle.failures,
      ...(wait > 0 && !unlocked ? { retryAfterSeconds: wait } : {}),
      // Without a keychain (web mode, the CLI) a remembered key cannot be used here, so it is not
      // reported; it stays stored for the desktop app.
      remembered: keyring !== undefined && row?.remembered != null,
      rememberAvailable: row !== undefined && usable(availability)
    }
  }

  /** While the back-off after wrong passwords lasts, every password check is refused unseen. */
  const refuseWhileBackingOff = () => {
    const wait = remainingWait(store.readThrottle(), now())
    if (wait > 0) {
      throw new AppError(
        'RATE_LIMITED',
        `Too many wrong passwords; try again in ${wait} second${wait === 1 ? '' : 's'}.`,
        wait
      )
    }
  }

  /** Counts a wrong master password (persisted) and says how long the next attempt waits. */
  const wrongPassword = (message: string): AppError => {
    const next = waitAfterFailures(store.recordFailure(now()).failures)
    return new AppError(
      'UNAUTHORIZED',
      next > 0 ? `${message} Wait ${next} seconds before the next attempt.` : message,
      next > 0 ? next : undefined
    )
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
    // Settings will want to know whether remembering is possible; ask now, in the background.
    if (keyring) void probe()
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
      if (store.readVault())
        throw new AppError('CONFLICT', 'A vault already exists in this data folder.')
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
      if (!row) throw absentError()
      if (unlocked) return status()
      refuseWhileBackingOff()
      let dataKey: Buffer
      try {
        dataKey = await unlockVaultMaterial(kdf, password, storedMaterial(row))
      } catch (caught) {
        if (!isVaultError(caught, 'WRONG_PASSWORD')) throw caught
        throw wrongPassword('Wrong master password.')
      }
      store.resetThrottle()
      becomeUnlocked(row.vaultId, dataKey)
      logger.log('info', 'vault unlocked')
      return status()
    })

  const changePassword = (current: string, next: string) =>
    serially(async () => {
      const row = store.readVault()
      if (!row) throw absentError()
      if (!unlocked) throw lockedError()
      if (current === next)
        throw new AppError('BAD_REQUEST', 'The new password is the same as the current one.')
      // The current password is a guess like any unlock: same persisted back-off.
      refuseWhileBackingOff()
      let rewrapped
      try {
        rewrapped = await changeVaultPassword(kdf, current, next, storedMaterial(row), kdfParams)
      } catch (caught) {
        if (isVaultError(caught, 'WRONG_PASSWORD')) {
          throw wrongPassword('The current master password is wrong; nothing was changed.')
        }
        throw caught
      }
      store.resetThrottle()
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
      // A remembered key is the same data key, so remembering keeps working with the new password.
      logger.log('info', 'vault password changed')
      return status()
    })

  const requireUnlocked = () => {
    if (!unlocked) throw lockedError()
    return unlocked
  }

  const forget = (vaultId: string) => {
    store.setRemembered(vaultId, null)
    // The blob opens nothing without this OS account's keychain; the checkpoint is hygiene.
    store.checkpoint()
  }

  /** Wraps the unlocked data key with the keychain; the payload copy is wiped whatever happens. */
  const wrapDataKey = async (vaultId: string, dataKey: Buffer): Promise<Buffer> => {
    if (!keyring) throw new AppError('UNSUPPORTED', 'Remembering the vault needs the desktop app.')
    const payload = packRememberedKey(vaultId, dataKey)
    try {
      return await keyring.wrap(payload)
    } finally {
      zeroize(payload)
    }
  }

  const remember = (request: RememberRequest) =>
    serially(async () => {
      const row = store.readVault()
      if (!row) throw absentError()
      const { vaultId, dataKey } = requireUnlocked()
      if (!request.enabled) {
        if (row.remembered) {
          forget(vaultId)
          logger.log('info', 'vault no longer remembered on this device')
        }
        return status()
      }
      if (!keyring)
        throw new AppError('UNSUPPORTED', 'Remembering the vault needs the desktop app.')
      const found = await probe(true)
      if (!found.available) throw new AppError('UNAVAILABLE', found.reason)
      if (found.backend === plainTextBackend) {
        throw new AppError(
          'UNSUPPORTED',
          "This system has no keychain that really encrypts (only Electron's basic_text store), so Hubkeys will not remember the vault on this device."
        )
      }
      // From now on the vault opens without a password, so the person asking must know it.
      refuseWhileBackingOff()
      try {
        zeroize(await unlockVaultMaterial(kdf, request.password, storedMaterial(row)))
      } catch (caught) {
        if (isVaultError(caught, 'WRONG_PASSWORD')) {
          throw wrongPassword('The master password is wrong; nothing was remembered.')
        }
        throw caught
      }
      store.resetThrottle()
      let blob: Buffer
      try {
        blob = await wrapDataKey(vaultId, dataKey)
      } catch (caught) {
        if (caught instanceof AppError) throw caught
        throw new AppError(
          'UNAVAILABLE',
          "The system keychain could not encrypt the vault's key; nothing was remembered."
        )
      }
      // Locked while the keychain worked: the person who asked is gone, so do not store it.
      if (unlocked?.vaultId !== vaultId) throw lockedError()
      store.setRemembered(vaultId, { backend: found.backend, blob })
      logger.log('info', 'vault remembered on this device', { backend: found.backend })
      return status()
    })

  const unlockRemembered = () =>
    serially(async () => {
      const row = store.readVault()
      if (!row) throw absentError()
      if (unlocked) return status()
      if (!keyring) {
        throw new AppError(
          'UNSUPPORTED',
          'Unlocking without the master password works only in the desktop app; enter the master password.'
        )
      }
      const remembered = row.remembered
      if (!remembered) {
        throw new AppError(
          'NOT_FOUND',
          'This device does not remember the vault; enter the master password.'
        )
      }
      const found = await probe(true)
      if (!found.available) {
        // Perhaps only for now (a keychain daemon not started yet): keep the blob for next time.
        throw new AppError(
          'UNAVAILABLE',
          'The system keychain is not available right now; enter the master password.'
        )
      }
      /** Drops the blob (it will not work again) and sends the person to the password field. */
      const refuse = (why: ForgetReason): never => {
        forget(row.vaultId)
        logger.log('warn', 'remembered vault key forgotten', { why })
        throw new AppError('UNAUTHORIZED', forgottenMessage[why])
      }
      // Another backend (say libsecret before, basic_text now) may not protect the key the same way.
      if (found.backend !== remembered.backend || found.backend === plainTextBackend) {
        return refuse('backend-changed')
      }
      let dataKey: Buffer
      let stale: boolean
      try {
        const opened = await keyring.unwrap(Buffer.from(remembered.blob))
        stale = opened.stale
        try {
          dataKey = unpackRememberedKey(row.vaultId, opened.data)
        } finally {
          zeroize(opened.data)
        }
      } catch {
        return refuse('unwrap-failed')
      }
      if (stale) {
        // The keychain rotated its key: store the data key wrapped with the new one.
        try {
          const blob = await wrapDataKey(row.vaultId, dataKey)
          store.setRemembered(row.vaultId, { backend: found.backend, blob })
        } catch {
          logger.log('warn', 'remembered vault key could not be wrapped again')
        }
      }
      store.resetThrottle()
      becomeUnlocked(row.vaultId, dataKey)
      logger.log('info', 'vault unlocked with the system keychain')
      return status()
    })

  return {
    status,
    async currentStatus() {
      if (keyring && unlocked) await probe()
      return status()
    },
    create,
    unlock,
    lock,
    changePassword,
    remember,
    unlockRemembered,
    touch: () => {
      if (unlocked) armIdleTimer()
    },
    isUnlocked: () => unlocked !== undefined,
    putSecret(id, ownerKind, value) {
      const { vaultId, dataKey } = requireUnlocked()
      const version = (store.getSecret(id)?.version ?? 0) + 1
      // Sealed from the Secret's bytes (no string copy); the AAD binds the blob to id and version.
      const aad = recordAad(vaultId, id, version)
      const sealed = value.use((plaintext) => seal(dataKey, plaintext, aad))
      store.putSecret({ id, ownerKind, version, sealed })
    },
    readSecret(id) {
      const { vaultId, dataKey } = requireUnlocked()
      const row = store.getSecret(id)
      if (!row) throw new AppError('NOT_FOUND', 'That secret is not in the vault.')
      // The decrypted buffer is handed over whole, so disposing the Secret zeroes it.
      return Secret.adopt(open(dataKey, row.sealed, recordAad(vaultId, id, row.version)))
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
