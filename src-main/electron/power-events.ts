// Electron's powerMonitor behind the core's PowerEvents port, so the vault locks on suspend and screen lock; Electron main.
import type { PowerMonitor } from 'electron'
import type { PowerEvent, PowerEvents } from '../core/ports/power-events.port'

type Monitor = Pick<PowerMonitor, 'on' | 'off'>

/** powerMonitor is usable only once the app is ready; create this after `app.whenReady()`. */
export const createPowerEvents = (monitor: Monitor): PowerEvents => ({
  subscribe(listener: (event: PowerEvent) => void) {
    // Electron's names for the two moments the vault must lock.
    const onSuspend = () => listener('suspend')
    const onLockScreen = () => listener('screen-lock')
    monitor.on('suspend', onSuspend)
    monitor.on('lock-screen', onLockScreen)
    return () => {
      monitor.off('suspend', onSuspend)
      monitor.off('lock-screen', onLockScreen)
    }
  }
})
