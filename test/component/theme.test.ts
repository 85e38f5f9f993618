// @vitest-environment happy-dom
// Tests of theme.ts: `data-theme` on <html> pins light or dark, `system` removes it so the OS decides.
import { afterEach, describe, expect, it } from 'vitest'
import { applyTheme, appliedTheme, type ThemeChoice } from '../../src-renderer/src/app/theme'

const html = () => document.documentElement

afterEach(() => {
  html().removeAttribute('data-theme')
})

describe('applyTheme', () => {
  it('sets data-theme for light and dark, and removes it for system', () => {
    applyTheme('dark')
    expect(html().getAttribute('data-theme')).toBe('dark')
    expect(appliedTheme()).toBe('dark')
    applyTheme('light')
    expect(html().getAttribute('data-theme')).toBe('light')
    expect(appliedTheme()).toBe('light')
    applyTheme('system')
    expect(html().hasAttribute('data-theme')).toBe(false)
    expect(appliedTheme()).toBe('system')
  })

  it('falls back to the system theme for a value outside the contract', () => {
    applyTheme('dark')
    applyTheme('sepia' as ThemeChoice)
    expect(html().hasAttribute('data-theme')).toBe(false)
  })

  it('reads a foreign data-theme value as system', () => {
    html().setAttribute('data-theme', 'high-contrast')
    expect(appliedTheme()).toBe('system')
  })

  it('can target another element', () => {
    const element = document.createElement('div')
    applyTheme('dark', element)
    expect(element.getAttribute('data-theme')).toBe('dark')
    expect(html().hasAttribute('data-theme')).toBe(false)
  })
})
