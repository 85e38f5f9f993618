// The "Usage" section of the key detail panel: the key's requests and bytes (or its connection's storage) from Hubkeys' cache, for hubs that report usage; renderer.
import type { KeyDetail } from '../../../../src-main/contract/inventory.contract'
import { useConnectionsStore } from '../connections/connections.store'
import { UsagePanel } from './UsagePanel'
import styles from './Usage.module.css'

export function KeyUsageSection({ detail, className }: { detail: KeyDetail; className?: string }) {
  // From the kind's declared capabilities, never from its name.
  const measure = useConnectionsStore(
    (state) => state.kinds.find((info) => info.kind === detail.kind)?.capabilities.usage
  )
  if (!measure || measure === 'none') return null
  const name = detail.name || detail.hubKeyId
  return (
    <section className={className} aria-labelledby="key-usage">
      <h3 id="key-usage" className={styles.title}>
        Usage
      </h3>
      <UsagePanel
        connectionId={detail.connectionId}
        connectionName={detail.connectionName}
        target={{ kind: 'key', keyId: detail.id }}
        title={
          measure === 'storage'
            ? `Storage of ${detail.connectionName} over time`
            : `Requests and input bytes of ${name} over time`
        }
        fileName={`usage-${name.replace(/[^\w.-]+/g, '_')}`}
      />
    </section>
  )
}
