// The single source of truth for every request channel and push event between main and renderer.
import { z } from 'zod'
import type { ChannelName, EventName } from './names'
import { answersLocked, channel, type ChannelFacts, type ChannelSpec } from './channel-spec'
import { preferencesPatchSchema, preferencesSchema } from './preferences.contract'
import { vaultChannels, vaultEvents } from './vault.contract'
import { connectionsChannels, connectionsEvents } from './connections.contract'
import { syncChannels, syncEvents } from './sync.contract'
import { inventoryChannels } from './inventory.contract'
import { backupChannels } from './backup.contract'
import { keysChannels } from './keys.contract'
import { vaultInspectChannels } from './vault-inspect.contract'
import { auditChannels } from './audit.contract'
import { keyForgetChannels } from './key-forget.contract'
import { ipfilterChannels } from './ipfilter.contract'
import { policyChannels } from './policy.contract'
import { inventoryIoChannels } from './inventory-io.contract'
import { keyRolesChannels } from './key-roles.contract'
import { keyEditChannels } from './key-edit.contract'
import { keySecretChannels } from './key-secret.contract'
import { usageChannels } from './usage.contract'
import { rotationChannels, rotationEvents } from './rotation.contract'

export { channelNames, eventNames, isChannelName, isEventName } from './names'
export type { ChannelName, EventName } from './names'
export type { ChannelFacts, ChannelSpec } from './channel-spec'

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

/**
 * Requests are `domain:verb`; each has a strict, bounded request schema, a response schema and its
 * facts (see channel-spec.ts), which dispatch and the lock gate read here.
 */
export const channels = {
  'app:info': channel(empty, appInfoSchema, { ...answersLocked, audit: false }),
  'app:ping': channel(
    z.object({ nonce: z.string().max(64).optional() }).strict(),
    z
      .object({ pong: z.literal(true), nonce: z.string().max(64).optional(), at: z.number() })
      .strict(),
    { ...answersLocked, audit: false }
  ),
  ...vaultChannels,
  ...vaultInspectChannels,
  // Preferences hold nothing secret (theme, idle time, window size) and apply on the lock screen too.
  'prefs:get': channel(empty, preferencesSchema, { ...answersLocked, audit: false }),
  // Recorded: it sets how long the audit log itself is kept, among other things.
  'prefs:set': channel(preferencesPatchSchema, preferencesSchema, {
    ...answersLocked,
    audit: 'settings-change'
  }),
  ...connectionsChannels,
  ...syncChannels,
  ...inventoryChannels,
  ...keysChannels,
  ...auditChannels,
  ...backupChannels,
  ...keyForgetChannels,
  ...ipfilterChannels,
  ...policyChannels,
  ...inventoryIoChannels,
  ...keyRolesChannels,
  ...keyEditChannels,
  ...keySecretChannels,
  ...usageChannels,
  ...rotationChannels
} as const satisfies Record<ChannelName, ChannelSpec>

/** Push events are `domain:past-tense`, sent from main to every window. */
export const events = {
  ...vaultEvents,
  'prefs:changed': preferencesSchema,
  ...connectionsEvents,
  ...syncEvents,
  ...rotationEvents
} as const satisfies Record<EventName, z.ZodType>

export type Channels = typeof channels
/** What a channel says about itself (while locked, secrets, hub changes). */
export const factsOf = (name: ChannelName): ChannelFacts => channels[name].facts
export type RequestOf<C extends ChannelName> = z.input<Channels[C]['request']>
export type ParsedRequestOf<C extends ChannelName> = z.output<Channels[C]['request']>
export type ResponseOf<C extends ChannelName> = z.output<Channels[C]['response']>

export type Events = typeof events
export type EventPayloadOf<E extends EventName> = z.output<Events[E]>
