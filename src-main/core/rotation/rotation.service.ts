// The rotation engine: runs a key's rotation through the durable journal (each state committed before the hub call it leads to), resumes, rolls back and revokes; runs in main.
import { AppError } from '../../contract/result'
import type { HubKey } from '../../contract/hubs.contract'
import {
  graceWindowMs,
  isFinishedRotation,
  type GraceWindow,
  type RotationPlanItem,
  type RotationPolicy,
  type RotationState,
  type RotationView
} from '../../contract/rotation.contract'
import { backoffMs, defaultRetryTuning } from '../../common/retry-policy'
import type { Secret } from '../../common/secret'
import type { AuditLog } from '../audit/audit-log.service'
import type { ConnectionsService } from '../connections/connections.service'
import type { EventBus } from '../events'
import { fingerprintOf } from '../hubs/fingerprint'
import type { HubAdapter, KeyRef } from '../hubs/hub-adapter'
import { transportError } from '../hubs/hub-errors'
import type { InventoryStore, KeyRecord } from '../ports/inventory-store.port'
import type { Logger } from '../ports/logger.port'
import type { Notifier } from '../ports/notifier.port'
import { platform } from '../ports/platform.port'
import type { RotationInsert, RotationRecord, RotationStore } from '../ports/rotation-store.port'
import { isStoreError } from '../ports/store-error'
import type { VaultService } from '../vault/vault.service'
import { generateDatahubToken } from '../hubs/datahub/datahub.token'
import {
  credentialExplanationOf,
  graceWindowsOf,
  planItemOf,
  riskOf,
  strategyOf
} from './rotation-plan'

export interface RotationServiceOptions {
  store: RotationStore
  inventory: InventoryStore
  vault: VaultService
  connections: ConnectionsService
  audit: AuditLog
  events: EventBus
  logger: Logger
  /** Desktop notification when a rotation keeps failing; web mode and the CLI show it otherwise. */
  notifier?: Notifier
  now?: () => number
  random?: () => number
  /** Failures in a row after which a rotation is reported as stuck. */
  stuckAfter?: number
  /**
   * How long a run's lease on its journal row lasts without renewal (renewed every third of it
   * while the run lasts); another process may take over an expired one. Default one minute.
   */
  leaseTtlMs?: number
  /**
   * Test seam (the crash test): called right after each state is committed, before the step it
   * leads to runs. Never set by the shipped composition roots.
   */
  onStateCommitted?: (rotation: RotationRecord) => void
}

export interface StartRotation {
  connectionId: string
  /** The connection's own credential instead of a key (DCT api-key-regenerate). */
  target?: 'key' | 'credential'
  keyId: string
  grace: GraceWindow
  confirmName?: string
  /** Guided rotation: the new value from the hub's console; borrowed (the caller disposes it). */
  newSecret?: Secret
  generate?: boolean
  /** `credential` only: a connection to the same DCT server whose account may reset ours. */
  recoveryConnectionId?: string
}

export interface RotationService {
  plan(connectionId: string, keyIds: string[]): RotationPlanItem[]
  /** The connection's own credential: what will happen, the risk and the possible recovery connections. */
  planCredential(connectionId: string, recoveryConnectionId?: string): RotationPlanItem
  start(request: StartRotation, signal?: AbortSignal): Promise<RotationRecord>
  /** Resumes one rotation (its errors are thrown) or every unfinished one (errors stay in the journal). */
  resume(id?: string, signal?: AbortSignal): Promise<RotationRecord[]>
  rollback(id: string, signal?: AbortSignal): Promise<RotationRecord>
  revokeNow(id: string, signal?: AbortSignal): Promise<RotationRecord>
  policies(): RotationPolicy[]
  setPolicy(connectionId: string, maxAgeDays: number | null): RotationPolicy[]
  /**
   * Newest first. `unfinished` also lists ended rotations that still need the admin (a credential
   * lost inside a regenerate call), so they stay in the banner and in `rotations list --unfinished`.
   */
  list(unfinished?: boolean): RotationRecord[]
  /** Keys older than their connection's policy allows, planned; nothing runs. */
  proposals(): (RotationPlanItem & { ageDays: number })[]
  get(id: string): RotationRecord
  viewOf(record: RotationRecord): RotationView
  /** Stops the retry and grace timers. */
  close(): void
}

/** The suffix a rotation puts into the new key's name where the hub keeps names. */
const tokenSuffix = / \[rot-[A-Za-z0-9]{12}(-\d{1,4})?\]$/
const tokenPattern = /^rot-[A-Za-z0-9]{12}$/
const newToken = () => `rot-${platform().randomUUID().replace(/-/g, '').slice(0, 12)}`
export const baseNameOf = (name: string): string => name.replace(tokenSuffix, '')
/** The journal's key id for a connection's own credential (one rotation at a time, like a key). */
const credentialKeyId = (connectionId: string) => `connection:${connectionId}`

/** The DCT adapter's own-credential calls, when the connection's kind has them. */
type Regenerating = HubAdapter & {
  regenerateOwnKey?: (signal?: AbortSignal) => Promise<{ secret: Secret }>
  /** Why the server cannot regenerate (its version), known before any call. */
  regenerateRefusal?: () => string | undefined
  /** The account behind the stored credential; null when the hub refuses that credential. */
  ownAccount?: (
    signal?: AbortSignal
  ) => Promise<{ accountId: string; username: string | null } | null>
  /** api-key-reset of any account, for a recovery connection. */
  resetKey?: (ref: KeyRef, signal?: AbortSignal) => Promise<{ key: HubKey; secret: Secret | null }>
}

type CanRegenerate = Regenerating & Required<Pick<Regenerating, 'regenerateOwnKey' | 'ownAccount'>>
const canRegenerate = (adapter: Regenerating): adapter is CanRegenerate =>
  adapter.regenerateOwnKey !== undefined && adapter.ownAccount !== undefined

/** A base URL as a server address: scheme, host, port and path, without a trailing slash. */
const serverOf = (baseUrl: string): string => {
  try {
    const url = new URL(baseUrl)
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`.toLowerCase()
  } catch {
    return baseUrl.trim().toLowerCase()
  }
}

/** Where a rotation is waiting for time or for the admin rather than for a step to run. */
type Outcome = 'advanced' | 'waiting'

const errorMessageOf = (hubLabel: string, error: unknown): string => {
  if (error instanceof AppError || isStoreError(error)) return error.message
  return transportError(hubLabel, error).message
}

export const createRotationService = (options: RotationServiceOptions): RotationService => {
  const { store, inventory, vault, connections, audit, events, logger } = options
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const stuckAfter = options.stuckAfter ?? 3
  const running = new Set<string>()
  const timers = new Map<string, ReturnType<typeof setTimeout>>()
  const leaseTtlMs = options.leaseTtlMs ?? 60_000
  /** This service's lease owner id: one per process (per core in tests that open two). */
  const leaseOwner = platform().randomUUID()
  const held = new Map<string, { count: number; timer: ReturnType<typeof setInterval> }>()

  /** Ended, but the connection's credential is dead and the admin has not replaced it since. */
  const needsAdmin = (record: RotationRecord): boolean => {
    if (record.strategy !== 'regenerate-own' || record.state !== 'FAILED' || !record.notes.length)
      return false
    const connection = inventory.getConnection(record.connectionId)
    // Saving the connection's settings (with the replaced credential) clears the flag.
    return connection !== undefined && connection.updatedAt <= record.updatedAt
  }

  /** Another process's live lease on the row: who, for the message; undefined when free or ours. */
  const elsewhere = (record: RotationRecord): string | undefined =>
    record.lease && record.lease.owner !== leaseOwner && record.lease.until > now()
      ? (record.lease.holder ?? 'pid and host unknown').slice(0, 300)
      : undefined

  const runningElsewhereError = (holder: string | null) =>
    new AppError(
      'CONFLICT',
      `This rotation is being run by another Hubkeys process (${holder ?? 'pid and host unknown'}); this one leaves it alone. Try again once it has finished.`
    )

  /**
   * Holds the row's lease for a run (nested holds in one process count up), renewed while it
   * lasts; throws CONFLICT, touching nothing, while another process holds it. Returns the release.
   */
  const hold = (id: string): (() => void) => {
    const current = held.get(id)
    if (current) current.count += 1
    else {
      const answer = store.acquireLease(id, leaseOwner, leaseTtlMs)
      if (!answer.taken) throw runningElsewhereError(answer.holder)
      const timer = setInterval(
        () => {
          try {
            if (!store.renewLease(id, leaseOwner, leaseTtlMs))
              logger.log('warn', 'rotation lease was taken over', { rotation: id })
          } catch {
            logger.log('warn', 'renewing a rotation lease failed', { rotation: id })
          }
        },
        Math.max(1_000, Math.floor(leaseTtlMs / 3))
      )
      timer.unref?.()
      held.set(id, { count: 1, timer })
    }
    let released = false
    return () => {
      const entry = held.get(id)
      if (released || !entry) return
      released = true
      entry.count -= 1
      if (entry.count > 0) return
      clearInterval(entry.timer)
      held.delete(id)
      try {
        store.releaseLease(id, leaseOwner)
      } catch {
        // It expires on its own; another process then takes it over.
        logger.log('warn', 'releasing a rotation lease failed', { rotation: id })
      }
    }
  }

  const viewOf = (record: RotationRecord): RotationView => {
    const key = inventory.getKey(record.keyId)
    const connection = inventory.getConnection(record.connectionId)
    return {
      id: record.id,
      connectionId: record.connectionId,
      keyId: record.keyId,
      keyName: key
        ? baseNameOf(key.name)
        : record.strategy === 'regenerate-own'
          ? `the credential of ${connection?.name ?? 'a removed connection'}`
          : record.oldHubKeyId,
      strategy: record.strategy,
      state: record.state,
      token: record.token,
      newKeyId: record.newKeyId,
      newHubKeyId: record.newHubKeyId,
      attempts: record.attempts,
      lastError: record.lastError,
      graceUntil: record.graceUntil,
      notes: record.notes.slice(0, 20),
      stuck:
        (!isFinishedRotation(record.state) && record.attempts >= stuckAfter) || needsAdmin(record),
      ...(elsewhere(record) ? { runningElsewhere: elsewhere(record) } : {}),
      createdAt: record.createdAt,
      updatedAt: record.updatedAt
    }
  }

  const get = (id: string): RotationRecord => {
    const found = store.get(id)
    if (!found) throw new AppError('NOT_FOUND', 'Hubkeys has no rotation with that id.')
    return found
  }

  const announce = (record: RotationRecord, outcome = 'ok') => {
    audit.recordSystem('rotation-step', {
      connectionId: record.connectionId,
      keyId: record.keyId,
      rotation: record.id,
      strategy: record.strategy,
      state: record.state,
      outcome
    })
    events.emit('rotation:changed', viewOf(record))
  }

  /** Commits a state (with whatever else must commit with it), records it, then lets the test seam look. */
  const commit = (
    record: RotationRecord,
    state: RotationState,
    extra: Parameters<RotationStore['update']>[1] = {}
  ) => {
    const next = store.update(record.id, {
      ...extra,
      state,
      attempts: 0,
      lastError: null,
      nextAttemptAt: null
    })
    announce(next)
    options.onStateCommitted?.(next)
    return next
  }

  const addNote = (record: RotationRecord, note: string): RotationRecord =>
    record.notes.includes(note)
      ? record
      : store.update(record.id, { notes: [...record.notes, note].slice(-20) })

  const keyOf = (id: string | null, what: string): KeyRecord => {
    const key = id ? inventory.getKey(id) : undefined
    if (!key) throw new AppError('NOT_FOUND', `Hubkeys no longer has a record of the ${what}.`)
    return key
  }

  const refOf = (key: KeyRecord): KeyRef => ({
    hubKeyId: key.hubKeyId,
    current: key,
    ...(key.secretId ? { secret: () => vault.readSecret(key.secretId as string) } : {})
  })

  const labelOf = (record: RotationRecord) => connections.get(record.connectionId).name

  /** Hub keys carrying this rotation's token (Cycle lists its keys; the name holds the token). */
  const findByToken = async (
    adapter: HubAdapter,
    token: string,
    signal?: AbortSignal
  ): Promise<HubKey[]> => {
    const found: HubKey[] = []
    for await (const page of adapter.listKeys(signal)) {
      found.push(
        ...page.keys.filter(
          (key) => key.name.includes(token) && key.status !== 'deleted' && key.status !== 'deleting'
        )
      )
    }
    return found
  }

  /** The new key is sealed in the vault with its record and NEW_STORED, in one transaction, before it is shown. */
  const storeNew = (record: RotationRecord, key: HubKey, secret: Secret): RotationRecord => {
    const secretId = `key:${platform().randomUUID()}`
    // A repeated reset replaces a value stored by an earlier attempt that did not verify.
    const superseded =
      record.newSecretId && record.newSecretId !== record.oldSecretId ? record.newSecretId : null
    const stored = inventory.transaction(() => {
      vault.putSecret(secretId, 'key', secret)
      if (superseded) vault.deleteSecret(superseded)
      const saved = inventory.upsertKey(
        record.connectionId,
        { ...key, fingerprint: fingerprintOf(secret) },
        { secretId }
      )
      return store.update(record.id, {
        state: 'NEW_STORED',
        newKeyId: saved.id,
        newHubKeyId: saved.hubKeyId,
        newSecretId: secretId,
        attempts: 0,
        lastError: null,
        nextAttemptAt: null
      })
    })
    announce(stored)
    options.onStateCommitted?.(stored)
    return stored
  }

  /** regenerate-own: "DCT account 'admin' (id 1)", as far as the journal knows it. */
  const accountOf = (record: RotationRecord): string =>
    `DCT account ${record.accountName ? `'${record.accountName}' ` : ''}(id ${record.oldHubKeyId})`

  /** The new credential, the connection's switch to it and NEW_STORED commit together. */
  const storeCredential = (record: RotationRecord, secret: Secret): RotationRecord => {
    const connection = inventory.getConnection(record.connectionId)
    if (!connection) throw new AppError('NOT_FOUND', 'The connection is gone.')
    const secretId = `connection:${record.connectionId}:${record.token}`
    const stored = inventory.transaction(() => {
      vault.putSecret(secretId, 'connection', secret)
      inventory.updateConnection({ ...connection, credentialSecretId: secretId })
      return store.update(record.id, {
        state: 'NEW_STORED',
        newSecretId: secretId,
        attempts: 0,
        lastError: null,
        nextAttemptAt: null
      })
    })
    announce(stored)
    options.onStateCommitted?.(stored)
    return stored
  }

  /** Ends a rotation that needs the admin, loudly: FAILED, the to-do as a note, a notification. */
  /** Ends a rotation that changed nothing at the hub, saying why; it is not retried. */
  const endRolledBack = (record: RotationRecord, why: string): RotationRecord => {
    const ended = store.update(record.id, {
      state: 'ROLLED_BACK',
      lastError: why.slice(0, 1000),
      nextAttemptAt: null
    })
    announce(ended, 'error')
    return ended
  }

  const endForAdmin = (record: RotationRecord, message: string, todo: string): RotationRecord => {
    const ended = store.update(record.id, {
      state: 'FAILED',
      lastError: message.slice(0, 1000),
      nextAttemptAt: null,
      notes: [...record.notes, todo].slice(-20)
    })
    announce(ended, 'error')
    options.notifier?.notify('Hubkeys: a connection lost its credential', message)
    logger.log('error', 'rotation ended needing the admin', {
      rotation: record.id,
      strategy: record.strategy
    })
    return ended
  }

  /**
   * The regenerate answer is lost (the old credential refused, the new one never stored): reset our
   * account's key through the recovery connection, or end FAILED saying exactly what to do.
   */
  const recoverCredential = async (
    record: RotationRecord,
    signal?: AbortSignal
  ): Promise<RotationRecord> => {
    const label = labelOf(record)
    const account = accountOf(record)
    const recovery = record.recoveryConnectionId
      ? inventory.getConnection(record.recoveryConnectionId)
      : undefined
    if (!recovery) {
      const todo = `Ask a DCT admin to reset the API key of ${account}, then store the new key with "Replace credential" in ${label}'s settings (type it into the credential field and save).`
      return endForAdmin(
        record,
        `${label}'s credential is lost: the old API key of ${account} no longer works, and Hubkeys was stopped inside DCT's api-key-regenerate call, whose answer holds the only copy of the new one. ${todo}`,
        todo
      )
    }
    const resetter = connections.adapterFor(recovery.id) as Regenerating
    if (!resetter.resetKey)
      throw new AppError('UNSUPPORTED', `${recovery.name} cannot reset DCT keys.`)
    record = addNote(
      record,
      `Hubkeys was stopped inside DCT's api-key-regenerate call, so the new key of ${account} was lost; it resets that key through "${recovery.name}" instead.`
    )
    // A reset is repeatable: a crash inside it leaves NEW_REQUESTED and the next resume resets
    // again; only the value stored with NEW_STORED is kept.
    const reset = await resetter.resetKey({ hubKeyId: record.oldHubKeyId }, signal)
    using secret = reset.secret
    if (!secret)
      throw new AppError(
        'HUB_ERROR',
        `${recovery.name} reset the key of ${account} without returning it; resume the rotation to reset it again.`
      )
    return storeCredential(record, secret)
  }

  /** regenerate-own from PLANNED or NEW_REQUESTED; a resumed one asks the hub first what happened. */
  const regenerateCredential = async (
    record: RotationRecord,
    adapter: HubAdapter,
    signal?: AbortSignal
  ): Promise<RotationRecord> => {
    const label = labelOf(record)
    const own = adapter as Regenerating
    if (!canRegenerate(own))
      throw new AppError('UNSUPPORTED', `${label} does not offer regenerating its own key.`)
    if (record.state === 'PLANNED') record = commit(record, 'NEW_REQUESTED')
    else if ((await own.ownAccount(signal)) === null) {
      // The stored credential is refused: the regenerate happened and its answer was lost.
      return recoverCredential(record, signal)
    }
    // Still accepted: the regenerate never happened (or never reached DCT), so it is sent again.
    let regenerated: { secret: Secret }
    try {
      regenerated = await own.regenerateOwnKey(signal)
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'UNSUPPORTED')) throw error
      // The server has no such endpoint: nothing changed at the hub.
      return endRolledBack(record, `${error.message} Nothing changed at the hub.`)
    }
    using secret = regenerated.secret
    // The old credential stopped working with the call: the new one is stored before anything else.
    return storeCredential(record, secret)
  }

  /** PLANNED or NEW_REQUESTED: (re)request the new key; what a crash may have left is cleared first. */
  const requestNew = async (
    record: RotationRecord,
    adapter: HubAdapter,
    signal?: AbortSignal
  ): Promise<RotationRecord> => {
    const label = labelOf(record)
    if (record.strategy === 'regenerate-own') return regenerateCredential(record, adapter, signal)
    const old = keyOf(record.keyId, 'key being rotated')
    if (record.strategy === 'guided') {
      // The admin's value is never written before NEW_STORED and nothing was asked of the hub, so
      // an interrupted guided rotation has nothing to resume: it ends, and says to start again.
      return endRolledBack(
        record,
        'Hubkeys stopped before the new value was stored; nothing changed at the hub. Start the rotation again with the new value.'
      )
    }
    if (record.state === 'NEW_REQUESTED') {
      // A crash after the hub made the key and before we stored it: its value is lost, so remove it.
      if (record.strategy === 'create-verify-delete') {
        for (const orphan of await findByToken(adapter, record.token, signal)) {
          await adapter.deleteKey({ hubKeyId: orphan.hubKeyId }, signal)
        }
      } else if (record.strategy === 'create-verify-retire' && record.requestedName) {
        record = addNote(
          record,
          `In ${label}'s console, delete the key named "${record.requestedName}" if it is there: Hubkeys stopped while ${label} was creating it, so Hubkeys never got its value, and ${label}'s API can neither list nor delete keys.`
        )
      }
    } else {
      record = commit(record, 'NEW_REQUESTED')
    }
    if (record.strategy === 'reset-cutover') {
      const reset = (
        adapter as HubAdapter & {
          resetKey?: (
            ref: KeyRef,
            signal?: AbortSignal
          ) => Promise<{ key: HubKey; secret: Secret | null }>
        }
      ).resetKey
      if (!reset) throw new AppError('UNSUPPORTED', `${label} does not offer resetting keys.`)
      const created = await reset(refOf(old), signal)
      using secret = created.secret
      if (!secret)
        throw new AppError(
          'HUB_ERROR',
          `${label} reset the key without returning the new value; resume the rotation to reset it again.`
        )
      return storeNew(record, created.key, secret)
    }
    // Names are unique at these hubs (and a Cycle key being deleted still holds its name), so a
    // second attempt after a crash gets its own; committed before the call, like every step.
    const attempt =
      Number(
        /-(\d{1,4})\]$/.exec(record.requestedName ?? '')?.[1] ?? (record.requestedName ? 1 : 0)
      ) + 1
    const attemptName = `${baseNameOf(old.name)} [${record.token}${attempt > 1 ? `-${attempt}` : ''}]`
    record = store.update(record.id, { requestedName: attemptName })
    const created = await adapter.createKey(
      {
        name: attemptName,
        idempotencyToken: record.token,
        ...(adapter.capabilities.roles && old.role ? { role: old.role } : {}),
        ...(adapter.capabilities.update.ips ? { ips: old.ipRules } : {})
      },
      signal
    )
    using secret = created.secret
    if (!secret) {
      throw new AppError(
        'HUB_ERROR',
        `${label} made the new key without returning its value; resume the rotation to replace it.`
      )
    }
    return storeNew(record, created.key, secret)
  }

  /** Removes the new key where the hub allows it; says what is left otherwise. */
  const removeNew = async (
    record: RotationRecord,
    adapter: HubAdapter,
    signal?: AbortSignal
  ): Promise<RotationRecord> => {
    const label = labelOf(record)
    const key = record.newKeyId ? inventory.getKey(record.newKeyId) : undefined
    if (record.strategy === 'create-verify-delete') {
      if (record.newHubKeyId) {
        try {
          await adapter.deleteKey({ hubKeyId: record.newHubKeyId }, signal)
        } catch (error) {
          if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error
        }
      }
      for (const orphan of await findByToken(adapter, record.token, signal)) {
        await adapter.deleteKey({ hubKeyId: orphan.hubKeyId }, signal)
      }
      if (key) inventory.markKeyDeleted(key.id, now())
      return record
    }
    if (key) {
      inventory.transaction(() => {
        inventory.deleteKey(key.id)
        if (key.secretId) vault.deleteSecret(key.secretId)
      })
    }
    if (record.strategy === 'create-verify-retire' && record.newHubKeyId) {
      return addNote(
        record,
        `The new key "${key?.name ?? record.token}" still works at ${label}: its API cannot delete keys; remove it with ${label}'s own tools.`
      )
    }
    if (record.strategy === 'guided' && key) {
      return addNote(
        record,
        `Delete the new key "${key.name}" in ${label}'s console if you made it there.`
      )
    }
    return record
  }

  /** NEW_STORED: verify before anything is revoked; a new key that fails is removed and the old one stays. */
  const verifyNew = async (
    record: RotationRecord,
    adapter: HubAdapter,
    signal?: AbortSignal
  ): Promise<RotationRecord> => {
    if (record.strategy === 'regenerate-own') {
      try {
        // A fresh adapter reads the credential the connection now points at.
        await connections.test(record.connectionId, signal)
      } catch (error) {
        // The check could not be made (network, server): counted, and verified again later.
        if (!(error instanceof AppError && error.code === 'UNAUTHORIZED')) throw error
        if (record.recoveryConnectionId && inventory.getConnection(record.recoveryConnectionId)) {
          // A recovery reset answered late can replace the value just stored: reset once more.
          store.update(record.id, { state: 'NEW_REQUESTED' })
          throw new AppError(
            'HUB_ERROR',
            `DCT refused the stored credential of ${accountOf(record)}; Hubkeys resets it again through the recovery connection.`
          )
        }
        const todo = `Ask a DCT admin to reset the API key of ${accountOf(record)}, then store the new key with "Replace credential" in ${labelOf(record)}'s settings.`
        return endForAdmin(
          record,
          `The regenerated credential did not work (${errorMessageOf(labelOf(record), error)}); the old one no longer works either. ${todo}`,
          todo
        )
      }
      return commit(record, 'NEW_VERIFIED')
    }
    const key = keyOf(record.newKeyId, 'new key')
    const result = await adapter.verifyKey(refOf(key), signal)
    if (result.valid) return commit(record, 'NEW_VERIFIED')
    if (record.strategy === 'reset-cutover') {
      // The old key is gone with the reset, so keeping it is no option: the reset is repeated
      // (a reset sent before a crash and answered late can replace the value just stored).
      // Back to NEW_REQUESTED, committed; the failure is counted and retried with backoff.
      store.update(record.id, { state: 'NEW_REQUESTED' })
      throw new AppError(
        'HUB_ERROR',
        `The reset key did not verify (${result.detail}); the old key no longer works, so the reset is repeated.`
      )
    }
    const cleaned = await removeNew(record, adapter, signal)
    const failed = store.update(cleaned.id, {
      state: 'FAILED',
      lastError: `The new key did not verify (${result.detail}); it was removed where the hub allows and the old key stays.`
    })
    announce(failed, 'error')
    return failed
  }

  const checklistOf = (record: RotationRecord, old: KeyRecord, fresh: KeyRecord): string[] => {
    const label = labelOf(record)
    return [
      `In ${label}'s console, make sure the key "${fresh.name}" exists with the same access as "${old.name}"${old.ipRules ? ` (IP filters: ${old.ipRules.join(', ')})` : ''}${old.headers.length ? ` and its ${old.headers.length} response header(s)` : ''}.`,
      'Give the new value to every consumer of the old key.',
      `Deactivate or delete "${old.name}" in ${label}'s console, then mark it revoked in Hubkeys.`
    ]
  }

  /** NEW_VERIFIED: Hubkeys now treats the new key as the current one; the grace window starts. */
  const switchOver = (record: RotationRecord): RotationRecord => {
    const at = now()
    const extra: Parameters<RotationStore['update']>[1] = {
      graceUntil: record.strategy === 'guided' ? null : at + record.graceMs
    }
    if (record.strategy === 'guided') {
      const old = keyOf(record.keyId, 'key being rotated')
      const fresh = keyOf(record.newKeyId, 'new key')
      extra.notes = [...record.notes, ...checklistOf(record, old, fresh)].slice(-20)
    }
    return commit(record, 'SWITCHED', extra)
  }

  /** SWITCHED: the old key goes, in the way its hub allows; `force` is "revoke now" (or the admin's word for guided). */
  const revokeOld = async (
    record: RotationRecord,
    adapter: HubAdapter,
    force: boolean,
    signal?: AbortSignal
  ): Promise<RotationRecord | 'waiting'> => {
    const label = labelOf(record)
    const old = inventory.getKey(record.keyId)
    if (record.strategy === 'guided' && !force) return 'waiting'
    if (!force && record.graceUntil !== null && now() < record.graceUntil) return 'waiting'
    switch (record.strategy) {
      case 'create-verify-delete': {
        // The hub's state first: a crash after the delete must not turn into an error.
        let live = true
        try {
          const current = adapter.getKey
            ? await adapter.getKey({ hubKeyId: record.oldHubKeyId }, signal)
            : undefined
          live = current ? current.status !== 'deleted' && current.status !== 'deleting' : true
        } catch (error) {
          if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error
          live = false
        }
        if (live) {
          try {
            await adapter.deleteKey({ hubKeyId: record.oldHubKeyId }, signal)
          } catch (error) {
            if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error
          }
        }
        if (old) inventory.markKeyDeleted(old.id, now())
        break
      }
      case 'create-verify-retire': {
        if (old && !force && adapter.usage) {
          const since = (record.graceUntil ?? now()) - record.graceMs
          const { points } = await adapter.usage(
            refOf(old),
            { from: since, to: now(), interval: 'hour' },
            signal
          )
          const requests = points
            .filter((point) => point.at >= since)
            .reduce((sum, point) => sum + (point.requests ?? 0), 0)
          if (requests > 0) {
            addNote(
              record,
              `The old key still served ${requests} request(s) since the switch; Hubkeys retires it once its usage stops (or use Revoke now).`
            )
            return 'waiting'
          }
        }
        if (old) {
          inventory.upsertKey(record.connectionId, {
            ...old,
            status: 'inactive',
            oddities: [
              ...old.oddities,
              `Retired by rotation ${record.token}: it still works at ${label}, whose API cannot delete keys; remove it with ${label}'s own tools.`
            ].slice(-50)
          })
        }
        break
      }
      case 'guided':
        if (old) inventory.upsertKey(record.connectionId, { ...old, status: 'inactive' })
        break
      case 'reset-cutover':
      case 'regenerate-own':
        // The hub revoked the old value with the reset; nothing is left to call.
        break
    }
    return commit(record, 'OLD_REVOKED')
  }

  /** OLD_REVOKED: drop what only the old key needed, then DONE. */
  const finish = (record: RotationRecord): RotationRecord => {
    if (
      (record.strategy === 'reset-cutover' || record.strategy === 'regenerate-own') &&
      record.oldSecretId &&
      record.oldSecretId !== record.newSecretId
    ) {
      // The reset made the old value worthless; the record now points at the new one.
      vault.deleteSecret(record.oldSecretId)
    }
    return commit(record, 'DONE')
  }

  const schedule = (record: RotationRecord) => {
    clearTimeout(timers.get(record.id))
    timers.delete(record.id)
    if (isFinishedRotation(record.state)) return
    const at =
      record.state === 'SWITCHED' && record.graceUntil !== null && record.lastError === null
        ? record.graceUntil
        : record.nextAttemptAt
    if (at === null) return
    const timer = setTimeout(
      () => {
        timers.delete(record.id)
        if (!vault.isUnlocked()) return
        advance(get(record.id), false).catch(() => {
          // Recorded in the journal by `advance`; the banner and the notification say it.
        })
      },
      Math.min(Math.max(0, at - now()), 2 ** 31 - 1)
    )
    timer.unref?.()
    timers.set(record.id, timer)
  }

  /** A failed step: counted, backed off, and reported loudly once it keeps failing. */
  const failed = (record: RotationRecord, error: unknown): RotationRecord => {
    const attempts = record.attempts + 1
    const message = errorMessageOf(labelOf(record), error)
    const next = store.update(record.id, {
      attempts,
      lastError: message.slice(0, 1000),
      nextAttemptAt:
        now() +
        Math.max(
          1000,
          backoffMs(attempts, random, { ...defaultRetryTuning, baseMs: 5_000, capMs: 15 * 60_000 })
        )
    })
    announce(next, error instanceof AppError ? error.code : 'error')
    if (attempts >= stuckAfter) {
      options.notifier?.notify(
        'Hubkeys: a key rotation keeps failing',
        `${viewOf(next).keyName}: stopped at ${next.state} after ${attempts} attempts. Open Hubkeys to resume or roll it back.`
      )
    }
    logger.log('warn', 'rotation step failed', {
      rotation: record.id,
      state: record.state,
      attempts
    })
    schedule(next)
    return next
  }

  /** Runs the rotation's steps from its committed state until it ends or must wait. */
  const advance = async (
    start: RotationRecord,
    force: boolean,
    signal?: AbortSignal
  ): Promise<RotationRecord> => {
    if (running.has(start.id)) throw new AppError('CONFLICT', 'This rotation is already running.')
    // Another process (desktop app, web mode, CLI) running it: refused here, the row untouched.
    const release = hold(start.id)
    running.add(start.id)
    // Read again under the lease: another process may have moved it since `start` was read.
    let record = get(start.id)
    try {
      const adapter = connections.adapterFor(record.connectionId)
      for (;;) {
        let outcome: Outcome = 'advanced'
        switch (record.state) {
          case 'PLANNED':
          case 'NEW_REQUESTED':
            record = await requestNew(record, adapter, signal)
            break
          case 'NEW_STORED':
            record = await verifyNew(record, adapter, signal)
            break
          case 'NEW_VERIFIED':
            record = switchOver(record)
            break
          case 'SWITCHED': {
            const next = await revokeOld(record, adapter, force, signal)
            if (next === 'waiting') {
              record = get(record.id)
              outcome = 'waiting'
            } else record = next
            break
          }
          case 'OLD_REVOKED':
            record = finish(record)
            break
          case 'DONE':
          case 'ROLLED_BACK':
          case 'FAILED':
            outcome = 'waiting'
        }
        if (outcome === 'waiting') break
      }
      schedule(record)
      return record
    } catch (error) {
      // The journal row as committed (a step may have moved it before failing), with the failure counted.
      const kept = failed(get(record.id), error)
      throw new AppError(
        error instanceof AppError ? error.code : 'HUB_ERROR',
        `The rotation stopped at ${kept.state}: ${kept.lastError ?? ''} It is kept in the journal; resume it or roll it back.`
      )
    } finally {
      running.delete(start.id)
      release()
    }
  }

  const blockedBecause = (key: KeyRecord): string | undefined => {
    if (key.status === 'deleted' || key.status === 'missing')
      return `"${key.name}" is ${key.status === 'deleted' ? 'deleted' : 'missing at its hub'}.`
    if (store.unfinishedFor(key.id)) return `A rotation of "${key.name}" is already unfinished.`
    return undefined
  }

  const resolve = (connectionId: string, keyId: string): KeyRecord => {
    const byId = inventory.getKey(keyId)
    if (byId && byId.connectionId === connectionId) return byId
    const byHubId = inventory.listKeys(connectionId).find((key) => key.hubKeyId === keyId)
    if (!byHubId)
      throw new AppError(
        'NOT_FOUND',
        'Hubkeys has no record of that key; sync the connection first.'
      )
    return byHubId
  }

  /** Other connections to the same DCT server (same kind, base URL and base path): recovery candidates. */
  const recoveryCandidatesOf = (connectionId: string) => {
    const own = connections.get(connectionId)
    return connections
      .list()
      .filter(
        (other) =>
          other.id !== own.id &&
          other.kind === own.kind &&
          other.hasCredential &&
          serverOf(other.baseUrl) === serverOf(own.baseUrl) &&
          (other.settings.basePath ?? '') === (own.settings.basePath ?? '')
      )
      .map((other) => ({ id: other.id, name: other.name }))
  }

  /** Refuses, before any journal row, what cannot regenerate the connection's own credential. */
  const credentialAdapterOf = (connectionId: string): CanRegenerate => {
    const connection = connections.get(connectionId)
    const adapter = connections.adapterFor(connectionId) as Regenerating
    if (!canRegenerate(adapter)) {
      throw new AppError(
        'UNSUPPORTED',
        `${connection.name} cannot regenerate its own credential through its API; paste a new one in the connection's settings (it is tested before it is saved).`
      )
    }
    const refusal = adapter.regenerateRefusal?.()
    if (refusal) throw new AppError('UNSUPPORTED', refusal)
    return adapter
  }

  /**
   * Checks the recovery connection live before anything runs: same server, a working key of
   * another account, allowed to read (and so to reset) our account.
   */
  const checkRecovery = async (
    connectionId: string,
    recoveryId: string,
    accountId: string,
    signal?: AbortSignal
  ): Promise<void> => {
    const recovery = connections.get(recoveryId)
    if (!recoveryCandidatesOf(connectionId).some((candidate) => candidate.id === recoveryId)) {
      throw new AppError(
        'BAD_REQUEST',
        `${recovery.name} cannot be the recovery connection: it must be another connection with a credential to the same DCT server (same base URL and base path).`
      )
    }
    const adapter = connections.adapterFor(recoveryId) as Regenerating
    if (!adapter.resetKey || !adapter.ownAccount || strategyOf(adapter.capabilities) === null) {
      throw new AppError('BAD_REQUEST', `${recovery.name} cannot reset DCT keys on this server.`)
    }
    const them = await adapter.ownAccount(signal)
    if (!them) throw new AppError('BAD_REQUEST', `DCT refuses the credential of ${recovery.name}.`)
    if (them.accountId === accountId) {
      throw new AppError(
        'BAD_REQUEST',
        `${recovery.name} uses the same DCT account, whose key the regenerate replaces; choose a connection of another account.`
      )
    }
    try {
      await adapter.getKey?.({ hubKeyId: accountId }, signal)
    } catch (error) {
      throw new AppError(
        'BAD_REQUEST',
        `${recovery.name} cannot manage DCT account ${accountId}, so it could not reset its key: ${errorMessageOf(recovery.name, error)}`
      )
    }
  }

  /** The connection's own credential (DCT api-key-regenerate): the vault switches with the call's answer. */
  const startCredential = async (
    connectionId: string,
    recoveryConnectionId: string | undefined,
    signal?: AbortSignal
  ) => {
    const connection = inventory.getConnection(connectionId)
    if (!connection) throw new AppError('NOT_FOUND', 'Hubkeys has no such connection.')
    // The version gate and every check come before the journal row: a refusal leaves nothing behind.
    const adapter = credentialAdapterOf(connectionId)
    const keyId = credentialKeyId(connectionId)
    if (store.unfinishedFor(keyId)) {
      throw new AppError(
        'CONFLICT',
        `A rotation of ${connection.name}'s credential is already unfinished.`
      )
    }
    const own = await adapter.ownAccount(signal)
    if (!own) {
      throw new AppError(
        'BAD_REQUEST',
        `DCT already refuses ${connection.name}'s stored credential; store a working one with "Replace credential" in the connection's settings.`
      )
    }
    if (recoveryConnectionId)
      await checkRecovery(connectionId, recoveryConnectionId, own.accountId, signal)
    const row: RotationInsert = {
      id: platform().randomUUID(),
      connectionId,
      keyId,
      // The DCT account whose key is regenerated: a recovery resets it, messages name it.
      oldHubKeyId: own.accountId,
      oldSecretId: connection.credentialSecretId,
      strategy: 'regenerate-own',
      state: 'PLANNED',
      token: newToken(),
      newKeyId: null,
      newHubKeyId: null,
      newSecretId: null,
      graceMs: 0,
      notes: [],
      recoveryConnectionId: recoveryConnectionId ?? null,
      accountName: own.username
    }
    const record = store.insert(row, { owner: leaseOwner, ttlMs: leaseTtlMs })
    const release = hold(record.id)
    try {
      announce(record)
      options.onStateCommitted?.(record)
      return await advance(record, false, signal)
    } finally {
      release()
    }
  }

  return {
    viewOf,
    get,
    list: (unfinished = false) =>
      unfinished
        ? store.list().filter((record) => !isFinishedRotation(record.state) || needsAdmin(record))
        : store.list(),

    policies: () => store.listPolicies(),
    setPolicy(connectionId, maxAgeDays) {
      connections.get(connectionId)
      store.setPolicy(connectionId, maxAgeDays)
      return store.listPolicies()
    },
    proposals() {
      const at = now()
      const items: (RotationPlanItem & { ageDays: number })[] = []
      for (const policy of store.listPolicies()) {
        const connection = connections.get(policy.connectionId)
        // The connection's own capabilities: a DCT server's version decides whether it can reset.
        const capabilities = connections.adapterFor(connection.id).capabilities
        for (const key of inventory.listKeys(policy.connectionId)) {
          if (key.status !== 'active' || key.createdAt === null) continue
          const ageDays = Math.floor((at - key.createdAt) / 86_400_000)
          if (ageDays <= policy.maxAgeDays || store.unfinishedFor(key.id)) continue
          items.push({
            ...planItemOf({
              keyId: key.id,
              keyName: key.name,
              connectionId: connection.id,
              hubLabel: connection.name,
              environment: connection.environment,
              capabilities
            }),
            ageDays
          })
        }
      }
      return items.sort((a, b) => b.ageDays - a.ageDays)
    },

    plan(connectionId, keyIds) {
      const connection = connections.get(connectionId)
      // The connection's own capabilities: a DCT server's version decides whether it can reset.
      const capabilities = connections.adapterFor(connectionId).capabilities
      return keyIds.map((keyId) => {
        const key = resolve(connectionId, keyId)
        const blocked = blockedBecause(key)
        return planItemOf({
          keyId: key.id,
          keyName: key.name,
          connectionId,
          hubLabel: connection.name,
          environment: connection.environment,
          capabilities,
          ...(blocked ? { blockedBecause: blocked } : {})
        })
      })
    },

    planCredential(connectionId, recoveryConnectionId) {
      const connection = connections.get(connectionId)
      const candidates = recoveryCandidatesOf(connectionId)
      const recovery = candidates.find((candidate) => candidate.id === recoveryConnectionId)
      let blocked: string | undefined
      try {
        credentialAdapterOf(connectionId)
      } catch (error) {
        blocked = errorMessageOf(connection.name, error)
      }
      if (!blocked && store.unfinishedFor(credentialKeyId(connectionId)))
        blocked = `A rotation of ${connection.name}'s credential is already unfinished.`
      return {
        keyId: credentialKeyId(connectionId),
        keyName: `the credential of ${connection.name}`,
        connectionId,
        strategy: blocked ? null : 'regenerate-own',
        risk: blocked ? 'blocked' : riskOf('regenerate-own', connection.environment),
        explanation: blocked ?? credentialExplanationOf(connection.name, recovery?.name),
        needsTypedName: false,
        graceWindows: ['0'],
        recoveryConnections: candidates
      }
    },

    async start(request, signal) {
      if (request.target === 'credential')
        return startCredential(request.connectionId, request.recoveryConnectionId, signal)
      const key = resolve(request.connectionId, request.keyId)
      const adapter = connections.adapterFor(request.connectionId)
      const label = connections.get(request.connectionId).name
      const strategy = strategyOf(adapter.capabilities)
      if (strategy === null)
        throw new AppError('UNSUPPORTED', `Hubkeys cannot rotate keys at ${label} through its API.`)
      const blocked = blockedBecause(key)
      if (blocked) throw new AppError('CONFLICT', blocked)
      if (!graceWindowsOf(strategy).includes(request.grace)) {
        throw new AppError(
          'BAD_REQUEST',
          `A ${strategy} rotation replaces the key at once; it cannot keep the old key for a grace window.`
        )
      }
      if (strategy === 'reset-cutover' && request.confirmName?.trim() !== key.name) {
        throw new AppError(
          'BAD_REQUEST',
          `Resetting breaks every consumer of "${key.name}" until it switches; type the key's name exactly to confirm.`
        )
      }
      if (strategy === 'guided' && !request.newSecret && !request.generate) {
        throw new AppError(
          'BAD_REQUEST',
          `Paste the new key's value from ${label}'s console, or ask Hubkeys to generate a generic token.`
        )
      }
      const token = newToken()
      if (!tokenPattern.test(token))
        throw new AppError('INTERNAL', 'The rotation token came out malformed.')
      let record = store.insert(
        {
          id: platform().randomUUID(),
          connectionId: request.connectionId,
          keyId: key.id,
          oldHubKeyId: key.hubKeyId,
          oldSecretId: key.secretId,
          strategy,
          state: 'PLANNED',
          token,
          newKeyId: null,
          newHubKeyId: null,
          newSecretId: null,
          graceMs: graceWindowMs[request.grace],
          notes: []
        },
        // Leased from its first commit: a resume in another process cannot pick it up meanwhile.
        { owner: leaseOwner, ttlMs: leaseTtlMs }
      )
      const release = hold(record.id)
      try {
        announce(record)
        options.onStateCommitted?.(record)
        if (strategy === 'guided') {
          // No hub call makes a guided key: its value and NEW_STORED commit together right away.
          // A generic token (Data Hub lets the admin choose the value): 32 random bytes, base64url.
          using generated = request.newSecret ? undefined : generateDatahubToken()
          const secret = (request.newSecret ?? generated) as Secret
          const created = await adapter.createKey(
            {
              name: `${baseNameOf(key.name)} [${token}]`,
              secret,
              ...(adapter.capabilities.update.ips ? { ips: key.ipRules } : {}),
              ...(adapter.capabilities.update.headers ? { headers: key.headers } : {})
            },
            signal
          )
          record = storeNew(record, created.key, secret)
        }
        return await advance(record, false, signal)
      } finally {
        release()
      }
    },

    async resume(id, signal) {
      if (id !== undefined) return [await advance(get(id), false, signal)]
      const results: RotationRecord[] = []
      for (const record of store.list({ unfinished: true })) {
        if (running.has(record.id)) continue
        try {
          results.push(await advance(record, false, signal))
        } catch {
          // Recorded with its reason in the journal; the list shows it.
          results.push(get(record.id))
        }
      }
      return results
    },

    async rollback(id, signal) {
      get(id)
      if (running.has(id))
        throw new AppError('CONFLICT', 'This rotation is running; wait for it to stop.')
      const release = hold(id)
      running.add(id)
      // Read under the lease: another process may have moved it.
      let record = get(id)
      try {
        if (isFinishedRotation(record.state))
          throw new AppError('CONFLICT', `This rotation has already ended (${record.state}).`)
        if (record.state === 'OLD_REVOKED')
          throw new AppError(
            'CONFLICT',
            'The old key is already revoked, so there is nothing to roll back to; resume the rotation to finish it.'
          )
        if (
          (record.strategy === 'reset-cutover' || record.strategy === 'regenerate-own') &&
          record.state !== 'PLANNED'
        ) {
          throw new AppError(
            'CONFLICT',
            'The key may already have been reset, so the old value may no longer work; resume the rotation to finish it.'
          )
        }
        record = await removeNew(record, connections.adapterFor(record.connectionId), signal)
        const rolled = store.update(record.id, { state: 'ROLLED_BACK', nextAttemptAt: null })
        announce(rolled)
        schedule(rolled)
        return rolled
      } catch (error) {
        throw transportError(labelOf(record), error)
      } finally {
        running.delete(id)
        release()
      }
    },

    async revokeNow(id, signal) {
      const record = get(id)
      if (record.state !== 'SWITCHED')
        throw new AppError(
          'CONFLICT',
          `The old key can be revoked once the new one is verified and switched to; this rotation is at ${record.state}.`
        )
      return advance(record, true, signal)
    },

    close() {
      for (const timer of timers.values()) clearTimeout(timer)
      timers.clear()
    }
  }
}
