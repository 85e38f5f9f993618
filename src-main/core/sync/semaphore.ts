// A small counting semaphore with abortable waits, to bound how many connections sync at once; runs in main.

export interface Semaphore {
  /**
   * Waits for a slot; resolves with the function that gives it back (call it exactly once).
   * Rejects with the signal's reason when the signal aborts while waiting; no slot is taken then.
   */
  acquire(signal?: AbortSignal): Promise<() => void>
  /** Slots in use now. */
  readonly active: number
  /** Callers waiting for a slot. */
  readonly waiting: number
}

interface Waiter {
  grant: () => void
}

export const createSemaphore = (limit: number): Semaphore => {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`A semaphore needs a limit of at least 1, not ${limit}.`)
  }
  let active = 0
  const queue: Waiter[] = []

  const release = () => {
    const next = queue.shift()
    // The slot passes straight to the next waiter, so `active` does not dip and let a newcomer in.
    if (next) next.grant()
    else active -= 1
  }

  const releaser = (): (() => void) => {
    let released = false
    return () => {
      if (released) return
      released = true
      release()
    }
  }

  return {
    get active() {
      return active
    },
    get waiting() {
      return queue.length
    },
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason)
      if (active < limit) {
        active += 1
        return Promise.resolve(releaser())
      }
      return new Promise((resolve, reject) => {
        const onAbort = () => {
          const index = queue.indexOf(waiter)
          if (index >= 0) queue.splice(index, 1)
          reject(signal?.reason)
        }
        const waiter: Waiter = {
          grant: () => {
            signal?.removeEventListener('abort', onAbort)
            resolve(releaser())
          }
        }
        queue.push(waiter)
        signal?.addEventListener('abort', onAbort, { once: true })
      })
    }
  }
}
