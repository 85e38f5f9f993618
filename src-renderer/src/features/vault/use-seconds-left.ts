// A React hook counting down the seconds until a moment (the end of the unlock wait), re-rendering each tick.
import { useEffect, useState } from 'react'

const tickMs = 250

const secondsUntil = (until: number | undefined, now: () => number): number =>
  until === undefined ? 0 : Math.max(0, Math.ceil((until - now()) / 1000))

/** Whole seconds left until `until` (epoch ms by `now`); 0 once it has passed or when there is none. */
export function useSecondsLeft(until: number | undefined, now: () => number): number {
  // The count is read from the clock on every render; the timer only asks for those renders.
  const [, setTick] = useState(0)
  useEffect(() => {
    if (secondsUntil(until, now) === 0) return
    // A short tick keeps the number honest when the timer fires late (a busy or hidden tab).
    const timer = setInterval(() => {
      setTick((tick) => tick + 1)
      if (secondsUntil(until, now) === 0) clearInterval(timer)
    }, tickMs)
    return () => clearInterval(timer)
  }, [until, now])
  return secondsUntil(until, now)
}
