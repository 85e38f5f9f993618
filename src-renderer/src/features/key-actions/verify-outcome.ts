// Words for a verification: valid, rejected (with the hub's reason) or could not check (with why); renderer, pure.
import type { ResponseOf } from '../../../../src-main/contract/channels'
import type { Result } from '../../../../src-main/contract/result'

export type VerifyState = 'valid' | 'rejected' | 'unchecked'

export interface VerifyOutcome {
  state: VerifyState
  label: string
  /** The hub's reason, or why the check did not happen. */
  detail: string
}

export const verifyLabels: Record<VerifyState, string> = {
  valid: 'Valid',
  rejected: 'Rejected',
  unchecked: 'Could not check'
}

export const verifyOutcome = (result: Result<ResponseOf<'keys:verify'>>): VerifyOutcome => {
  if (!result.ok) {
    return { state: 'unchecked', label: verifyLabels.unchecked, detail: result.error.message }
  }
  const state: VerifyState = result.value.valid ? 'valid' : 'rejected'
  return { state, label: verifyLabels[state], detail: result.value.detail }
}
