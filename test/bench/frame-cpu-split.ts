// Reads a Chromium trace of a scroll and splits the page's CPU per frame by lifecycle phase (script, style, layout, paint, compositor); node, renderer bench only.

/** One Chromium trace event, the fields this reads. */
interface TraceEvent {
  ph: string
  name: string
  pid: number
  tid: number
  ts: number
  dur?: number
  /** The thread's CPU time for the event (µs), where the trace records it. */
  tdur?: number
  args?: { name?: string }
}

/** CPU milliseconds per frame of one page's scroll, by where they went. */
export interface FrameCpuSplit {
  /** Every task on the page's main thread. */
  main: number
  /** Scroll events (React renders the rows inside the virtualizer's listener). */
  scrollEvents: number
  style: number
  layout: number
  paint: number
  /** PrePaint, Layerize and the commit to the compositor. */
  composite: number
  /** The page's compositor thread. */
  compositor: number
}

const phases: Record<string, keyof Omit<FrameCpuSplit, 'main' | 'compositor' | 'scrollEvents'>> = {
  UpdateLayoutTree: 'style',
  Layout: 'layout',
  Paint: 'paint',
  PrePaint: 'composite',
  Layerize: 'composite',
  Commit: 'composite'
}

/**
 * The split of the renderer that ran the most animation frames (the scrolled page, whose bench
 * callback runs every frame, while another tab of the same browser stays idle), each phase its
 * thread CPU time over `frames`. Time is CPU, not wall, so a busy machine inflates it far less
 * than it does frame times.
 */
export const frameCpuSplit = (events: readonly TraceEvent[], frames: number): FrameCpuSplit => {
  const threadNames = new Map<string, string>()
  for (const event of events) {
    if (event.ph === 'M' && event.name === 'thread_name' && event.args?.name) {
      threadNames.set(`${event.pid}:${event.tid}`, event.args.name)
    }
  }
  const threadOf = (event: TraceEvent) => threadNames.get(`${event.pid}:${event.tid}`)
  const framesByPid = new Map<number, number>()
  for (const event of events) {
    if (event.ph === 'X' && event.name === 'FireAnimationFrame') {
      framesByPid.set(event.pid, (framesByPid.get(event.pid) ?? 0) + 1)
    }
  }
  const pid = [...framesByPid.entries()].sort((a, b) => b[1] - a[1])[0]?.[0]
  if (pid === undefined) throw new Error('the trace holds no renderer frames')
  const split: FrameCpuSplit = {
    main: 0,
    scrollEvents: 0,
    style: 0,
    layout: 0,
    paint: 0,
    composite: 0,
    compositor: 0
  }
  for (const event of events) {
    if (event.ph !== 'X' || event.pid !== pid) continue
    const cpu = (event.tdur ?? event.dur ?? 0) / 1000
    const thread = threadOf(event)
    if (thread === 'CrRendererMain') {
      if (event.name === 'RunTask') split.main += cpu
      else if (event.name === 'EventDispatch') split.scrollEvents += cpu
      else {
        const phase = phases[event.name]
        if (phase) split[phase] += cpu
      }
    } else if (thread === 'Compositor' && event.name === 'RunTask') split.compositor += cpu
  }
  for (const key of Object.keys(split) as (keyof FrameCpuSplit)[]) split[key] /= frames
  return split
}
