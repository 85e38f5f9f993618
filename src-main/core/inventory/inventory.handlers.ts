// Handlers for the inventory query channels (keys:query, keys:get, filters:*, hygiene:*); the lead spreads them into the core's handler table.
import type { z } from 'zod'
import type { inventoryChannels } from '../../contract/inventory.contract'
import type { InventoryQueryService } from './inventory-query.service'

type InventoryChannels = typeof inventoryChannels
export type InventoryChannelName = keyof InventoryChannels

/** Same shape as core/dispatch's Handler, typed from this contract file until channels.ts lists it. */
export type InventoryHandlers = {
  [C in InventoryChannelName]: (
    request: z.output<InventoryChannels[C]['request']>
  ) => z.output<InventoryChannels[C]['response']>
}

/** `maxAgeDays` for hygiene comes from the request, else from `defaultMaxAgeDays()` (a preference). */
export const createInventoryHandlers = (
  service: InventoryQueryService,
  defaultMaxAgeDays?: () => number
): InventoryHandlers => ({
  'keys:query': (request) => service.query(request),
  'keys:get': (request) => service.get(request.id),
  'keys:get-many': (request) => service.getMany(request.ids),
  'filters:list': () => service.listFilters(),
  'filters:save': (request) => service.saveFilter(request.name, request.query),
  'filters:delete': (request) => {
    service.deleteFilter(request.id)
    return {}
  },
  'hygiene:summary': (request) => service.hygiene(request.maxAgeDays ?? defaultMaxAgeDays?.()),
  'hygiene:ics': (request) => service.calendar(request.days, request.timeZone)
})
