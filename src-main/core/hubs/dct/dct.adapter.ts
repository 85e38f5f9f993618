// The Delphix DCT hub adapter: accounts with one API key each, apk auth, cursor paging, version-gated key operations, assembled from its parts; runs in main.
import type { HubKey } from '../../../contract/hubs.contract'
import type { CreatedKey, HubAdapter, KeyRef } from '../hub-adapter'
import { capabilitiesFor } from './dct.capabilities'
import { createDctKeyChecks } from './dct.key-checks'
import { createDctKeyReads } from './dct.key-reads'
import { createDctKeyWrites } from './dct.key-writes'
import {
  createDctOwnAccount,
  type GlobalKeyExpiry,
  type OwnAccount,
  type RegeneratedKey
} from './dct.own-account'
import type { DctAccount } from './dct.parse'
import { createDctSession, type DctAdapterContext } from './dct.session'
import type { DctProfile } from './dct.version'

export { idempotencyTagKey } from './dct.key-reads'
export type { GlobalKeyExpiry, OwnAccount, RegeneratedKey } from './dct.own-account'
export { bareToken, looksLikeDctToken, type DctAdapterContext } from './dct.session'

/** DCT's adapter: the common interface plus DCT's own key operations. */
export interface DctAdapter extends HubAdapter {
  /** Which DCT API this connection speaks (base path, version, source of that knowledge). */
  readonly profile: DctProfile
  getKey(ref: KeyRef, signal?: AbortSignal): Promise<HubKey>
  /** The account behind a key, with the fields the key model has no room for (tags, names, email). */
  getAccount(ref: KeyRef, signal?: AbortSignal): Promise<DctAccount>
  /**
   * api-key-reset (3.17+): the account's key is replaced at once and the old one stops working,
   * a hard cut-over for every consumer of that key. The UI must say so and ask first. Never retried.
   */
  resetKey(ref: KeyRef, signal?: AbortSignal): Promise<CreatedKey>
  /**
   * api-key-regenerate (3.18+): a new key for the connection's own account. The old key, which is the
   * connection's stored credential, stops working at once: the caller must store `secret` as the
   * connection's credential in the vault immediately, before anything else. This adapter switches to
   * the new key itself, so it keeps working. Never retried.
   */
  regenerateOwnKey(signal?: AbortSignal): Promise<RegeneratedKey>
  /** The account behind the connection's stored key; null when DCT refuses that key. */
  ownAccount(signal?: AbortSignal): Promise<OwnAccount | null>
  /** Why this server cannot regenerate the connection's key, known without a call (its version). */
  regenerateRefusal(): string | undefined
  /** The server-wide API-key lifetime (GET /management/properties), for the UI. */
  globalKeyExpiry(signal?: AbortSignal): Promise<GlobalKeyExpiry>
  /** Finds the key Hubkeys created with this idempotency token (a create whose answer was lost). */
  findByIdempotencyToken(token: string, signal?: AbortSignal): Promise<HubKey | null>
}

export const createDctAdapter = (context: DctAdapterContext): DctAdapter => {
  const session = createDctSession(context)
  const reads = createDctKeyReads(session)
  const writes = createDctKeyWrites(session)
  const checks = createDctKeyChecks(session)
  const own = createDctOwnAccount(session)
  return {
    kind: 'dct',
    capabilities: capabilitiesFor(session.profile),
    profile: session.profile,
    testConnection: checks.testConnection,
    listKeys: reads.listKeys,
    getKey: reads.getKey,
    getAccount: reads.getAccount,
    createKey: writes.createKey,
    updateKey: writes.updateKey,
    deleteKey: writes.deleteKey,
    verifyKey: checks.verifyKey,
    resetKey: writes.resetKey,
    regenerateOwnKey: own.regenerateOwnKey,
    ownAccount: own.ownAccount,
    regenerateRefusal: own.regenerateRefusal,
    globalKeyExpiry: own.globalKeyExpiry,
    findByIdempotencyToken: reads.findByIdempotencyToken
  }
}
