// The wait imposed after repeated wrong master passwords; pure, used by the vault service in main.

/** Failures allowed in a row before any wait applies. */
export const freeAttempts = 5
const baseWaitSeconds = 5
const maxWaitSeconds = 15 * 60

/** Seconds to wait after `failures` wrong passwords in a row: 0 up to five, then 5 s doubling to 15 min. */
export const waitAfterFailures = (failures: number): number =>
  failures < freeAttempts
    ? 0
    : Math.min(baseWaitSeconds * 2 ** (failures - freeAttempts), maxWaitSeconds)

/** Seconds still to wait at `now` (ms), given the persisted failure count and last failure time. */
export const remainingWait = (
  throttle: { failures: number; lastFailureAt: number | null },
  now: number
): number => {
  const wait = waitAfterFailures(throttle.failures)
  if (wait === 0 || throttle.lastFailureAt === null) return 0
  // A clock set backwards must not lift the wait early, nor make it endless: cap at the full wait.
  const elapsed = Math.max(0, (now - throttle.lastFailureAt) / 1000)
  return Math.max(0, Math.ceil(wait - elapsed))
}
