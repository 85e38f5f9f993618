// Schemas of the inventory query channels (key table, key detail, saved filters, hygiene, .ics export); shared by all layers.
import { z } from 'zod'
import { channel, needsUnlock } from './channel-spec'
import { displayText } from './display-text'
import {
  colourSchema,
  environmentSchema,
  headerRuleSchema,
  hubKindSchema,
  keyStatusSchema
} from './hubs.contract'

const id = z.string().min(1).max(100)
/** Whole days for relative filters; ten years is more than any key lives. */
const days = z.number().int().min(0).max(3650)

/** Most rows one `keys:query` call returns. */
export const maxPageSize = 500
export const defaultPageSize = 100
/** Longest free-text search accepted (the renderer's search box caps at the same length). */
export const maxSearchLength = 200

/**
 * Which keys to show. Every field narrows the result; absent fields (and booleans set to false)
 * do not. Lists match any of their values. Relative filters are days counted from the moment the
 * first page is read (`at` in the answer), so paging never shifts under the reader.
 */
export const keyFilterSchema = z
  .object({
    connectionIds: z.array(id).max(200).optional(),
    kinds: z.array(hubKindSchema).max(5).optional(),
    environments: z.array(environmentSchema).max(3).optional(),
    /** `unknown` also matches statuses a hub reported that Hubkeys does not know. */
    statuses: z.array(keyStatusSchema).max(8).optional(),
    /** Expires after now and no later than now + N days (keys already past their date are `expired`). */
    expiringWithinDays: days.optional(),
    /** Expiry date reached, or the hub reports the key as expired. */
    expired: z.boolean().optional(),
    /**
     * Not used for N days: last used more than N days ago, or never used (no last-used time) and
     * created more than N days ago or at an unknown time. A key made yesterday and not used yet
     * is not "unused". Hubs that never report use make every older key count as never used.
     */
    unusedForDays: days.optional(),
    /** No IP restriction at all (the hub holds no rule list). */
    noIpRestriction: z.boolean().optional(),
    /** Every address gets through: no restriction, or any rule of prefix length 0 (`0.0.0.0/0`, `::/0`). */
    allowAll: z.boolean().optional(),
    /** Created more than N days ago (keys of unknown age do not match). */
    olderThanDays: days.optional(),
    /** Carries any of these tags (case-insensitive for ASCII letters). */
    tags: z
      .array(displayText(z.string().trim().min(1).max(100)))
      .max(50)
      .optional()
  })
  .strict()
export type KeyFilter = z.output<typeof keyFilterSchema>

export const keySortFields = [
  'name',
  'connection',
  'kind',
  'environment',
  'status',
  'created',
  'expires',
  'lastUsed',
  'tenant',
  'role',
  'usage7d',
  'usage30d'
] as const
export const keySortFieldSchema = z.enum(keySortFields)
export type KeySortField = z.output<typeof keySortFieldSchema>

/**
 * Keys without a value (no expiry, never used, no role) come last in both directions. Text sorts
 * ignore ASCII case. `connection`, `kind` and `environment` (prod, staging, dev) order whole
 * connections and, within one, keys by tenant and hub key id; every other sort breaks ties by a
 * stable per-key order, so pages never repeat or skip a key.
 */
export const keySortSchema = z
  .object({
    field: keySortFieldSchema.default('name'),
    direction: z.enum(['asc', 'desc']).default('asc')
  })
  .strict()
export type KeySort = z.output<typeof keySortSchema>

/** Free text (searched over name, hub key id, tenant, connection, hub kind, tags and notes), filter and sort. */
export const keyQuerySchema = z
  .object({
    search: z.string().max(maxSearchLength).default(''),
    filter: keyFilterSchema.default({}),
    sort: keySortSchema.default({ field: 'name', direction: 'asc' })
  })
  .strict()
export type KeyQuery = z.output<typeof keyQuerySchema>
export type KeyQueryInput = z.input<typeof keyQuerySchema>

export const keyPageRequestSchema = keyQuerySchema
  .extend({
    /** `nextCursor` of the previous page of the same query; absent for the first page. */
    cursor: z.string().min(1).max(4096).optional(),
    /**
     * Without a cursor: start this many keys into the order (a scrollbar dragged to a far place),
     * found by walking the sort's index instead of reading every page before it.
     */
    offset: z.number().int().min(0).max(100_000_000).optional(),
    limit: z.number().int().min(1).max(maxPageSize).default(defaultPageSize),
    /** Also count every matching key (the table asks on its first page, for the scroll height). */
    withTotal: z.boolean().default(false)
  })
  .strict()
export type KeyPageRequest = z.output<typeof keyPageRequestSchema>
export type KeyPageRequestInput = z.input<typeof keyPageRequestSchema>

/** One row of the key table: the key's metadata and its connection's look. Never a secret. */
export const keyRowSchema = z
  .object({
    id: z.string(),
    connectionId: z.string(),
    connectionName: z.string(),
    kind: hubKindSchema,
    environment: environmentSchema,
    colour: colourSchema,
    tenant: z.string(),
    hubKeyId: z.string(),
    name: z.string(),
    status: keyStatusSchema,
    /** The hub's id of the key's role (Cycle: a role id). */
    role: z.string().nullable(),
    /** The name the hub gives that role, read at the last sync that could; `null` when unknown. */
    roleName: z.string().nullable(),
    createdAt: z.number().nullable(),
    expiresAt: z.number().nullable(),
    lastUsedAt: z.number().nullable(),
    usage7d: z.number().nullable(),
    usage30d: z.number().nullable(),
    owner: z.string().nullable(),
    /** A name for `owner` the hub gives (a Cycle key created by another API key: that key's name). */
    ownerName: z.string().nullable(),
    tags: z.array(z.string()),
    /** `null`: no IP restriction; otherwise how many rules the key has. */
    ipRuleCount: z.number().int().nonnegative().nullable(),
    allowsAll: z.boolean(),
    hasNotes: z.boolean(),
    /** Hubkeys holds the key's value in the vault (it is never sent here). */
    hasSecret: z.boolean(),
    syncedAt: z.number(),
    /** When a complete listing first lacked the key (`missing`); otherwise `null`. */
    missingSince: z.number().nullable()
  })
  .strict()
export type KeyRow = z.output<typeof keyRowSchema>

export const keyPageSchema = z
  .object({
    rows: z.array(keyRowSchema),
    /** Pass back as `cursor` for the next page; `null` when this was the last. */
    nextCursor: z.string().nullable(),
    /** Every matching key, when `withTotal` asked. */
    total: z.number().int().nonnegative().optional(),
    /** The moment relative filters were measured from (epoch ms). */
    at: z.number()
  })
  .strict()
export type KeyPage = z.output<typeof keyPageSchema>

/** Everything the detail panel shows about one key. */
export const keyDetailSchema = keyRowSchema
  .extend({
    scopes: z.array(z.string()),
    /** `null`: no restriction; `[]`: a list that lets nothing through. */
    ipRules: z.array(z.string()).nullable(),
    headers: z.array(headerRuleSchema),
    notes: z.string().nullable(),
    fingerprint: z.string().nullable(),
    /** What the hub sent that looked odd when the key was last read. */
    oddities: z.array(z.string()),
    /** When the key was deleted through Hubkeys (status `deleted`); `null` for a hub-reported deletion. */
    deletedAt: z.number().nullable()
  })
  .strict()
export type KeyDetail = z.output<typeof keyDetailSchema>

export const savedFilterNameSchema = displayText(
  z
    .string()
    .trim()
    .min(1, 'Give the filter a name.')
    .max(80, 'Use a name of at most 80 characters.')
)

export const savedFilterSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    query: keyQuerySchema,
    createdAt: z.number(),
    updatedAt: z.number()
  })
  .strict()
export type SavedFilter = z.output<typeof savedFilterSchema>

/** Most saved filters kept; a list longer than this is no longer a shortcut. */
export const maxSavedFilters = 200

export const hygieneCheckIds = [
  'expiring-30d',
  'expiring-7d',
  'expiring-1d',
  'expired',
  'unused-90d',
  'no-ip-restriction',
  'allow-all-prod',
  'older-than-max-age',
  'missing-at-hub'
] as const
export const hygieneCheckIdSchema = z.enum(hygieneCheckIds)
export type HygieneCheckId = z.output<typeof hygieneCheckIdSchema>

export const hygieneItemSchema = z
  .object({
    id: hygieneCheckIdSchema,
    label: z.string(),
    count: z.number().int().nonnegative(),
    /** Opens the key table on exactly the keys counted. */
    query: keyQuerySchema
  })
  .strict()
export type HygieneItem = z.output<typeof hygieneItemSchema>

/** The checks the Overview counts per connection, in the order it shows them. */
export const connectionHygieneCheckIds = [
  'expiring-30d',
  'allow-all-prod',
  'unused-90d',
  'missing-at-hub'
] as const satisfies readonly HygieneCheckId[]
export type ConnectionHygieneCheckId = (typeof connectionHygieneCheckIds)[number]

export const connectionHygieneSchema = z
  .object({
    connectionId: z.string(),
    /** Each check's count among this connection's keys; its query adds `connectionIds: [id]`. */
    counts: z
      .object({
        'expiring-30d': z.number().int().nonnegative(),
        'allow-all-prod': z.number().int().nonnegative(),
        'unused-90d': z.number().int().nonnegative(),
        'missing-at-hub': z.number().int().nonnegative()
      })
      .strict()
  })
  .strict()
export type ConnectionHygiene = z.output<typeof connectionHygieneSchema>

export const hygieneSummarySchema = z
  .object({
    at: z.number(),
    maxAgeDays: z.number().int(),
    items: z.array(hygieneItemSchema),
    /** Every connection in the cache, with the counts of `connectionHygieneCheckIds`. */
    byConnection: z.array(connectionHygieneSchema)
  })
  .strict()
export type HygieneSummary = z.output<typeof hygieneSummarySchema>

export const defaultMaxAgeDays = 365
const maxAgeDays = z.number().int().min(1).max(3650)

export const hygieneIcsSchema = z
  .object({
    fileName: z.string(),
    /** RFC 5545 text with CRLF line endings. */
    content: z.string(),
    events: z.number().int().nonnegative(),
    /** More keys expire in the window than one file holds; the soonest were kept. */
    truncated: z.boolean()
  })
  .strict()
export type HygieneIcs = z.output<typeof hygieneIcsSchema>

/** Expiry reminders are due 30, 7 and 1 days before a key expires. */
export const reminderThresholds = [30, 7, 1] as const
export const reminderThresholdSchema = z.union([z.literal(30), z.literal(7), z.literal(1)])
export type ReminderThreshold = z.output<typeof reminderThresholdSchema>

/**
 * What was already announced, per key id: for which expiry date, down to which threshold. Kept in
 * the preferences (non-secret: ids and dates only) so a restart does not announce again; entries
 * of keys no longer expiring within 30 days are dropped, which bounds its size.
 */
export const reminderLogSchema = z.record(
  z.string().max(100),
  z.object({ expiresAt: z.number(), threshold: reminderThresholdSchema }).strict()
)
export type ReminderLog = z.output<typeof reminderLogSchema>

export const inventoryChannels = {
  /** One page of the key table, from the local cache. */
  'keys:query': channel(keyPageRequestSchema, keyPageSchema, { ...needsUnlock, audit: false }),
  'keys:get': channel(z.object({ id }).strict(), keyDetailSchema, { ...needsUnlock, audit: false }),
  /** The details of up to a page of keys in one call (the CLI's `keys list`); ids no longer cached are left out. */
  'keys:get-many': channel(
    z.object({ ids: z.array(id).min(1).max(maxPageSize) }).strict(),
    z.array(keyDetailSchema),
    { ...needsUnlock, audit: false }
  ),
  'filters:list': channel(z.object({}).strict(), z.array(savedFilterSchema), {
    ...needsUnlock,
    audit: false
  }),
  /** Saves under a name; a filter of the same name (any case) is replaced. */
  'filters:save': channel(
    z.object({ name: savedFilterNameSchema, query: keyQuerySchema }).strict(),
    savedFilterSchema,
    { ...needsUnlock, audit: false }
  ),
  'filters:delete': channel(z.object({ id }).strict(), z.object({}).strict(), {
    ...needsUnlock,
    audit: false
  }),
  'hygiene:summary': channel(
    z.object({ maxAgeDays: maxAgeDays.optional() }).strict(),
    hygieneSummarySchema,
    { ...needsUnlock, audit: false }
  ),
  /** Calendar of keys expiring within `days` (default 365). */
  'hygiene:ics': channel(
    z
      .object({
        days: z.number().int().min(1).max(3650).default(365),
        /** IANA zone the all-day dates are computed in (the user's); UTC when absent. */
        timeZone: z.string().min(1).max(64).optional()
      })
      .strict(),
    hygieneIcsSchema,
    { ...needsUnlock, audit: false }
  )
} as const
