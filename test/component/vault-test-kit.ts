// Shared bits of the vault component tests: a hand-moved clock, test passwords and a call counter.
import type { CoreApi } from '../helpers/fake-api'

/** A clock the test moves by hand; the vault store reads it for throttling and the unlock wait. */
export interface TestClock {
  now(): number
  advance(ms: number): void
}

export const createTestClock = (start = Date.UTC(2026, 0, 1)): TestClock => {
  let at = start
  return {
    now: () => at,
    advance(ms) {
      at += ms
    }
  }
}

/** Master passwords the tests use; long enough for the contract, never real. */
export const passwords = {
  first: 'violet harbour lantern 42',
  second: 'granite meadow compass 97',
  wrong: 'not the right one at all'
} as const

/** How often the fake api was asked for one channel, to count calls without timing anything. */
export const callsTo = (backend: CoreApi, channel: string): number =>
  backend.api.calls.filter((call) => call.channel === channel).length
