// Channel and event names alone, without schemas, for the preload and the web bridge to check against.

/** Every request channel, `domain:verb`. `channels.ts` must define a schema for each and no more. */
export const channelNames = [
  'app:info',
  'app:ping',
  'vault:status',
  'vault:create',
  'vault:unlock',
  'vault:lock',
  'vault:change-password',
  'vault:touch',
  'vault:remember',
  'vault:unlock-remembered',
  'vault:inspect',
  'prefs:get',
  'prefs:set',
  'hubs:kinds',
  'hubs:roles',
  'connections:list',
  'connections:add',
  'connections:update',
  'connections:remove',
  'connections:test',
  'sync:start',
  'sync:cancel',
  'sync:status',
  'drift:list',
  'keys:query',
  'keys:get',
  'keys:get-many',
  'keys:list-live',
  'keys:create',
  'keys:record',
  'keys:update',
  'keys:delete',
  'keys:verify',
  'keys:forget',
  'keys:annotate',
  'keys:match',
  'keys:copy',
  'keys:reveal',
  'keys:store-value',
  'filters:list',
  'filters:save',
  'filters:delete',
  'hygiene:summary',
  'hygiene:ics',
  'audit:list',
  'audit:verify',
  'backup:status',
  'backup:create',
  'backup:restore',
  'ipfilter:check',
  'ipfilter:lint',
  'ipfilter:plan',
  'ipfilter:local-addresses',
  'policy:check',
  'policy:report',
  'inventory:export',
  'inventory:import',
  'usage:read',
  'usage:refresh',
  'usage:summary',
  'usage:flags',
  'rotation:plan',
  'rotation:start',
  'rotation:resume',
  'rotation:rollback',
  'rotation:revoke-now',
  'rotation:list',
  'rotation:policies',
  'rotation:set-policy',
  'rotation:proposals'
] as const
/** Every push event, `domain:past-tense`. */
export const eventNames = [
  'vault:locked',
  'vault:unlocked',
  'prefs:changed',
  'connections:changed',
  'sync:progressed',
  'rotation:changed'
] as const

export type ChannelName = (typeof channelNames)[number]
export type EventName = (typeof eventNames)[number]

const channelSet: ReadonlySet<string> = new Set(channelNames)
const eventSet: ReadonlySet<string> = new Set(eventNames)

export const isChannelName = (value: unknown): value is ChannelName =>
  typeof value === 'string' && channelSet.has(value)
export const isEventName = (value: unknown): value is EventName =>
  typeof value === 'string' && eventSet.has(value)
