// The port for the rotation journal (one row per rotation, its state committed before each hub call); the SQLite adapter implements it on the vault's database.
import type { RotationState, RotationStrategy } from '../../contract/rotation.contract'

export interface RotationRecord {
  id: string
  connectionId: string
  /** Hubkeys' id of the key being replaced. */
  keyId: string
  oldHubKeyId: string
  /** The old key's vault secret, kept until the old key is revoked. */
  oldSecretId: string | null
  strategy: RotationStrategy
  state: RotationState
  token: string
  /** The name the last create asked for, committed before the call (holds the token). */
  requestedName: string | null
  newKeyId: string | null
  newHubKeyId: string | null
  newSecretId: string | null
  graceMs: number
  graceUntil: number | null
  attempts: number
  /** One sentence, never a secret. */
  lastError: string | null
  /** When the next automatic retry may run (backoff); null = now. */
  nextAttemptAt: number | null
  /** What the admin still has to do by hand; JSON list of sentences in the store. */
  notes: string[]
  /**
   * regenerate-own: another connection to the same DCT server whose account may reset ours, used
   * when the regenerate answer was lost (the old key dead, the new one never stored).
   */
  recoveryConnectionId: string | null
  /** regenerate-own: the DCT username of the connection's account, for the messages that name it. */
  accountName: string | null
  /** The process running the rotation now, if any (expired leases included; compare `until`). */
  lease: RotationLease | null
  createdAt: number
  updatedAt: number
}

/** Who runs a rotation: taken with one conditional UPDATE, renewed while the run lasts. */
export interface RotationLease {
  /** A random id per running service (so per process). */
  owner: string
  /** Who that is for people, e.g. `pid 4242 on host-a`; null when unknown. */
  holder: string | null
  /** Epoch ms; an expired lease may be taken over. */
  until: number
}

export type LeaseAnswer = { taken: true } | { taken: false; holder: string | null; until: number }

export type RotationInsert = Omit<
  RotationRecord,
  | 'attempts'
  | 'lastError'
  | 'nextAttemptAt'
  | 'createdAt'
  | 'updatedAt'
  | 'graceUntil'
  | 'requestedName'
  | 'recoveryConnectionId'
  | 'accountName'
  | 'lease'
> &
  Partial<Pick<RotationRecord, 'recoveryConnectionId' | 'accountName'>>

export type RotationPatch = Partial<
  Pick<
    RotationRecord,
    | 'state'
    | 'requestedName'
    | 'newKeyId'
    | 'newHubKeyId'
    | 'newSecretId'
    | 'oldSecretId'
    | 'graceUntil'
    | 'attempts'
    | 'lastError'
    | 'nextAttemptAt'
    | 'notes'
  >
>

/**
 * Synchronous and on the same database as the vault and the inventory, so a state change can
 * commit in one transaction with a sealed secret and a key record. Throws `StoreError`; a second
 * unfinished rotation of one key is refused with `CONFLICT`.
 */
export interface RotationStore {
  /** With `lease`, the row is written already leased to `owner`, in the same transaction. */
  insert(rotation: RotationInsert, lease?: { owner: string; ttlMs: number }): RotationRecord
  update(id: string, patch: RotationPatch): RotationRecord
  get(id: string): RotationRecord | undefined
  /** Newest first. */
  list(options?: { unfinished?: boolean }): RotationRecord[]
  unfinishedFor(keyId: string): RotationRecord | undefined
  /**
   * Takes the row's lease for `owner` (free, expired or already its own) in one conditional UPDATE
   * inside an IMMEDIATE transaction, so two processes can never both hold it.
   */
  acquireLease(id: string, owner: string, ttlMs: number): LeaseAnswer
  /** Extends `owner`'s lease; false when it is no longer `owner`'s. */
  renewLease(id: string, owner: string, ttlMs: number): boolean
  /** Frees the lease if `owner` still holds it. */
  releaseLease(id: string, owner: string): void
  /** Per connection: keys older than this many days are proposed for rotation. */
  listPolicies(): { connectionId: string; maxAgeDays: number }[]
  /** `null` removes the connection's policy. */
  setPolicy(connectionId: string, maxAgeDays: number | null): void
}
