// The client the key actions call through and the capabilities of a key's hub kind, read from the connections store; renderer.
import { createContext, useContext } from 'react'
import type { Capabilities, HubKind } from '../../../../src-main/contract/hubs.contract'
import { client as defaultClient, type Client } from '../../api/client'
import { useConnectionsStore } from '../connections/connections.store'

const ClientContext = createContext<Client>(defaultClient)

/** The app's client unless a test hands one in. */
export const KeyActionsClientProvider = ClientContext.Provider

export const useKeyActionsClient = (): Client => useContext(ClientContext)

/** What the key's hub kind declares it can do; undefined until the kinds are read. */
export const useCapabilities = (kind: HubKind | undefined): Capabilities | undefined =>
  useConnectionsStore((state) =>
    kind === undefined ? undefined : state.kinds.find((info) => info.kind === kind)?.capabilities
  )
