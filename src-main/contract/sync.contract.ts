// Schemas of the `sync:*` and `drift:*` channels and the `sync:progressed` event; shared by main, preload and renderer.
import { z } from 'zod'
import { channel, needsUnlock } from './channel-spec'
import { appErrorSchema } from './result'

const id = z.string().min(1).max(100)

/**
 * Where a connection's cache stands:
 * - `never`: no sync has finished yet (the cache holds only what Hubkeys itself recorded);
 * - `running`: a sync is pulling pages now;
 * - `ok`: the last sync succeeded and is younger than the stale threshold;
 * - `stale`: the last sync succeeded but is older than the stale threshold;
 * - `partial`: the last listing ended early (an error, a timeout or a cancel; `partial` says which):
 *   the keys it saw were updated and nothing was marked missing;
 * - `failed`: the last sync failed (`error` says why); the cache is as the last success left it;
 * - `cancelled`: the last sync was cancelled before any page came; nothing of it was applied.
 */
export const syncStateSchema = z.enum([
  'never',
  'running',
  'ok',
  'stale',
  'partial',
  'failed',
  'cancelled'
])
export type SyncState = z.output<typeof syncStateSchema>

/** How a run ended: `ok` only when the hub's own paging said the listing was complete. */
export const syncOutcomeSchema = z.enum(['ok', 'partial', 'failed', 'cancelled'])
export type SyncOutcome = z.output<typeof syncOutcomeSchema>

/** Why a listing ended before the hub's paging said it was complete. */
export const partialSyncSchema = z
  .object({
    reason: z.enum(['error', 'timeout', 'cancelled']),
    /** One sentence for people: what ended the listing and what that means for the cache. */
    message: z.string().max(2000)
  })
  .strict()
export type PartialSync = z.output<typeof partialSyncSchema>

export const syncConnectionStatusSchema = z
  .object({
    connectionId: z.string(),
    connectionName: z.string(),
    /**
     * `hub`: keys are pulled from the hub; `local`: the hub has no key list, so Hubkeys' own
     * records are the inventory and there is nothing to pull (Optidash, Data Hub, DM-Hub).
     */
    source: z.enum(['hub', 'local']),
    state: syncStateSchema,
    /** Epoch ms of the last successful sync, or null. */
    lastSuccessAt: z.number().nullable(),
    /** Epoch ms when the last finished run (of any outcome) ended, or null. */
    lastRunAt: z.number().nullable(),
    /** Why the last run failed; present only when `state` is `failed`. */
    error: appErrorSchema.optional(),
    /** Why the last listing ended early; present only when `state` is `partial`. */
    partial: partialSyncSchema.optional(),
    /** Keys in the cache for this connection. */
    keys: z.number().int().nonnegative(),
    /**
     * Milliseconds since the last successful sync; null when there was none, and for `local`
     * connections, whose records are never behind (there is no hub list to fall behind).
     */
    cacheAgeMs: z.number().nonnegative().nullable(),
    /** While `running`: pages and keys pulled so far. */
    progress: z
      .object({ pages: z.number().int().nonnegative(), keys: z.number().int().nonnegative() })
      .strict()
      .optional(),
    /** One sentence for people about this state (e.g. why there is nothing to pull). */
    detail: z.string().max(500)
  })
  .strict()
export type SyncConnectionStatus = z.output<typeof syncConnectionStatusSchema>

export const syncRunResultSchema = z
  .object({
    connectionId: z.string(),
    outcome: syncOutcomeSchema,
    pages: z.number().int().nonnegative(),
    /** Keys the hub listed (0 for `local` connections and for runs that did not finish). */
    keys: z.number().int().nonnegative(),
    added: z.number().int().nonnegative(),
    /** Keys a complete listing no longer contains: kept, with their values, as missing at hub. */
    removed: z.number().int().nonnegative(),
    /** Keys with at least one recorded change other than added or removed. */
    changed: z.number().int().nonnegative(),
    error: appErrorSchema.optional(),
    /** Present when `outcome` is `partial`: why the listing ended early. */
    partial: partialSyncSchema.optional()
  })
  .strict()
export type SyncRunResult = z.output<typeof syncRunResultSchema>

export const driftChangeSchema = z.enum([
  'added',
  'removed',
  'renamed',
  'ip-rules',
  'role',
  'status',
  'expiry',
  'scopes',
  'headers'
])
export type DriftChange = z.output<typeof driftChangeSchema>

export const driftEntrySchema = z
  .object({
    /** Increases with every recorded change; the keyset cursor (`before`) of `drift:list`. */
    seq: z.number().int().positive(),
    connectionId: z.string(),
    /** Hubkeys' id of the key; kept after the key is removed so its history stays readable. */
    keyId: z.string(),
    tenant: z.string(),
    hubKeyId: z.string(),
    keyName: z.string(),
    at: z.number(),
    change: driftChangeSchema,
    /**
     * The field's value before and after: a name, a sorted CIDR list (`null` = no restriction,
     * `[]` = allows nothing), a role, a status, an epoch-ms expiry, sorted scopes or header rules.
     * `added` has only `after` and `removed` only `before` (the key's name).
     */
    before: z.json().nullable(),
    after: z.json().nullable()
  })
  .strict()
export type DriftEntry = z.output<typeof driftEntrySchema>

export const driftQuerySchema = z
  .object({
    keyId: id.optional(),
    connectionId: id.optional(),
    limit: z.number().int().min(1).max(500).default(100),
    /** Only entries with a smaller `seq` (the previous page's `next`). */
    before: z.number().int().positive().optional()
  })
  .strict()
export type DriftQuery = z.input<typeof driftQuerySchema>

export const driftPageSchema = z
  .object({
    /** Newest first. */
    entries: z.array(driftEntrySchema),
    /** Pass as `before` for the next (older) page; absent on the last page. */
    next: z.number().int().positive().optional()
  })
  .strict()
export type DriftPage = z.output<typeof driftPageSchema>

export const syncProgressedSchema = z
  .object({
    connectionId: z.string(),
    state: syncStateSchema,
    pages: z.number().int().nonnegative(),
    keys: z.number().int().nonnegative(),
    /** True on the run's last event (its outcome is in `state`). */
    done: z.boolean(),
    error: appErrorSchema.optional(),
    partial: partialSyncSchema.optional()
  })
  .strict()
export type SyncProgressed = z.output<typeof syncProgressedSchema>

export const syncChannels = {
  /**
   * Syncs the named connections (all when omitted) and answers when every run has ended. A
   * connection already syncing is joined, not started twice. Per-connection failures are results,
   * not an error. It reads hubs; it changes only Hubkeys' cache.
   */
  'sync:start': channel(
    z.object({ connectionIds: z.array(id).min(1).max(200).optional() }).strict(),
    z.object({ results: z.array(syncRunResultSchema) }).strict(),
    { ...needsUnlock, audit: 'sync' }
  ),
  /** Cancels every running or queued sync; nothing of a cancelled run is applied. */
  'sync:cancel': channel(
    z.object({}).strict(),
    z.object({ cancelled: z.number().int().nonnegative() }).strict(),
    { ...needsUnlock, audit: false }
  ),
  'sync:status': channel(
    z.object({}).strict(),
    z.object({ connections: z.array(syncConnectionStatusSchema) }).strict(),
    { ...needsUnlock, audit: false }
  ),
  /** Drift history of one key or one connection (or all), newest first, keyset-paginated. */
  'drift:list': channel(driftQuerySchema, driftPageSchema, { ...needsUnlock, audit: false })
} as const

export const syncEvents = {
  'sync:progressed': syncProgressedSchema
} as const
