// The inline answer of "Test connection": what the hub said when it worked, the one clear sentence when it did not; renderer.
import type { AppErrorBody } from '../../../../src-main/contract/result'
import { Notice } from '../../ui/Notice'
import styles from './Connections.module.css'

export type TestState =
  | { phase: 'idle' }
  | { phase: 'testing' }
  | { phase: 'passed'; detail: string }
  | { phase: 'failed'; error: AppErrorBody }

export function TestOutcome({ state }: { state: TestState }) {
  switch (state.phase) {
    case 'idle':
      return null
    case 'testing':
      return (
        <p className={styles.testing} role="status">
          Testing the connection…
        </p>
      )
    case 'passed':
      return (
        <Notice tone="ok" role="status">
          <span className={styles.noticeTitle}>Connection works.</span>
          <span data-testid="test-detail">{state.detail}</span>
        </Notice>
      )
    case 'failed':
      return (
        <Notice tone="danger" role="alert">
          <span className={styles.noticeTitle}>The test failed.</span>
          <span data-testid="test-error">{state.error.message}</span>
        </Notice>
      )
  }
}
