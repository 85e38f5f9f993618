// The Cycle hub kind: capabilities, connection checks and the adapter factory; runs in main.
import type { HubKindModule } from '../hub-adapter'
import { checkCycleConnection, createCycleAdapter, cycleCapabilities } from './cycle.adapter'

export const cycleHub: HubKindModule = {
  kind: 'cycle',
  capabilities: cycleCapabilities,
  checkConnection: checkCycleConnection,
  create: createCycleAdapter
}
