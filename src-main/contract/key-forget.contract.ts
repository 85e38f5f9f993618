// Schemas of the `keys:forget` channel (dropping a key that is missing at its hub or deleted, with its stored value); shared by all layers.
import { z } from 'zod'
import { channel, needsUnlock } from './channel-spec'

const id = z.string().min(1).max(100)

export const keyForgetRequestSchema = z
  .object({
    connectionId: id,
    /** Hubkeys' id of the key, or the hub's key id. */
    keyId: id,
    /** The person confirmed, having been told what is lost (see the response's `lost`). */
    confirm: z.literal(true)
  })
  .strict()
export type KeyForgetRequest = z.output<typeof keyForgetRequestSchema>

export const keyForgetResultSchema = z
  .object({
    forgotten: z.literal(true),
    /** What went with the key, in words: "its stored value", "its notes", "its tags". */
    lost: z.array(z.string().max(100)).max(10)
  })
  .strict()
export type KeyForgetResult = z.output<typeof keyForgetResultSchema>

export const keyForgetChannels = {
  /**
   * Forgets a key Hubkeys still keeps although its hub no longer lists it (`missing`) or it was
   * deleted (`deleted`): its row and its stored value go in one transaction. Other keys are
   * refused (CONFLICT): absence is never deletion, and a live key is not forgotten by accident.
   */
  // Changes only Hubkeys' own records: the key is already gone at its hub.
  'keys:forget': channel(keyForgetRequestSchema, keyForgetResultSchema, {
    ...needsUnlock,
    audit: 'forget'
  })
} as const
