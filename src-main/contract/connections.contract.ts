// Schemas of the `hubs:*` and `connections:*` channels; shared by main, preload and renderer.
import { z } from 'zod'
import { answersLocked, channel, needsUnlock } from './channel-spec'
import {
  capabilitiesSchema,
  connectionInputSchema,
  connectionPatchSchema,
  connectionSchema,
  hubKindSchema
} from './hubs.contract'

const id = z.string().min(1).max(100)

export const hubKindInfoSchema = z
  .object({ kind: hubKindSchema, capabilities: capabilitiesSchema })
  .strict()

export const connectionTestResultSchema = z
  .object({ detail: z.string().max(500), tenant: z.string().max(200).optional() })
  .strict()

export const connectionsChannels = {
  /** Capabilities per hub kind (the form fields are static, in contract/hub-forms.ts). */
  'hubs:kinds': channel(z.object({}).strict(), z.array(hubKindInfoSchema), {
    ...answersLocked,
    audit: false
  }),
  'connections:list': channel(z.object({}).strict(), z.array(connectionSchema), {
    ...needsUnlock,
    audit: false
  }),
  // Adding or editing a connection may carry the hub's master credential.
  'connections:add': channel(connectionInputSchema, connectionSchema, {
    ...needsUnlock,
    carriesSecret: 'request',
    audit: 'connection-add'
  }),
  'connections:update': channel(connectionPatchSchema, connectionSchema, {
    ...needsUnlock,
    carriesSecret: 'request',
    audit: 'connection-update'
  }),
  'connections:remove': channel(z.object({ id }).strict(), z.object({}).strict(), {
    ...needsUnlock,
    audit: 'connection-remove'
  }),
  /** Tests a saved connection (`id`) or settings not saved yet (`input`). */
  'connections:test': channel(
    z.union([z.object({ id }).strict(), z.object({ input: connectionInputSchema }).strict()]),
    connectionTestResultSchema,
    // A check that changes nothing, here or at the hub.
    { ...needsUnlock, carriesSecret: 'request', audit: false }
  )
} as const

export const connectionsEvents = {
  'connections:changed': z.object({}).strict()
} as const
