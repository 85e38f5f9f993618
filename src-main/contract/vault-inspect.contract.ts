// Schema of `vault:inspect`, the password-free check of the stored vault row (`hubkeys status`); shared by all layers.
import { z } from 'zod'
import { answersLocked, channel } from './channel-spec'

export const vaultInspectionSchema = z
  .object({
    /** A vault row exists in the data file. */
    present: z.boolean(),
    /** When the vault was created (epoch ms), or null without one. */
    createdAt: z.number().nullable()
  })
  .strict()
export type VaultInspection = z.output<typeof vaultInspectionSchema>

export const vaultInspectChannels = {
  /**
   * Checks what can be checked without the password (id, salt, KDF parameters, the wrapped key's
   * size and format); answers TAMPERED or UNSUPPORTED, with one sentence, when the row is damaged.
   */
  'vault:inspect': channel(z.object({}).strict(), vaultInspectionSchema, {
    ...answersLocked,
    audit: false
  })
} as const
