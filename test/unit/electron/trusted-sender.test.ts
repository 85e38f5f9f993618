// Unit test of isTrustedSender with fake IPC events: only our windows' main frames on app://hubkeys pass.
import { describe, expect, it } from 'vitest'
import {
  isAppUrl,
  isTrustedSender,
  type SenderEvent
} from '../../../src-main/electron/trusted-sender'

const windowIds = new Set([7])

const event = (url: string, options: { id?: number; subFrame?: boolean } = {}): SenderEvent => {
  const top = { url: 'app://hubkeys/index.html', parent: null }
  return {
    sender: { id: options.id ?? 7 },
    senderFrame: options.subFrame ? { url, parent: top } : { url, parent: null }
  }
}

describe('isTrustedSender', () => {
  it('trusts the main frame of one of our windows on app://hubkeys', () => {
    expect(isTrustedSender(event('app://hubkeys/index.html'), { windowIds })).toBe(true)
    expect(isTrustedSender(event('app://hubkeys/'), { windowIds })).toBe(true)
    expect(isTrustedSender(event('app://hubkeys/index.html#/keys?q=1'), { windowIds })).toBe(true)
  })

  it('refuses when the frame is gone (senderFrame is null)', () => {
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: null }, { windowIds })).toBe(false)
  })

  it('refuses a sub-frame even on our own origin', () => {
    expect(
      isTrustedSender(event('app://hubkeys/index.html', { subFrame: true }), { windowIds })
    ).toBe(false)
  })

  it.each([
    'https://evil.example/',
    'http://hubkeys/',
    'file:///app/out/renderer/index.html',
    'app://other/index.html',
    'app://hubkeys.evil.example/',
    'app://hubkeys:8080/',
    'app://user:pass@hubkeys/',
    'APP://evil/',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    'data:text/html,<script>1</script>'
  ])('refuses a foreign origin %s', (url) => {
    expect(isTrustedSender(event(url), { windowIds })).toBe(false)
  })

  it('refuses a webContents that is not one of our windows', () => {
    expect(isTrustedSender(event('app://hubkeys/index.html', { id: 8 }), { windowIds })).toBe(false)
    expect(isTrustedSender(event('app://hubkeys/index.html'), { windowIds: new Set() })).toBe(false)
  })

  it.each(['', 'not a url', 'app:', '://hubkeys', 'app//hubkeys'])(
    'refuses a malformed URL %j',
    (url) => {
      expect(isTrustedSender(event(url), { windowIds })).toBe(false)
    }
  )

  it('refuses a sender whose frame throws when read (destroyed)', () => {
    const destroyed = {
      sender: { id: 7 },
      get senderFrame(): SenderEvent['senderFrame'] {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed')
      }
    }
    expect(isTrustedSender(destroyed, { windowIds })).toBe(false)
  })

  it('accepts a Map of windows keyed by webContents id', () => {
    expect(isTrustedSender(event('app://hubkeys/'), { windowIds: new Map([[7, {}]]) })).toBe(true)
  })
})

describe('isAppUrl', () => {
  it('matches the scheme case-insensitively and the host exactly, failing closed', () => {
    expect(isAppUrl('APP://hubkeys/index.html')).toBe(true)
    // Node keeps a custom scheme's host as written; Chromium lowercases a standard scheme's host
    // before Electron reports it, so only a forged URL could differ, and it is refused.
    expect(isAppUrl('app://HUBKEYS/index.html')).toBe(false)
    expect(isAppUrl('app://hubkeys')).toBe(true)
    expect(isAppUrl('app://hubkeys.')).toBe(false)
  })
})
