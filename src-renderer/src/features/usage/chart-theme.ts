// Resolves the theme's CSS variables to colours a canvas can use, and tells when the theme changes; renderer.
import { useEffect, useState } from 'react'

/**
 * The tokens are `light-dark()` values, which a canvas cannot parse; a probe element resolves
 * one to `rgb()`. Its colour is set through the DOM style API, which the strict CSP allows (only
 * injected `<style>` tags and style attributes in markup are refused).
 */
export const resolveColour = (variable: string): string => {
  const probe = document.createElement('span')
  probe.style.color = `var(${variable})`
  probe.style.display = 'none'
  document.body.appendChild(probe)
  const colour = getComputedStyle(probe).color
  probe.remove()
  return colour || '#888'
}

export interface ChartColours {
  text: string
  grid: string
  background: string
  lines: string[]
}

const lineVariables = [
  '--accent-9',
  '--info-solid',
  '--ok-solid',
  '--warn-solid',
  '--danger-solid',
  '--env-dev-solid',
  '--env-prod-solid',
  '--gray-9'
]

export const chartColours = (): ChartColours => ({
  text: resolveColour('--text-muted'),
  grid: resolveColour('--border-subtle'),
  background: resolveColour('--bg-surface'),
  lines: lineVariables.map(resolveColour)
})

/** Changes whenever the theme does (the app's setting or the system's), so charts redraw. */
export const useThemeVersion = (): number => {
  const [version, setVersion] = useState(0)
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1)
    const observer = new MutationObserver(bump)
    observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme']
    })
    const media = window.matchMedia?.('(prefers-color-scheme: dark)')
    media?.addEventListener('change', bump)
    return () => {
      observer.disconnect()
      media?.removeEventListener('change', bump)
    }
  }, [])
  return version
}
