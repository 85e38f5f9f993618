// Schemas of the local annotation channel (notes, tags, owner) and of the bulk-target channel (every key a query matches); shared by all layers.
import { z } from 'zod'
import { channel, needsUnlock } from './channel-spec'
import { displayText, isUnsafeDisplayCodePoint } from './display-text'
import { environmentSchema, hubKindSchema } from './hubs.contract'
import { keyFilterSchema, maxSearchLength } from './inventory.contract'

const id = z.string().min(1).max(100)
/** Hubkeys' own id for the key, the hub's key id, or the `sha256:` fingerprint `keys list` shows. */
const keyRef = z.string().trim().min(1).max(200)

export const maxTagLength = 40
export const maxTags = 30
export const maxNotesLength = 5000
export const maxOwnerLength = 200

/**
 * A tag: a letter or digit, then letters, digits and `. _ - / :`. No spaces or commas, so a tag
 * is one word in the filter box (`tag:ops`) and one item of the CLI's `--tags a,b`.
 */
const tagPattern = /^[\p{L}\p{N}][\p{L}\p{N}._\-/:]*$/u

export const tagSchema = z
  .string()
  .trim()
  .min(1, 'A tag cannot be empty.')
  .max(maxTagLength, `Use tags of at most ${maxTagLength} characters.`)
  .regex(
    tagPattern,
    'Tags start with a letter or digit and hold only letters, digits and . _ - / : (no spaces or commas).'
  )

/** Tags of one key: distinct ignoring ASCII case, like the tag filter matches them. */
export const tagsSchema = z
  .array(tagSchema)
  .max(maxTags, `Give a key at most ${maxTags} tags.`)
  .refine((tags) => new Set(tags.map((tag) => tag.toLowerCase())).size === tags.length, {
    message: 'Each tag may appear only once.'
  })

/** Free text; line breaks and tabs are kept, other control and text-direction characters refused. */
export const notesSchema = z
  .string()
  .max(maxNotesLength, `Keep notes under ${maxNotesLength} characters.`)
  .refine(
    (text) =>
      [...text].every((char) => {
        const code = char.codePointAt(0) as number
        return code === 0x0a || code === 0x09 || !isUnsafeDisplayCodePoint(code)
      }),
    { message: 'Remove control characters and text-direction marks (such as U+202E) from notes.' }
  )

export const ownerSchema = displayText(
  z.string().trim().max(maxOwnerLength, `Use an owner of at most ${maxOwnerLength} characters.`)
)

/** Only the fields named change; `null` (or an empty text) clears notes or owner. */
export const annotateKeyRequestSchema = z
  .object({
    connectionId: id,
    keyId: keyRef,
    notes: notesSchema.nullable().optional(),
    tags: tagsSchema.optional(),
    owner: ownerSchema.nullable().optional()
  })
  .strict()
export type AnnotateKeyRequest = z.input<typeof annotateKeyRequestSchema>

export const keyAnnotationsSchema = z
  .object({
    localId: z.string(),
    notes: z.string().nullable(),
    tags: z.array(z.string()),
    owner: z.string().nullable()
  })
  .strict()
export type KeyAnnotations = z.output<typeof keyAnnotationsSchema>

/** Most keys one `keys:match` answers; a bulk action over more is refused, never cut silently. */
export const maxMatchedKeys = 10_000

export const matchKeysRequestSchema = z
  .object({
    search: z.string().max(maxSearchLength).default(''),
    filter: keyFilterSchema.default({})
  })
  .strict()
export type MatchKeysRequest = z.input<typeof matchKeysRequestSchema>

/** One key a bulk action will act on: enough to call it, group it and confirm it. */
export const bulkTargetSchema = z
  .object({
    id: z.string(),
    connectionId: z.string(),
    connectionName: z.string(),
    kind: hubKindSchema,
    environment: environmentSchema,
    name: z.string(),
    tags: z.array(z.string())
  })
  .strict()
export type BulkTarget = z.output<typeof bulkTargetSchema>

export const matchedKeysSchema = z
  .object({
    /** Every key the query matches, counted before anything is listed. */
    total: z.number().int().nonnegative(),
    /** The keys, in the table's order; empty when `total` exceeds `maxMatchedKeys`. */
    keys: z.array(bulkTargetSchema).max(maxMatchedKeys),
    tooMany: z.boolean()
  })
  .strict()
export type MatchedKeys = z.output<typeof matchedKeysSchema>

export const keyEditChannels = {
  /**
   * Sets Hubkeys' own notes, tags and owner on a key; no hub is called and later syncs keep them
   * (an owner cleared here is filled again by the hub's, where the hub reports one).
   */
  'keys:annotate': channel(annotateKeyRequestSchema, keyAnnotationsSchema, {
    ...needsUnlock,
    audit: 'edit'
  }),
  /** Every key the search and filter match in the cache, not only the rows a table has loaded. */
  'keys:match': channel(matchKeysRequestSchema, matchedKeysSchema, {
    ...needsUnlock,
    audit: false
  })
} as const
