// Test helper for component tests: renders the whole renderer app over a fake window.api with a controllable clock.
import { render, type RenderResult } from '@testing-library/react'
import { createClient, type Client } from '../../src-renderer/src/api/client'
import { App } from '../../src-renderer/src/app/App'
import { createAppStore, type AppStore } from '../../src-renderer/src/app/app.store'
import {
  createAuditStore,
  type AuditStore
} from '../../src-renderer/src/features/audit/audit.store'
import {
  createConnectionsStore,
  type ConnectionsStore,
  type NetworkWatch
} from '../../src-renderer/src/features/connections/connections.store'
import {
  createHygieneStore,
  type HygieneStore
} from '../../src-renderer/src/features/hygiene/hygiene.store'
import { createKeysStore, type KeysStore } from '../../src-renderer/src/features/keys/keys.store'
import {
  createKeyCreateStore,
  type KeyCreateStore
} from '../../src-renderer/src/features/key-create/key-create.store'
import {
  createPaletteStore,
  type PaletteStore
} from '../../src-renderer/src/features/palette/palette.store'
import {
  createPolicyStore,
  type PolicyStore
} from '../../src-renderer/src/features/policy/policy.store'
import {
  createRotationStore,
  type RotationStore
} from '../../src-renderer/src/features/rotation/rotation.store'
import {
  createSettingsStore,
  type SettingsStore
} from '../../src-renderer/src/features/settings/settings.store'
import {
  createVaultStore,
  type VaultStore
} from '../../src-renderer/src/features/vault/vault.store'
import type { CoreApi } from '../helpers/fake-api'
import { createTestClock, type TestClock } from './vault-test-kit'

export interface RenderedApp {
  view: RenderResult
  client: Client
  app: AppStore
  vault: VaultStore
  settings: SettingsStore
  connections: ConnectionsStore
  keys: KeysStore
  hygiene: HygieneStore
  audit: AuditStore
  palette: PaletteStore
  policy: PolicyStore
  keyCreate: KeyCreateStore
  rotation: RotationStore
  clock: TestClock
}

export interface RenderOptions {
  /** The browser's online flag as the connections store sees it. */
  network?: NetworkWatch
}

/** Session storage that lives as long as one rendered app, so a dismissal never leaks between tests. */
export const memoryStorage = () => {
  const items = new Map<string, string>()
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value)
  }
}

export const renderApp = (
  backend: CoreApi,
  clock: TestClock = createTestClock(),
  options: RenderOptions = {}
): RenderedApp => {
  const client = createClient(() => backend.api)
  const app = createAppStore(client)
  const vault = createVaultStore(client, { now: clock.now })
  const settings = createSettingsStore(client)
  const connections = createConnectionsStore(client, { now: clock.now, network: options.network })
  const keys = createKeysStore(client)
  const hygiene = createHygieneStore(client, { storage: memoryStorage() })
  const audit = createAuditStore(client, { now: clock.now })
  const palette = createPaletteStore(client)
  const policy = createPolicyStore(client)
  const keyCreate = createKeyCreateStore(client)
  const rotation = createRotationStore(client)
  const view = render(
    <App
      store={app}
      vault={vault}
      settings={settings}
      connections={connections}
      keys={keys}
      hygiene={hygiene}
      audit={audit}
      palette={palette}
      policy={policy}
      keyCreate={keyCreate}
      rotation={rotation}
    />
  )
  return {
    view,
    client,
    app,
    vault,
    settings,
    connections,
    keys,
    hygiene,
    audit,
    palette,
    policy,
    keyCreate,
    rotation,
    clock
  }
}
