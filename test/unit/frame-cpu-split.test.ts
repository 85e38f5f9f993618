// Unit tests of the renderer bench's trace reader: which renderer it reads, thread CPU over wall time, phases per frame; node.
import { describe, expect, it } from 'vitest'
import { frameCpuSplit } from '../bench/frame-cpu-split'

const thread = (pid: number, tid: number, name: string) => ({
  ph: 'M',
  name: 'thread_name',
  pid,
  tid,
  ts: 0,
  args: { name }
})
const task = (pid: number, tid: number, name: string, dur: number, tdur?: number) => ({
  ph: 'X',
  name,
  pid,
  tid,
  ts: 1,
  dur: dur * 1000,
  ...(tdur === undefined ? {} : { tdur: tdur * 1000 })
})

describe('frameCpuSplit', () => {
  it('reads the renderer that drew the most frames, its thread CPU per frame by phase', () => {
    const scrolled = 10
    const idle = 20
    const events = [
      thread(scrolled, 1, 'CrRendererMain'),
      thread(scrolled, 2, 'Compositor'),
      thread(idle, 1, 'CrRendererMain'),
      // Two frames of the scrolled page.
      task(scrolled, 1, 'FireAnimationFrame', 9),
      task(scrolled, 1, 'FireAnimationFrame', 9),
      task(scrolled, 1, 'RunTask', 12, 8),
      task(scrolled, 1, 'RunTask', 6, 4),
      task(scrolled, 1, 'EventDispatch', 3, 2),
      task(scrolled, 1, 'UpdateLayoutTree', 2, 1),
      task(scrolled, 1, 'Layout', 1.5),
      task(scrolled, 1, 'Paint', 4, 3),
      task(scrolled, 1, 'PrePaint', 1, 1),
      task(scrolled, 1, 'Layerize', 2, 2),
      task(scrolled, 2, 'RunTask', 5, 3),
      // The idle tab drew one frame and ran a long task: not this page's.
      task(idle, 1, 'FireAnimationFrame', 1),
      task(idle, 1, 'RunTask', 100, 100)
    ]
    expect(frameCpuSplit(events, 2)).toEqual({
      main: 6,
      scrollEvents: 1,
      style: 0.5,
      // No thread time recorded: its wall time stands in.
      layout: 0.75,
      paint: 1.5,
      composite: 1.5,
      compositor: 1.5
    })
  })

  it('refuses a trace without frames rather than reporting zeros', () => {
    expect(() => frameCpuSplit([thread(1, 1, 'CrRendererMain')], 10)).toThrow(/no renderer frames/)
  })
})
