// The background sync loop: one timer at a time, each round measured from the end of the last; runs in main.
import type { Logger } from '../ports/logger.port'

export interface BackgroundSync {
  /** Runs `round` every `intervalMs` (measured from the end of one round to the next start). */
  start(intervalMs: number, options?: { runNow?: boolean }): void
  stop(): void
  readonly running: boolean
}

export const createBackgroundSync = (
  round: () => Promise<unknown>,
  logger: Logger
): BackgroundSync => {
  // `generation` retires a loop that was stopped mid-round.
  let timer: ReturnType<typeof setTimeout> | undefined
  let generation = 0
  let backgroundOn = false

  const stop = () => {
    backgroundOn = false
    generation += 1
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
  }

  const start: BackgroundSync['start'] = (intervalMs, backgroundOptions = {}) => {
    if (!Number.isFinite(intervalMs) || intervalMs < 1_000) {
      throw new RangeError('The background sync interval must be at least one second.')
    }
    stop()
    backgroundOn = true
    const mine = generation
    const schedule = (delay: number) => {
      timer = setTimeout(() => void tick(), delay)
      // The loop must never keep a process (the CLI, a test) alive on its own.
      timer.unref?.()
    }
    const tick = async () => {
      timer = undefined
      try {
        await round()
      } catch (error) {
        logger.log('warn', 'background sync round failed', {
          error: error instanceof Error ? error.message : String(error)
        })
      }
      if (mine === generation) schedule(intervalMs)
    }
    schedule(backgroundOptions.runNow ? 0 : intervalMs)
  }

  return {
    start,
    stop,
    get running() {
      return backgroundOn
    }
  }
}
