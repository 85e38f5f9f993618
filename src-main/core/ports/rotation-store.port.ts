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
  createdAt: number
  updatedAt: number
}

export type RotationInsert = Omit<
  RotationRecord,
  | 'attempts'
  | 'lastError'
  | 'nextAttemptAt'
  | 'createdAt'
  | 'updatedAt'
  | 'graceUntil'
  | 'requestedName'
>

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
  insert(rotation: RotationInsert): RotationRecord
  update(id: string, patch: RotationPatch): RotationRecord
  get(id: string): RotationRecord | undefined
  /** Newest first. */
  list(options?: { unfinished?: boolean }): RotationRecord[]
  unfinishedFor(keyId: string): RotationRecord | undefined
  /** Per connection: keys older than this many days are proposed for rotation. */
  listPolicies(): { connectionId: string; maxAgeDays: number }[]
  /** `null` removes the connection's policy. */
  setPolicy(connectionId: string, maxAgeDays: number | null): void
}
