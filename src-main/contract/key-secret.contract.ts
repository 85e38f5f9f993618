// Schemas of the channels that hand out or take in a key's value (keys:copy, keys:reveal, keys:store-value); shared by all layers.
import { z } from 'zod'
import { channel, needsUnlock } from './channel-spec'
import { keyViewSchema } from './keys.contract'

const connectionId = z.string().min(1).max(100)
/** Hubkeys' own id for the key, the hub's key id, or the `sha256:` fingerprint `keys list` shows. */
const keyRef = z.string().trim().min(1).max(200)

/** What a copy puts on the clipboard: the bare value, or the value as the hub's consumers send it. */
export const copyFormats = ['value', 'header', 'curl', 'env'] as const
export const copyFormatSchema = z.enum(copyFormats)
export type CopyFormat = z.output<typeof copyFormatSchema>

/** The longest a revealed value stays on screen (issue 11 item 5). */
export const revealSeconds = 30

export const copyKeyRequestSchema = z
  .object({ connectionId, keyId: keyRef, as: copyFormatSchema.default('value') })
  .strict()
export type CopyKeyRequest = z.input<typeof copyKeyRequestSchema>

export const copyKeyResultSchema = z
  .object({
    /** When the clipboard is cleared (epoch ms), if it still holds this copy then. */
    clearsAt: z.number().int().min(0),
    /** The delay from Settings, for the toast. */
    clearAfterSeconds: z.number().int().min(1).max(3600),
    /**
     * Only where main has no clipboard of its own (web mode, the CLI): the text for the caller's
     * one clipboard write. Desktop never sends it. Never log it.
     */
    text: z.string().max(20_000).optional()
  })
  .strict()
export type CopyKeyResult = z.output<typeof copyKeyResultSchema>

const keyAt = z.object({ connectionId, keyId: keyRef }).strict()

export const revealKeyResultSchema = z
  .object({
    /** The key's value, for display only. Never log it. */
    value: z.string().max(8192),
    /** Hide it after this many seconds at most. */
    hideAfterSeconds: z.number().int().min(1).max(revealSeconds)
  })
  .strict()
export type RevealKeyResult = z.output<typeof revealKeyResultSchema>

export const storeValueRequestSchema = z
  .object({
    connectionId,
    keyId: keyRef,
    /** The value the admin pasted for a key Hubkeys knows but holds no value of. Never log it. */
    secret: z.string().min(1).max(8192)
  })
  .strict()

export const keySecretChannels = {
  /**
   * Copies a key's value (or a header, curl or .env line built from it). Desktop: main writes the
   * clipboard and clears it later if it still holds this copy. Web mode and the CLI: the text is
   * in the answer for that one write.
   */
  'keys:copy': channel(copyKeyRequestSchema, copyKeyResultSchema, {
    ...needsUnlock,
    carriesSecret: 'response',
    audit: 'copy'
  }),
  /** The key's value, to show for at most `revealSeconds`. */
  'keys:reveal': channel(keyAt, revealKeyResultSchema, {
    ...needsUnlock,
    carriesSecret: 'response',
    audit: 'reveal'
  }),
  /**
   * Stores a pasted value for a key Hubkeys knows without one (a key synced from its hub): sealed
   * in the vault with the record's fingerprint in one transaction. Nothing changes at the hub.
   */
  'keys:store-value': channel(storeValueRequestSchema, keyViewSchema, {
    ...needsUnlock,
    carriesSecret: 'request',
    audit: 'record'
  })
} as const
