// The screens of the app (DESIGN.md section 7) and which of them exist yet; read by the sidebar and the store.

export type ScreenId = 'overview' | 'keys' | 'hygiene' | 'rotation' | 'audit' | 'settings'

export interface ScreenSpec {
  id: ScreenId
  title: string
  /** One line saying what the screen is for, shown where the screen is listed. */
  summary: string
  /** False until the screen is built: the sidebar shows it disabled, the store refuses to open it. */
  available: boolean
  /** Where the sidebar lists it: the main list, or pinned to the bottom like most admin tools. */
  place: 'main' | 'bottom'
}

export const screens: readonly ScreenSpec[] = [
  {
    id: 'overview',
    title: 'Overview',
    summary: 'Connections, cache age and this instance at a glance.',
    available: true,
    place: 'main'
  },
  {
    id: 'keys',
    title: 'Keys',
    summary: "Every API key across hubs: search, filter, sort, and each key's history.",
    available: true,
    place: 'main'
  },
  {
    id: 'hygiene',
    title: 'Hygiene',
    summary: 'Keys that are old, unused, unrestricted or about to expire.',
    available: true,
    place: 'main'
  },
  {
    id: 'rotation',
    title: 'Rotation',
    summary: 'Replace keys safely: the old key is revoked only after the new one works.',
    available: true,
    place: 'main'
  },
  {
    id: 'audit',
    title: 'Audit log',
    summary: 'A tamper-evident record of every change made from Hubkeys.',
    available: true,
    place: 'main'
  },
  {
    id: 'settings',
    title: 'Settings',
    summary: 'Theme, idle lock, clipboard timeout and the master password.',
    available: true,
    place: 'bottom'
  }
]

export const screenById = (id: ScreenId): ScreenSpec => {
  const found = screens.find((screen) => screen.id === id)
  // ScreenId and the list are edited together; a miss is a programming error caught by the tests.
  if (!found) throw new Error(`Unknown screen ${id}`)
  return found
}
