// Schemas of key rotation (journal states, strategies, plan, start, resume, roll back, revoke now, list); shared by main, CLI and renderer.
import { z } from 'zod'
import { channel, needsUnlock } from './channel-spec'

/**
 * DESIGN.md section 6: each state is committed before the hub call it leads to. `DONE`,
 * `ROLLED_BACK` and `FAILED` end a rotation; any other state is unfinished and blocks a second
 * rotation of the same key.
 */
export const rotationStates = [
  'PLANNED',
  'NEW_REQUESTED',
  'NEW_STORED',
  'NEW_VERIFIED',
  'SWITCHED',
  'OLD_REVOKED',
  'DONE',
  'ROLLED_BACK',
  'FAILED'
] as const
export const rotationStateSchema = z.enum(rotationStates)
export type RotationState = z.output<typeof rotationStateSchema>
export const finishedRotationStates: readonly RotationState[] = ['DONE', 'ROLLED_BACK', 'FAILED']
export const isFinishedRotation = (state: RotationState): boolean =>
  finishedRotationStates.includes(state)

/**
 * How a key is rotated, declared by its hub kind (capabilities.rotation):
 * - `create-verify-delete` (Cycle): a second key with the same role and IPs, verified, the old one
 *   deleted after the grace window.
 * - `reset-cutover` (DCT 3.17+): api-key-reset replaces the account's only key at once; consumers
 *   break until they switch.
 * - `create-verify-retire` (Optidash): a second key, verified; the old one cannot be deleted through
 *   the API, so Hubkeys retires its record once its usage has stopped.
 * - `guided` (Data Hub, DM-Hub): the admin makes the new key in the hub's console (or Hubkeys
 *   generates a generic token), Hubkeys stores and verifies it and lists what to change there.
 * - `regenerate-own` (DCT 3.18+): api-key-regenerate for the connection's own credential.
 */
export const rotationStrategies = [
  'create-verify-delete',
  'reset-cutover',
  'create-verify-retire',
  'guided',
  'regenerate-own'
] as const
export const rotationStrategySchema = z.enum(rotationStrategies)
export type RotationStrategy = z.output<typeof rotationStrategySchema>

/** How long the old key stays valid after the switch. */
export const graceWindows = ['0', '1h', '24h', '7d'] as const
export const graceWindowSchema = z.enum(graceWindows)
export type GraceWindow = z.output<typeof graceWindowSchema>
export const graceWindowMs: Record<GraceWindow, number> = {
  '0': 0,
  '1h': 60 * 60 * 1000,
  '24h': 24 * 60 * 60 * 1000,
  '7d': 7 * 24 * 60 * 60 * 1000
}

export const rotationRiskSchema = z.enum(['low', 'medium', 'high', 'blocked'])
export type RotationRisk = z.output<typeof rotationRiskSchema>

const connectionId = z.string().min(1).max(100)
const keyRef = z.string().trim().min(1).max(200)
const rotationId = z.string().min(1).max(100)

/** One journal row as the UI and the CLI see it; never a secret. */
export const rotationViewSchema = z
  .object({
    id: z.string(),
    connectionId: z.string(),
    /** Hubkeys' id of the key being replaced. */
    keyId: z.string(),
    keyName: z.string(),
    strategy: rotationStrategySchema,
    state: rotationStateSchema,
    /** Unique per rotation; put into the new key's name where the hub keeps names. */
    token: z.string(),
    /** Hubkeys' id of the new key once it is stored. */
    newKeyId: z.string().nullable(),
    newHubKeyId: z.string().nullable(),
    attempts: z.number().int(),
    /** Why the last step failed; one sentence, never a secret. */
    lastError: z.string().nullable(),
    /** Until when the old key stays valid (epoch ms); null = revoke as soon as the new one works. */
    graceUntil: z.number().nullable(),
    /** What the admin still has to do by hand (hub console checklist, old key kept live and why). */
    notes: z.array(z.string()).max(20),
    /**
     * Failed several times in a row, or ended needing the admin (a DCT credential lost inside
     * api-key-regenerate): shown in a banner and notified.
     */
    stuck: z.boolean(),
    /**
     * Another Hubkeys process (desktop app, web mode, CLI) holds this rotation's lease and runs it
     * now: who, as far as known (`pid 4242 on host-a`). This process leaves it alone.
     */
    runningElsewhere: z.string().max(300).optional(),
    createdAt: z.number(),
    updatedAt: z.number()
  })
  .strict()
export type RotationView = z.output<typeof rotationViewSchema>

export const rotationPlanItemSchema = z
  .object({
    keyId: z.string(),
    keyName: z.string(),
    connectionId: z.string(),
    strategy: rotationStrategySchema.nullable(),
    risk: rotationRiskSchema,
    /** What will happen, step by step, in plain words, before anything runs. */
    explanation: z.string(),
    /** The key's name must be typed to confirm (hard cut-over). */
    needsTypedName: z.boolean(),
    /** Grace windows this strategy can honour. */
    graceWindows: z.array(graceWindowSchema),
    /**
     * A connection's own credential: the other connections to the same DCT server that could reset
     * its key if the regenerate answer is lost (the chosen one is checked when it starts).
     */
    recoveryConnections: z
      .array(z.object({ id: z.string(), name: z.string() }).strict())
      .max(100)
      .optional()
  })
  .strict()
export type RotationPlanItem = z.output<typeof rotationPlanItemSchema>

export const rotationStartRequestSchema = z
  .object({
    connectionId,
    /** `credential`: the connection's own credential (DCT api-key-regenerate); `keyId` is then ignored. */
    target: z.enum(['key', 'credential']).default('key'),
    keyId: keyRef,
    /**
     * `credential` only: another connection to the same DCT server whose account may reset ours,
     * used if Hubkeys is stopped inside the regenerate call (DCT returns the new key only once).
     */
    recoveryConnectionId: connectionId.optional(),
    grace: graceWindowSchema.default('0'),
    /** Hard cut-over: the key's name, typed by the admin. */
    confirmName: z.string().max(500).optional(),
    /** Guided rotation: the new key's value, made in the hub's console. Never log it. */
    newSecret: z.string().min(1).max(8192).optional(),
    /** Guided rotation: Hubkeys generates a generic token instead. */
    generate: z.boolean().default(false),
    /** Answer the new key's value too (read back from the vault after it is stored). */
    showSecret: z.boolean().default(false)
  })
  .strict()
export type RotationStartRequest = z.input<typeof rotationStartRequestSchema>

const rotationAt = z.object({ id: rotationId }).strict()

export const rotationPolicySchema = z
  .object({ connectionId, maxAgeDays: z.number().int().min(1).max(3650) })
  .strict()
export type RotationPolicy = z.output<typeof rotationPolicySchema>
const rotationList = z.object({ rotations: z.array(rotationViewSchema) }).strict()

export const rotationChannels = {
  /**
   * Dry run: the strategy and the risk per key (or, with `target: 'credential'`, of the
   * connection's own credential, one item); nothing is written or sent.
   */
  'rotation:plan': channel(
    z
      .object({
        connectionId,
        keyIds: z.array(keyRef).min(1).max(500),
        target: z.enum(['key', 'credential']).default('key'),
        recoveryConnectionId: connectionId.optional()
      })
      .strict(),
    z.object({ items: z.array(rotationPlanItemSchema) }).strict(),
    { ...needsUnlock, audit: false }
  ),
  /** Runs a rotation as far as it can go now (to DONE, or to SWITCHED while the grace window runs). */
  'rotation:start': channel(
    rotationStartRequestSchema,
    z
      .object({
        rotation: rotationViewSchema,
        /** Only when `showSecret` asked; read back from the vault. Never log it. */
        secret: z.string().max(8192).optional()
      })
      .strict(),
    { ...needsUnlock, carriesSecret: 'both', changesHub: true, audit: 'rotation-step' }
  ),
  /** Resumes one unfinished rotation, or all of them without an id. */
  'rotation:resume': channel(z.object({ id: rotationId.optional() }).strict(), rotationList, {
    ...needsUnlock,
    changesHub: true,
    audit: 'rotation-step'
  }),
  /** Undoes an unfinished rotation: removes the new key where the hub allows, keeps the old one. */
  'rotation:rollback': channel(rotationAt, rotationViewSchema, {
    ...needsUnlock,
    changesHub: true,
    audit: 'rotation-step'
  }),
  /** Ends the grace window now: the old key is revoked (or retired, or marked revoked). */
  'rotation:revoke-now': channel(rotationAt, rotationViewSchema, {
    ...needsUnlock,
    changesHub: true,
    audit: 'rotation-step'
  }),
  /** Per connection: keys older than N days are proposed for rotation (never rotated unasked). */
  'rotation:policies': channel(
    z.object({}).strict(),
    z.object({ policies: z.array(rotationPolicySchema) }).strict(),
    { ...needsUnlock, audit: false }
  ),
  /** Sets (or, with `maxAgeDays: null`, removes) a connection's rotation policy. */
  'rotation:set-policy': channel(
    rotationPolicySchema
      .extend({ maxAgeDays: rotationPolicySchema.shape.maxAgeDays.nullable() })
      .strict(),
    z.object({ policies: z.array(rotationPolicySchema) }).strict(),
    { ...needsUnlock, audit: 'settings-change' }
  ),
  /** The keys the policies propose for rotation, planned (strategy and risk); nothing runs. */
  'rotation:proposals': channel(
    z.object({}).strict(),
    z
      .object({ items: z.array(rotationPlanItemSchema.extend({ ageDays: z.number() }).strict()) })
      .strict(),
    { ...needsUnlock, audit: false }
  ),
  'rotation:list': channel(
    z.object({ unfinished: z.boolean().default(false) }).strict(),
    rotationList,
    { ...needsUnlock, audit: false }
  )
} as const

export const rotationEvents = {
  /** A rotation moved to another state (or failed a step); the UI refreshes its banner and progress. */
  'rotation:changed': rotationViewSchema
} as const
