// Handlers for the `prefs:*` channels: read and patch the non-secret preferences; run in main or web mode.
import type { Handlers } from '../dispatch'
import type { EventBus } from '../events'
import type { PreferencesStore } from '../ports/preferences.port'

export const createPreferencesHandlers = (
  preferences: PreferencesStore,
  events: EventBus,
  onChange: () => void = () => undefined
): Pick<Handlers, 'prefs:get' | 'prefs:set'> => ({
  'prefs:get': () => preferences.get(),
  'prefs:set': (patch) => {
    const next = preferences.set(patch)
    onChange()
    events.emit('prefs:changed', next)
    return next
  }
})
