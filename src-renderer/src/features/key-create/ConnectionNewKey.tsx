// The "Keys" section of a connection's panel: a new key on this connection, or a key made elsewhere recorded; renderer.
import { useConnectionsStore } from '../connections/connections.store'
import { Button } from '../../ui/Button'
import { canRecord } from './key-create-form'
import { useKeyCreateStore } from './key-create.store'
import styles from '../connections/Connections.module.css'

export function ConnectionNewKey({ connectionId }: { connectionId: string }) {
  const open = useKeyCreateStore((state) => state.open)
  const capabilities = useConnectionsStore(
    (state) =>
      state.kinds.find(
        (info) => info.kind === state.connections.find((c) => c.id === connectionId)?.kind
      )?.capabilities
  )
  return (
    <section className={styles.section} aria-label="Keys">
      <div>
        <Button size="sm" icon="plus" onClick={() => open(connectionId, 'create')}>
          New key
        </Button>{' '}
        {capabilities && canRecord(capabilities) ? (
          <Button size="sm" icon="check" onClick={() => open(connectionId, 'record')}>
            Record a key I already have
          </Button>
        ) : null}
      </div>
    </section>
  )
}
