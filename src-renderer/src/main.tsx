// Renderer entry: builds the feature stores over `window.api` and mounts the React app; runs in the browser.
// zod's jitless switch before any module that builds a contract schema (ES modules run in import order).
import './zod-jitless.setup'
// Global styles next, so component CSS modules come later in the bundle and win ties.
import './styles/global.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { client } from './api/client'
import { App } from './app/App'
import { createAppStore } from './app/app.store'
import { createAuditStore } from './features/audit/audit.store'
import { createConnectionsStore } from './features/connections/connections.store'
import { createHygieneStore } from './features/hygiene/hygiene.store'
import { createKeyCreateStore } from './features/key-create/key-create.store'
import { createKeysStore } from './features/keys/keys.store'
import { createPaletteStore } from './features/palette/palette.store'
import { createPolicyStore } from './features/policy/policy.store'
import { createRotationStore } from './features/rotation/rotation.store'
import { createSettingsStore } from './features/settings/settings.store'
import { createVaultStore } from './features/vault/vault.store'

const root = document.getElementById('root')
if (!root) throw new Error('Hubkeys: #root is missing from index.html')
createRoot(root).render(
  <StrictMode>
    <App
      store={createAppStore(client)}
      vault={createVaultStore(client)}
      settings={createSettingsStore(client)}
      connections={createConnectionsStore(client)}
      keys={createKeysStore(client)}
      hygiene={createHygieneStore(client)}
      audit={createAuditStore(client)}
      palette={createPaletteStore(client)}
      policy={createPolicyStore(client)}
      keyCreate={createKeyCreateStore(client)}
      rotation={createRotationStore(client)}
    />
  </StrictMode>
)
