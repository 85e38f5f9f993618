// The sync section of a connection's panel: its sync facts, "Sync now", "Test connection" and their outcomes; renderer.
import { useState } from 'react'
import type { Connection } from '../../../../src-main/contract/hubs.contract'
import type { AppErrorBody } from '../../../../src-main/contract/result'
import { Button } from '../../ui/Button'
import { ErrorNotice } from '../../ui/Notice'
import { ConnectionSyncFacts } from './ConnectionSyncFacts'
import { offlineReason, useConnectionsStore } from './connections.store'
import { TestOutcome, type TestState } from './TestOutcome'
import styles from './Connections.module.css'

interface ConnectionSyncSectionProps {
  connection: Connection
  testState: TestState
  /** Why "Test connection" cannot run now, if it cannot. */
  testBlocked: string | undefined
  onTest(): void
}

export function ConnectionSyncSection({
  connection,
  testState,
  testBlocked,
  onTest
}: ConnectionSyncSectionProps) {
  const sync = useConnectionsStore((state) => state.sync)
  const online = useConnectionsStore((state) => state.online)
  const running = useConnectionsStore((state) => state.status[connection.id]?.state === 'running')
  // Hub kinds without a key list have nothing to pull: their records are the inventory.
  const pulls = useConnectionsStore((state) => state.status[connection.id]?.source !== 'local')
  const [syncError, setSyncError] = useState<AppErrorBody>()

  const syncNow = async () => {
    setSyncError(undefined)
    const result = await sync([connection.id])
    // Per-connection failures show in the state above; this is for a refused request.
    if (!result.ok) setSyncError(result.error)
  }

  return (
    <section className={styles.section} aria-label="Sync">
      <ConnectionSyncFacts connection={connection} />
      <div className={styles.actions}>
        {pulls ? (
          <Button
            icon="retry"
            busy={running}
            onClick={() => void syncNow()}
            {...(online ? {} : { disabledReason: offlineReason })}
          >
            {running ? 'Syncing…' : 'Sync now'}
          </Button>
        ) : null}
        <Button
          icon="plug"
          busy={testState.phase === 'testing'}
          onClick={onTest}
          {...(testBlocked ? { disabledReason: testBlocked } : {})}
        >
          {testState.phase === 'testing' ? 'Testing…' : 'Test connection'}
        </Button>
      </div>
      <TestOutcome state={testState} />
      <ErrorNotice error={syncError} />
    </section>
  )
}
