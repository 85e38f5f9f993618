// Handlers for the `prefs:*` channels: read and patch the non-secret preferences; run in main or web mode.
import type { Handlers } from '../dispatch'
import type { EventBus } from '../events'
import type { PreferencesPatch } from '../../contract/preferences.contract'
import type { PreferencesStore } from '../ports/preferences.port'

export const createPreferencesHandlers = (
  preferences: PreferencesStore,
  events: EventBus,
  onChange: (patch: PreferencesPatch) => void = () => undefined
): Pick<Handlers, 'prefs:get' | 'prefs:set'> => ({
  'prefs:get': () => preferences.get(),
  'prefs:set': (patch) => {
    const next = preferences.set(patch)
    onChange(patch)
    events.emit('prefs:changed', next)
    return next
  }
})
