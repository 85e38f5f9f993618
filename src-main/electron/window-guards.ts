// Locks every webContents to app://hubkeys: no navigation away, no new windows, no webviews, no permissions; Electron main.
import { shell, type App, type Session, type WebContents } from 'electron'
import { isAppUrl } from './trusted-sender'

/**
 * The only places a link in Hubkeys may open, in the system browser: the hubs' own consoles and
 * documentation. Exact host names, https only; extend this list, never loosen the check.
 */
export const externalLinkHosts: readonly string[] = [
  'portal.cycle.io',
  'docs.cycle.io',
  'docs.delphix.com',
  'optidash.ai',
  'docs.optidash.ai'
]

/** True for an https URL on an allow-listed host, without credentials or a port. */
export const isAllowedExternalUrl = (
  url: string,
  hosts: readonly string[] = externalLinkHosts
): boolean => {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === '' &&
    hosts.includes(parsed.hostname)
  )
}

type OpenExternal = (url: string) => Promise<void>

// Electronegativity flags any openExternal with a variable URL; the only caller passes a URL that
// isAllowedExternalUrl accepted (https, allow-listed host, no credentials or port).
const openInBrowser: OpenExternal = (url) => shell.openExternal(url) // eng-disable OPEN_EXTERNAL_JS_CHECK

/** Navigation, redirects, pop-ups and webviews for one webContents. */
export const applyWindowGuards = (
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  openExternal: OpenExternal = openInBrowser
): void => {
  // Reloads and in-app links stay on app://hubkeys; anything else (a link, a script, a redirect) stops.
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault()
  })
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
  })
  contents.setWindowOpenHandler(({ url }) => {
    // No window is ever created; an allow-listed https link goes to the system browser instead.
    if (isAllowedExternalUrl(url)) {
      openExternal(url).catch(() => undefined)
    }
    return { action: 'deny' }
  })
}

/** Hubkeys needs no camera, notifications, clipboard-read or anything else a page may ask for. */
export const denyAllPermissions = (
  session: Pick<
    Session,
    'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
  >
): void => {
  session.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false)
  })
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
}

/** Applies the guards to every webContents the app ever creates, and denies permissions in its session. */
export const installWindowGuards = (target: Pick<App, 'on'>): void => {
  const guardedSessions = new WeakSet<object>()
  target.on('web-contents-created', (_event, contents) => {
    applyWindowGuards(contents)
    if (!guardedSessions.has(contents.session)) {
      guardedSessions.add(contents.session)
      denyAllPermissions(contents.session)
    }
  })
}
