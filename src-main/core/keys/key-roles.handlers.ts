// Handler of `hubs:roles`: the roles a new key may get, read live from the hub's adapter; runs in main, web mode or the CLI.
import type { keyRolesChannels } from '../../contract/key-roles.contract'
import type { ConnectionsService } from '../connections/connections.service'
import type { Handlers } from '../dispatch'
import { transportError, unsupported } from '../hubs/hub-errors'

export const createKeyRolesHandlers = (
  connections: ConnectionsService
): Pick<Handlers, keyof typeof keyRolesChannels> => ({
  'hubs:roles': async ({ connectionId }) => {
    const connection = connections.get(connectionId)
    const adapter = connections.adapterFor(connectionId)
    // The capability decides, so a kind that gains roles needs no change here.
    if (!adapter.capabilities.roles || !adapter.listRoles) {
      throw unsupported(connection.name, 'roles on keys')
    }
    try {
      const roles = await adapter.listRoles()
      return {
        roles: roles.map((role) => ({
          id: role.id,
          name: role.name,
          allCapabilities: role.allCapabilities,
          capabilities: role.capabilities
        }))
      }
    } catch (error) {
      throw transportError(connection.name, error)
    }
  }
})
