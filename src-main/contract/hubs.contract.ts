// Schemas for hub connections, capabilities and the normalised key model; shared by core, adapters and UI.
import { z } from 'zod'
import { displayText } from './display-text'
import { ipListSemanticsSchema } from './ip-filter/ip-list-semantics'

export const hubKinds = ['cycle', 'dct', 'optidash', 'datahub', 'dmhub'] as const
export const hubKindSchema = z.enum(hubKinds)
export type HubKind = z.output<typeof hubKindSchema>

export const environmentSchema = z.enum(['prod', 'staging', 'dev'])
export type Environment = z.output<typeof environmentSchema>

/** Hex colour chosen per connection, shown beside its name everywhere. */
export const colourSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour like #3b82f6.')

const name = displayText(z.string().trim().min(1, 'Give the connection a name.').max(80))
const baseUrl = z.string().trim().min(1).max(2048)

/** Hub-specific connection fields. */
export const connectionSettingsSchema = z
  .object({
    /** Cycle: the hub id sent as `X-Hub-Id`. */
    hubId: z.string().trim().max(100).optional(),
    /** DCT: API base path on self-hosted servers (`/dct/v3`, `/v3`, `/v2`). */
    basePath: z.string().trim().max(100).optional(),
    /**
     * DCT: the server's version (`3.23.0`) when the admin knows it. The spec offers no version
     * endpoint, so without it the adapter infers a range from `basePath` to gate key operations.
     */
    serverVersion: z
      .string()
      .trim()
      .regex(/^\d{1,3}\.\d{1,3}(\.\d{1,5})?$/, 'Use a version like 3.23.0.')
      .optional(),
    /** Data Hub: the export endpoint consumers POST to (used to verify keys). */
    exportPath: z.string().trim().max(500).optional(),
    /** DM-Hub: a fileset whose storage usage is charted. */
    filesets: z.array(z.string().trim().min(1).max(200)).max(50).optional()
  })
  .strict()
export type ConnectionSettings = z.output<typeof connectionSettingsSchema>

export const tlsSettingsSchema = z
  .object({
    /** PEM of a custom certificate authority (self-hosted DCT). Not secret. */
    caPem: z
      .string()
      .max(64 * 1024)
      .optional(),
    /** Accept any certificate. Shown as a warning wherever the connection appears. */
    allowInvalidCertificate: z.boolean().default(false)
  })
  .strict()
export type TlsSettings = z.output<typeof tlsSettingsSchema>

/** A connection as the renderer sees it: never the credential, only whether one is stored. */
export const connectionSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: hubKindSchema,
    baseUrl: z.string(),
    settings: connectionSettingsSchema,
    tls: tlsSettingsSchema,
    environment: environmentSchema,
    colour: colourSchema,
    hasCredential: z.boolean(),
    createdAt: z.number(),
    updatedAt: z.number()
  })
  .strict()
export type Connection = z.output<typeof connectionSchema>

export const connectionInputSchema = z
  .object({
    name,
    kind: hubKindSchema,
    baseUrl,
    settings: connectionSettingsSchema.default({}),
    tls: tlsSettingsSchema.default({ allowInvalidCertificate: false }),
    environment: environmentSchema.default('dev'),
    colour: colourSchema.default('#64748b'),
    /** The hub's master credential; stored only in the vault. Never log this. */
    credential: z.string().max(8192).optional()
  })
  .strict()
export type ConnectionInput = z.input<typeof connectionInputSchema>

/** Every field optional and without defaults, so a patch changes only what it names. */
export const connectionPatchSchema = z
  .object({
    id: z.string().min(1).max(100),
    name: name.optional(),
    baseUrl: baseUrl.optional(),
    settings: connectionSettingsSchema.optional(),
    tls: tlsSettingsSchema.optional(),
    environment: environmentSchema.optional(),
    colour: colourSchema.optional(),
    /** A new master credential; omitted keeps the stored one. Never log this. */
    credential: z.string().max(8192).optional()
  })
  .strict()
export type ConnectionPatch = z.input<typeof connectionPatchSchema>

/**
 * What a key grants at hubs that offer several kinds of key (Owl Data Hub's access types): an API
 * key, an api.contentserv.com token limited to chosen users and projects, or a generic token.
 */
export const accessTypes = ['api-key', 'contentserv-token', 'generic-token'] as const
export const accessTypeSchema = z.enum(accessTypes)
export type AccessType = z.output<typeof accessTypeSchema>

/** One access type a hub offers; `valueChosen`: the admin picks the value, so Hubkeys may generate it. */
export const accessTypeOfferSchema = z
  .object({ id: accessTypeSchema, valueChosen: z.boolean() })
  .strict()

/** What a hub kind can do, declared by its adapter; the UI reads this and never checks kinds by name. */
export const capabilitiesSchema = z
  .object({
    /** `hub`: the hub lists its keys; `local`: Hubkeys' own records are the only list. */
    list: z.enum(['hub', 'local']),
    /** `hub`: created through the API; `local`: recorded in Hubkeys (made in the hub's own web app). */
    create: z.enum(['hub', 'local']),
    update: z
      .object({
        name: z.boolean(),
        ips: z.boolean(),
        headers: z.boolean(),
        role: z.boolean(),
        status: z.boolean(),
        expiry: z.boolean()
      })
      .strict(),
    /** Where edits land: on the hub, or in Hubkeys' record only (the admin mirrors them in the hub). */
    updateTarget: z.enum(['hub', 'local']),
    delete: z.enum(['hub', 'local', 'none']),
    verify: z.boolean(),
    usage: z.enum(['requests', 'storage', 'none']),
    /**
     * How Hubkeys rotates a key (rotation.contract.ts explains each); `manual`: it cannot, the admin
     * rotates at the hub and records the new key.
     */
    rotation: z.enum([
      'create-verify-delete',
      'reset-cutover',
      'create-verify-retire',
      'guided',
      'manual'
    ]),
    secretReturned: z.enum(['once', 'never']),
    paging: z.enum(['page-number', 'cursor', 'none']),
    roles: z.boolean(),
    expiry: z.enum(['per-key', 'per-account', 'none']),
    /**
     * How the hub reads a key's IP list (what an empty list means, which families it takes);
     * present exactly when its keys carry IP rules (`update.ips`).
     */
    ipList: ipListSemanticsSchema.optional(),
    /**
     * The kinds of key a new key may be (recorded as its one scope); absent when the hub has one
     * kind of key.
     */
    accessTypes: z.array(accessTypeOfferSchema).max(10).optional(),
    /** The hub refuses a second key with a name already in use on the same account. */
    uniqueNames: z.boolean().optional()
  })
  .strict()
export type Capabilities = z.output<typeof capabilitiesSchema>

/** One IP rule, normalised to CIDR (`203.0.113.0/24`, `2001:db8::/32`); `0.0.0.0/0` allows all. */
export const ipRuleSchema = z.string().max(64)

/** A response header a Data Hub key adds: fixed text or a placeholder such as `${collection.meta.count}`. */
export const headerRuleSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    value: z.string().max(2000),
    enabled: z.boolean()
  })
  .strict()
export type HeaderRule = z.output<typeof headerRuleSchema>

/**
 * `missing`: a complete listing of the hub no longer contains the key (Hubkeys keeps it, with its
 * stored value, until the user forgets it); `deleted` also covers keys deleted through Hubkeys.
 */
export const keyStatusSchema = z.enum([
  'active',
  'inactive',
  'pending',
  'deleting',
  'deleted',
  'expired',
  'missing',
  'unknown'
])
export type KeyStatus = z.output<typeof keyStatusSchema>

/** A key as a hub describes it, normalised; never the secret. */
export const hubKeySchema = z
  .object({
    hubKeyId: z.string().min(1).max(200),
    tenant: z.string().max(200).default(''),
    name: z.string().max(500),
    status: keyStatusSchema,
    role: z.string().max(200).nullable().default(null),
    scopes: z.array(z.string().max(200)).max(500).default([]),
    /** `null`: no restriction at all. `[]` is kept distinct: a list that allows nothing. */
    ipRules: z.array(ipRuleSchema).max(1000).nullable().default(null),
    headers: z.array(headerRuleSchema).max(100).default([]),
    createdAt: z.number().nullable().default(null),
    expiresAt: z.number().nullable().default(null),
    lastUsedAt: z.number().nullable().default(null),
    owner: z.string().max(200).nullable().default(null),
    /** Short, non-reversible tag of the secret (SHA-256 prefix) when Hubkeys has seen it. */
    fingerprint: z.string().max(100).nullable().default(null),
    /** What the adapter found odd while parsing the hub's answer (tolerant parsing says so). */
    oddities: z.array(z.string().max(300)).max(50).default([])
  })
  .strict()
export type HubKey = z.output<typeof hubKeySchema>
export type HubKeyInput = z.input<typeof hubKeySchema>

export const usagePointSchema = z
  .object({ at: z.number(), requests: z.number().nullable(), bytes: z.number().nullable() })
  .strict()
export type UsagePoint = z.output<typeof usagePointSchema>
export const usageIntervalSchema = z.enum(['minute', 'hour', 'day', 'week', 'month'])
export type UsageInterval = z.output<typeof usageIntervalSchema>
