// A clock for ages on screen ("synced 3 min ago"): re-renders on a coarse tick, reading the store's clock; renderer.
import { useEffect, useState } from 'react'

/** Ages are shown to the minute, so a tick every 15 seconds keeps them right without busy renders. */
const tickMs = 15_000

export function useNow(now: () => number): number {
  const [at, setAt] = useState(now)
  useEffect(() => {
    const timer = setInterval(() => setAt(now()), tickMs)
    return () => clearInterval(timer)
  }, [now])
  return at
}
