// Schemas of the `hubs:*` and `connections:*` channels; shared by main, preload and renderer.
import { z } from 'zod'
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
  'hubs:kinds': { request: z.object({}).strict(), response: z.array(hubKindInfoSchema) },
  'connections:list': { request: z.object({}).strict(), response: z.array(connectionSchema) },
  'connections:add': { request: connectionInputSchema, response: connectionSchema },
  'connections:update': { request: connectionPatchSchema, response: connectionSchema },
  'connections:remove': { request: z.object({ id }).strict(), response: z.object({}).strict() },
  /** Tests a saved connection (`id`) or settings not saved yet (`input`). */
  'connections:test': {
    request: z.union([
      z.object({ id }).strict(),
      z.object({ input: connectionInputSchema }).strict()
    ]),
    response: connectionTestResultSchema
  }
} as const

export const connectionsEvents = {
  'connections:changed': z.object({}).strict()
} as const
