// Schemas of the key-action channels (live list, create, record, update, delete, verify); shared by main, preload and renderer.
import { z } from 'zod'
import { channel, needsUnlock } from './channel-spec'
import { displayText } from './display-text'
import { accessTypeSchema, headerRuleSchema, hubKeySchema } from './hubs.contract'

const connectionId = z.string().min(1).max(100)
/** Hubkeys' own id for the key, the hub's key id, or the `sha256:` fingerprint `keys list` shows. */
const keyRef = z.string().trim().min(1).max(200)
const keyName = displayText(z.string().trim().min(1, 'Give the key a name.').max(500))
const role = displayText(z.string().trim().min(1).max(200))
/** CIDR or plain addresses; `null` removes every restriction. */
const ips = z.array(z.string().trim().min(1).max(64)).max(1000).nullable()
const headers = z.array(headerRuleSchema).max(100)
const setStatus = z.enum(['active', 'inactive'])
const at = z.number().int().min(0).max(8_640_000_000_000_000)
/** A key's value the admin pasted (hubs whose keys are made elsewhere). Never log it. */
const pastedSecret = z.string().min(1).max(8192)

/** A key as the hub describes it, plus Hubkeys' own id when Hubkeys has a record of it. Never the secret. */
export const keyViewSchema = hubKeySchema.extend({ localId: z.string().nullable() }).strict()
export type KeyView = z.output<typeof keyViewSchema>

export const createKeyRequestSchema = z
  .object({
    connectionId,
    name: keyName,
    role: role.optional(),
    ips: ips.optional(),
    headers: headers.optional(),
    status: setStatus.optional(),
    expiresAt: at.nullable().optional(),
    /** What the key grants, at hubs whose capabilities list `accessTypes` (Data Hub). */
    accessType: accessTypeSchema.optional(),
    /** For hubs that never make a value (Data Hub, DM-Hub): the one the admin pasted. */
    secret: pastedSecret.optional(),
    /**
     * Hubkeys generates the value in main (an access type whose value the admin chooses); the
     * answer carries it when `showSecret` asks. Not with `secret`.
     */
    generateSecret: z.boolean().optional(),
    /** Return the new key's value too (read back from the vault after it is stored there). */
    showSecret: z.boolean().default(false)
  })
  .strict()
  .refine((request) => !(request.generateSecret && request.secret !== undefined), {
    message: 'Paste a value or let Hubkeys generate one, not both.',
    path: ['generateSecret']
  })
export type CreateKeyRequest = z.input<typeof createKeyRequestSchema>

export const createdKeySchema = z
  .object({
    key: keyViewSchema,
    /** Only when `showSecret` asked and Hubkeys holds the value. Never log it. */
    secret: z.string().max(8192).optional()
  })
  .strict()

/** A key that already exists at a hub Hubkeys cannot list (Optidash, Data Hub, DM-Hub). */
export const recordKeyRequestSchema = z
  .object({
    connectionId,
    name: keyName,
    secret: pastedSecret,
    accessType: accessTypeSchema.optional(),
    status: setStatus.optional(),
    expiresAt: at.nullable().optional(),
    createdAt: at.nullable().optional(),
    owner: displayText(z.string().trim().max(200)).nullable().optional(),
    ipRules: ips.optional(),
    headers: headers.optional()
  })
  .strict()

/** Only the fields named change. */
export const updateKeyRequestSchema = z
  .object({
    connectionId,
    keyId: keyRef,
    name: keyName.optional(),
    role: role.optional(),
    ips: ips.optional(),
    headers: headers.optional(),
    status: setStatus.optional(),
    expiresAt: at.nullable().optional()
  })
  .strict()

const keyAt = z.object({ connectionId, keyId: keyRef }).strict()

export const verifyResultSchema = z
  .object({ valid: z.boolean(), detail: z.string().max(2000) })
  .strict()

export const keysChannels = {
  /** Reads the keys straight from the hub (Hubkeys' records where the hub has no list). */
  'keys:list-live': channel(
    z.object({ connectionId }).strict(),
    z.object({ keys: z.array(keyViewSchema) }).strict(),
    { ...needsUnlock, audit: false }
  ),
  /** Creates a key at the hub; its value is sealed in the vault before anything is answered. */
  'keys:create': channel(createKeyRequestSchema, createdKeySchema, {
    ...needsUnlock,
    carriesSecret: 'both',
    changesHub: true,
    audit: 'create'
  }),
  /** Records a key made elsewhere, with its value (sealed with the record in one transaction). */
  'keys:record': channel(recordKeyRequestSchema, keyViewSchema, {
    ...needsUnlock,
    carriesSecret: 'request',
    audit: 'record'
  }),
  /** Edits a key at the hub, or Hubkeys' record of it where edits stay local. */
  'keys:update': channel(updateKeyRequestSchema, keyViewSchema, {
    ...needsUnlock,
    changesHub: true,
    audit: 'edit'
  }),
  /**
   * Deletes a key at the hub and forgets its value; `hubkeys` says the hub cannot delete it, so
   * only Hubkeys' record is gone and the key keeps working until removed there.
   */
  /**
   * Deletes at the hub (or forgets Hubkeys' record where the hub has no delete). On a production
   * connection core refuses unless `confirmName` is the key's name (its id when it has none), so
   * every way in (the UI, the CLI, the web bridge) asks for the same typed confirmation.
   */
  'keys:delete': channel(
    keyAt.extend({ confirmName: z.string().max(500).optional() }).strict(),
    z.object({ removedAt: z.enum(['hub', 'hubkeys']) }).strict(),
    { ...needsUnlock, changesHub: true, audit: 'delete' }
  ),
  /** Checks the stored value live against the hub. */
  'keys:verify': channel(keyAt, verifyResultSchema, { ...needsUnlock, audit: 'verify' })
} as const
