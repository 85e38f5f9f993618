// Schemas of the `audit:*` channels (the hash-chained audit log: list with filters, verify the chain); shared by all layers.
import { z } from 'zod'
import { auditActions } from './audit-actions'
import { channel, needsUnlock } from './channel-spec'
import { errorCodeSchema } from './result'

export { auditActions, type AuditAction } from './audit-actions'

export const auditActionSchema = z.enum(auditActions)

/** Who made the call: the desktop window, a web-mode page, the CLI, tests, or Hubkeys itself (idle lock, retention). */
export const auditActorSchema = z.enum(['app', 'web', 'cli', 'test', 'system'])
export type AuditActor = z.output<typeof auditActorSchema>

/** `ok`, or the error code the call answered with. */
export const auditOutcomeSchema = z.union([z.literal('ok'), errorCodeSchema])
export type AuditOutcome = z.output<typeof auditOutcomeSchema>

const id = z.string().min(1).max(200)
const at = z.number().int().min(0).max(8_640_000_000_000_000)

/** One entry as the log shows it. Ids and outcomes only, never a secret. */
export const auditEntrySchema = z
  .object({
    /** Increases with every entry; the keyset cursor (`before`) of `audit:list`. */
    seq: z.number().int().positive(),
    at: z.number(),
    actor: auditActorSchema,
    action: auditActionSchema,
    outcome: auditOutcomeSchema,
    /** The channel the call came through; null for entries Hubkeys wrote itself. */
    channel: z.string().nullable(),
    connectionId: z.string().nullable(),
    /** Hubkeys' own id for the key. */
    keyId: z.string().nullable(),
    /** The hub's id for the key. */
    hubKeyId: z.string().nullable(),
    /** `sha256:` prefix of the key's value, when Hubkeys has seen it. */
    fingerprint: z.string().nullable(),
    /** Other non-secret facts (a lock's reason, the connections a sync covered, a retention cut). */
    detail: z.record(z.string(), z.json())
  })
  .strict()
export type AuditEntry = z.output<typeof auditEntrySchema>

export const auditQuerySchema = z
  .object({
    /** Hubkeys' key id, the hub's key id or the fingerprint. */
    key: id.optional(),
    connectionId: id.optional(),
    actions: z.array(auditActionSchema).min(1).max(auditActions.length).optional(),
    /** `ok`, `error` (any failure) or one error code. */
    outcome: z.union([z.literal('error'), auditOutcomeSchema]).optional(),
    from: at.optional(),
    to: at.optional(),
    /** Free text over the action, channel, ids and detail. */
    text: z.string().trim().max(200).optional(),
    limit: z.number().int().min(1).max(500).default(100),
    /** Only entries with a smaller `seq` (the previous page's `next`). */
    before: z.number().int().positive().optional()
  })
  .strict()
export type AuditQuery = z.output<typeof auditQuerySchema>
export type AuditQueryInput = z.input<typeof auditQuerySchema>

export const auditPageSchema = z
  .object({
    /** Newest first. */
    entries: z.array(auditEntrySchema),
    /** Pass as `before` for the next (older) page; absent on the last page. */
    next: z.number().int().positive().optional()
  })
  .strict()
export type AuditPage = z.output<typeof auditPageSchema>

/**
 * What is wrong at an entry: `edited` (its content no longer matches its hash), `removed` (entries
 * `seq` to `through` are missing), `reordered` (it was written after another entry than the one
 * before it now), `broken-link` (it does not follow the entry before it: that one was replaced).
 */
export const auditProblemSchema = z
  .object({
    seq: z.number().int().positive(),
    through: z.number().int().positive().optional(),
    problem: z.enum(['edited', 'removed', 'reordered', 'broken-link']),
    message: z.string().max(500)
  })
  .strict()
export type AuditProblem = z.output<typeof auditProblemSchema>

/** Most problems one answer lists; the first is the one that matters. */
export const maxAuditProblems = 100

export const auditVerificationSchema = z
  .object({
    intact: z.boolean(),
    /** Entries read. */
    checked: z.number().int().nonnegative(),
    firstSeq: z.number().int().positive().nullable(),
    lastSeq: z.number().int().positive().nullable(),
    /** Entries before `firstSeq` that a recorded retention cut removed. */
    retainedFrom: z.number().int().positive().nullable(),
    problems: z.array(auditProblemSchema).max(maxAuditProblems),
    /** More problems were found than listed. */
    truncated: z.boolean()
  })
  .strict()
export type AuditVerification = z.output<typeof auditVerificationSchema>

export const auditChannels = {
  /** The audit log, newest first, filtered, keyset-paginated. */
  'audit:list': channel(auditQuerySchema, auditPageSchema, { ...needsUnlock, audit: false }),
  /** Walks the whole chain and names every edited, removed or reordered entry. */
  'audit:verify': channel(z.object({}).strict(), auditVerificationSchema, {
    ...needsUnlock,
    audit: false
  })
} as const
