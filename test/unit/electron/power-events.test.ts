// Unit test of the powerMonitor adapter with a fake monitor: suspend and screen lock reach the vault, and stop.
import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { createPowerEvents } from '../../../src-main/electron/power-events'

describe('createPowerEvents', () => {
  it('reports suspend and lock-screen as the port events and stops on unsubscribe', () => {
    const monitor = new EventEmitter()
    const listener = vi.fn()
    const stop = createPowerEvents(monitor as never).subscribe(listener)
    monitor.emit('suspend')
    monitor.emit('lock-screen')
    monitor.emit('resume')
    monitor.emit('unlock-screen')
    expect(listener.mock.calls).toEqual([['suspend'], ['screen-lock']])
    stop()
    monitor.emit('suspend')
    expect(listener).toHaveBeenCalledTimes(2)
    expect(monitor.eventNames()).toEqual([])
  })
})
