// The steps a rotation shows as progress, in journal order, with words for people; renderer.
import type {
  RotationState,
  RotationStrategy
} from '../../../../src-main/contract/rotation.contract'

export interface RotationStep {
  state: RotationState
  label: string
}

const labels: Record<RotationState, string> = {
  PLANNED: 'Planned',
  NEW_REQUESTED: 'New key requested',
  NEW_STORED: 'New value stored in the vault',
  NEW_VERIFIED: 'New key verified',
  SWITCHED: 'Switched to the new key',
  OLD_REVOKED: 'Old key revoked',
  DONE: 'Done',
  ROLLED_BACK: 'Rolled back',
  FAILED: 'Failed'
}

/** The happy path a strategy walks; a guided rotation records the value instead of requesting it. */
export const stepsOf = (strategy: RotationStrategy | null): RotationStep[] => {
  const path: RotationState[] =
    strategy === 'guided'
      ? ['PLANNED', 'NEW_STORED', 'NEW_VERIFIED', 'SWITCHED', 'OLD_REVOKED', 'DONE']
      : [
          'PLANNED',
          'NEW_REQUESTED',
          'NEW_STORED',
          'NEW_VERIFIED',
          'SWITCHED',
          'OLD_REVOKED',
          'DONE'
        ]
  return path.map((state) => ({
    state,
    label:
      strategy === 'create-verify-retire' && state === 'OLD_REVOKED'
        ? 'Old key retired in Hubkeys'
        : strategy === 'guided' && state === 'OLD_REVOKED'
          ? 'Old key marked revoked'
          : labels[state]
  }))
}

export const stateLabel = (state: RotationState): string => labels[state]

export const graceLabels = { '0': 'None', '1h': '1 hour', '24h': '24 hours', '7d': '7 days' }
