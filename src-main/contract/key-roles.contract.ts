// Schema of the `hubs:roles` channel (the roles a new key may get, with what each grants); shared by main, preload and renderer.
import { z } from 'zod'
import { channel, needsUnlock } from './channel-spec'

/** One role a key may be given at the hub (Cycle), with the capabilities it grants. */
export const hubRoleSchema = z
  .object({
    id: z.string().min(1).max(200),
    name: z.string().max(200),
    /** The role grants every capability (Cycle's `capabilities.all`); `capabilities` is then empty. */
    allCapabilities: z.boolean(),
    /** The capabilities the role grants one by one, as the hub names them (`api-keys-manage`). */
    capabilities: z.array(z.string().max(200)).max(500)
  })
  .strict()
export type HubRole = z.output<typeof hubRoleSchema>

export const keyRolesChannels = {
  /**
   * The roles a new key may get, read live from the hub. Kinds whose capabilities say `roles:
   * false` answer UNSUPPORTED; the create form offers no role for them.
   */
  'hubs:roles': channel(
    z.object({ connectionId: z.string().min(1).max(100) }).strict(),
    z.object({ roles: z.array(hubRoleSchema).max(1000) }).strict(),
    { ...needsUnlock, audit: false }
  )
} as const
