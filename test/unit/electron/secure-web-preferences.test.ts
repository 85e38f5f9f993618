// Unit test of secureWebPreferences: every Electron security switch is set as DESIGN.md section 8 says.
import { describe, expect, it } from 'vitest'
import { secureWebPreferences } from '../../../src-main/electron/secure-web-preferences'

describe('secureWebPreferences', () => {
  const preloadPath = '/app/out/preload/index.cjs'

  it('turns on the sandbox and isolation and turns off every Node and legacy surface', () => {
    expect(secureWebPreferences({ preloadPath, isPackaged: true })).toEqual({
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: false
    })
  })

  it('leaves webSecurity at its default (on) instead of setting it', () => {
    expect(secureWebPreferences({ preloadPath, isPackaged: false })).not.toHaveProperty(
      'webSecurity'
    )
  })

  it('allows DevTools only in an unpackaged (development) build', () => {
    expect(secureWebPreferences({ preloadPath, isPackaged: false }).devTools).toBe(true)
    expect(secureWebPreferences({ preloadPath, isPackaged: true }).devTools).toBe(false)
  })

  it('never enables blink features, remote content or a webview through extra keys', () => {
    const keys = Object.keys(secureWebPreferences({ preloadPath, isPackaged: false }))
    for (const risky of [
      'enableBlinkFeatures',
      'additionalArguments',
      'webSecurity',
      'partition'
    ]) {
      expect(keys).not.toContain(risky)
    }
  })
})
