// Unit test of the window guards with fake webContents, sessions and app: navigation, pop-ups, webviews, permissions.
import { EventEmitter } from 'node:events'
import { beforeEach, describe, expect, it, vi } from 'vitest'

const openExternal = vi.hoisted(() => vi.fn(async (_url: string) => undefined))
vi.mock('electron', () => ({ shell: { openExternal } }))

const {
  applyWindowGuards,
  denyAllPermissions,
  externalLinkHosts,
  installWindowGuards,
  isAllowedExternalUrl
} = await import('../../../src-main/electron/window-guards')

type OpenHandler = (details: { url: string }) => { action: string }

/** Enough of a WebContents: events, the window-open handler and a session. */
class FakeContents extends EventEmitter {
  openHandler: OpenHandler | undefined
  readonly session: FakeSession
  constructor(session = new FakeSession()) {
    super()
    this.session = session
  }
  setWindowOpenHandler(handler: OpenHandler) {
    this.openHandler = handler
  }
  /** Emits like Electron: a preventable event object carrying the URL. */
  attempt(name: string, url = ''): boolean {
    let prevented = false
    this.emit(name, { url, preventDefault: () => (prevented = true) }, url)
    return prevented
  }
}

class FakeSession {
  request:
    | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void)
    | undefined
  check: ((...args: unknown[]) => boolean) | undefined
  device: ((...args: unknown[]) => boolean) | undefined
  setPermissionRequestHandler = vi.fn((handler: FakeSession['request']) => (this.request = handler))
  setPermissionCheckHandler = vi.fn((handler: FakeSession['check']) => (this.check = handler))
  setDevicePermissionHandler = vi.fn((handler: FakeSession['device']) => (this.device = handler))
}

const guarded = () => {
  const contents = new FakeContents()
  applyWindowGuards(contents as never)
  return contents
}

beforeEach(() => openExternal.mockClear())

describe('isAllowedExternalUrl', () => {
  it('allows https links to an allow-listed host', () => {
    for (const host of externalLinkHosts)
      expect(isAllowedExternalUrl(`https://${host}/some/page?x=1`)).toBe(true)
  })

  it.each([
    'http://docs.cycle.io/',
    'https://evil.example/',
    'https://docs.cycle.io.evil.example/',
    'https://evil.example/?https://docs.cycle.io/',
    'https://user:pw@docs.cycle.io/',
    'https://docs.cycle.io:8443/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://docs.cycle.io/share',
    'ms-msdt:/id PCWDiagnostic',
    'app://hubkeys/index.html',
    'not a url',
    ''
  ])('refuses %j', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false)
  })

  it('uses the list it is given', () => {
    expect(isAllowedExternalUrl('https://example.org/', ['example.org'])).toBe(true)
    expect(isAllowedExternalUrl('https://docs.cycle.io/', ['example.org'])).toBe(false)
  })
})

describe('applyWindowGuards', () => {
  it('lets navigation stay on app://hubkeys and stops everything else', () => {
    const contents = guarded()
    expect(contents.attempt('will-navigate', 'app://hubkeys/index.html')).toBe(false)
    expect(contents.attempt('will-navigate', 'https://docs.cycle.io/')).toBe(true)
    expect(contents.attempt('will-navigate', 'file:///etc/passwd')).toBe(true)
    expect(contents.attempt('will-navigate', 'app://other/')).toBe(true)
  })

  it('stops redirects away from app://hubkeys', () => {
    const contents = guarded()
    expect(contents.attempt('will-redirect', 'app://hubkeys/index.html')).toBe(false)
    expect(contents.attempt('will-redirect', 'https://evil.example/')).toBe(true)
  })

  it('never attaches a webview', () => {
    expect(guarded().attempt('will-attach-webview')).toBe(true)
  })

  it('denies every new window and opens only allow-listed https links externally', () => {
    const contents = guarded()
    expect(contents.openHandler?.({ url: 'https://docs.cycle.io/api' })).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledExactlyOnceWith('https://docs.cycle.io/api')
    openExternal.mockClear()
    for (const url of [
      'https://evil.example/',
      'app://hubkeys/index.html',
      'file:///etc/passwd',
      'about:blank'
    ]) {
      expect(contents.openHandler?.({ url })).toEqual({ action: 'deny' })
    }
    expect(openExternal).not.toHaveBeenCalled()
  })

  it('survives the system browser failing to open', () => {
    const contents = new FakeContents()
    applyWindowGuards(contents as never, () => Promise.reject(new Error('no browser')))
    expect(contents.openHandler?.({ url: 'https://docs.cycle.io/' })).toEqual({ action: 'deny' })
  })
})

describe('permissions', () => {
  it('denies every permission request, check and device', () => {
    const session = new FakeSession()
    denyAllPermissions(session as never)
    const callback = vi.fn()
    for (const permission of [
      'media',
      'notifications',
      'clipboard-read',
      'openExternal',
      'geolocation'
    ]) {
      session.request?.({}, permission, callback)
    }
    expect(callback.mock.calls).toEqual(Array(5).fill([false]))
    expect(session.check?.({}, 'clipboard-sanitized-write', 'app://hubkeys', {})).toBe(false)
    expect(session.device?.({ deviceType: 'usb' })).toBe(false)
  })
})

describe('installWindowGuards', () => {
  it('guards every webContents the app creates and its session, once per session', () => {
    const app = new EventEmitter()
    installWindowGuards(app as never)
    const shared = new FakeSession()
    const first = new FakeContents(shared)
    const second = new FakeContents(shared)
    app.emit('web-contents-created', {}, first)
    app.emit('web-contents-created', {}, second)
    expect(first.attempt('will-navigate', 'https://evil.example/')).toBe(true)
    expect(second.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
    expect(shared.setPermissionRequestHandler).toHaveBeenCalledTimes(1)
    const other = new FakeContents()
    app.emit('web-contents-created', {}, other)
    expect(other.session.setPermissionCheckHandler).toHaveBeenCalledTimes(1)
  })
})
