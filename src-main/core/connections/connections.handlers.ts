// Handlers for the `hubs:*` and `connections:*` channels; run in main, web mode or the CLI.
import { hubKinds } from '../../contract/hubs.contract'
import type { connectionsChannels } from '../../contract/connections.contract'
import type { Handlers } from '../dispatch'
import type { EventBus } from '../events'
import type { ConnectionsService } from './connections.service'

/** The `hubs:*` and `connections:*` channels, as the contract lists them. */
export type ConnectionsChannel = keyof typeof connectionsChannels

export const createConnectionsHandlers = (
  connections: ConnectionsService,
  events: EventBus
): Pick<Handlers, ConnectionsChannel> => {
  const changed = <T>(value: T): T => {
    events.emit('connections:changed', {})
    return value
  }
  return {
    'hubs:kinds': () =>
      hubKinds.map((kind) => ({ kind, capabilities: connections.moduleFor(kind).capabilities })),
    'connections:list': () => connections.list(),
    // Never log these requests: they may carry a hub's master credential.
    'connections:add': (input) => changed(connections.add(input)),
    'connections:update': async (patch) => changed(await connections.update(patch)),
    'connections:remove': ({ id }) => {
      connections.remove(id)
      return changed({})
    },
    'connections:test': (request) =>
      'id' in request ? connections.test(request.id) : connections.testUnsaved(request.input)
  }
}
