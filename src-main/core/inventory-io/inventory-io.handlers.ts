// Handlers for the inventory export and import channels; run in main, web mode or the CLI.
import type { inventoryIoChannels } from '../../contract/inventory-io.contract'
import type { Handlers } from '../dispatch'
import type { createInventoryExport } from './inventory-export'
import type { createInventoryImport } from './inventory-import'

export const createInventoryIoHandlers = (
  exportInventory: ReturnType<typeof createInventoryExport>,
  importKeys: ReturnType<typeof createInventoryImport>
): Pick<Handlers, keyof typeof inventoryIoChannels> => ({
  'inventory:export': (request) => exportInventory(request),
  'inventory:import': (request) => importKeys(request)
})
