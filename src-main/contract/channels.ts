// The single source of truth for every request channel and push event between main and renderer.
import { z } from 'zod'
import type { ChannelName, EventName } from './names'
import { preferencesPatchSchema, preferencesSchema } from './preferences.contract'
import { vaultChannels, vaultEvents } from './vault.contract'
import { connectionsChannels, connectionsEvents } from './connections.contract'
import { syncChannels, syncEvents } from './sync.contract'
import { inventoryChannels } from './inventory.contract'
import { keyForgetChannels } from './key-forget.contract'

export { channelNames, eventNames, isChannelName, isEventName } from './names'
export type { ChannelName, EventName } from './names'

/** Requests are `domain:verb`; each has a strict, bounded request schema and a response schema. */
const empty = z.object({}).strict()

export const appInfoSchema = z
  .object({
    name: z.string(),
    version: z.string(),
    mode: z.enum(['desktop', 'web']),
    dataDir: z.string(),
    platform: z.string()
  })
  .strict()
export type AppInfo = z.infer<typeof appInfoSchema>

export const channels = {
  'app:info': { request: empty, response: appInfoSchema },
  'app:ping': {
    request: z.object({ nonce: z.string().max(64).optional() }).strict(),
    response: z
      .object({ pong: z.literal(true), nonce: z.string().max(64).optional(), at: z.number() })
      .strict()
  },
  ...vaultChannels,
  'prefs:get': { request: empty, response: preferencesSchema },
  'prefs:set': { request: preferencesPatchSchema, response: preferencesSchema },
  ...connectionsChannels,
  ...syncChannels,
  ...inventoryChannels,
  ...keyForgetChannels
} as const satisfies Record<ChannelName, { request: z.ZodType; response: z.ZodType }>

/** Push events are `domain:past-tense`, sent from main to every window. */
export const events = {
  ...vaultEvents,
  'prefs:changed': preferencesSchema,
  ...connectionsEvents,
  ...syncEvents
} as const satisfies Record<EventName, z.ZodType>

export type Channels = typeof channels
export type RequestOf<C extends ChannelName> = z.input<Channels[C]['request']>
export type ParsedRequestOf<C extends ChannelName> = z.output<Channels[C]['request']>
export type ResponseOf<C extends ChannelName> = z.output<Channels[C]['response']>

export type Events = typeof events
export type EventPayloadOf<E extends EventName> = z.output<Events[E]>
