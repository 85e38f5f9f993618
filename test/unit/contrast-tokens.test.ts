// Unit test (node): reads the design tokens in tokens.css for the light and the dark theme and checks WCAG contrast of the text, badge and button colours on the backgrounds they sit on.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import postcss, { list } from 'postcss'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../helpers/spawn-web-mode'

type Theme = 'light' | 'dark'
const themes: readonly Theme[] = ['light', 'dark']

/** A colour as sRGB channels 0..255 and alpha 0..1. */
interface Rgba {
  r: number
  g: number
  b: number
  a: number
}

/**
 * The custom properties declared in `:root` rules outside any at-rule. Only the reduced-motion
 * media query sits in an at-rule, and it changes durations, not colours.
 */
const readTokens = (css: string): Map<string, string> => {
  const tokens = new Map<string, string>()
  postcss.parse(css).walkRules((rule) => {
    if (rule.selector !== ':root' || rule.parent?.type !== 'root') return
    rule.walkDecls(/^--/, (decl) => {
      tokens.set(decl.prop, decl.value)
    })
  })
  return tokens
}

const hexColour = (hex: string): Rgba => {
  const digits =
    hex.length === 3
      ? [...hex].map((digit) => digit + digit)
      : hex.length === 6
        ? [hex.slice(0, 2), hex.slice(2, 4), hex.slice(4, 6)]
        : undefined
  if (!digits) throw new Error(`#${hex} is not a #rgb or #rrggbb colour`)
  const [r, g, b] = digits.map((pair) => Number.parseInt(pair, 16)) as [number, number, number]
  return { r, g, b, a: 1 }
}

/**
 * Resolves a token to a colour as the browser would for `theme`: `light-dark()` picks its side,
 * `var()` follows other tokens. Only the forms tokens.css uses are read; any other form fails the
 * test loudly rather than being checked wrongly.
 */
const resolveColour = (tokens: Map<string, string>, value: string, theme: Theme): Rgba => {
  const text = value.trim()
  const call = /^([a-z-]+)\((.*)\)$/s.exec(text)
  if (call?.[1] === 'light-dark') {
    const sides = list.comma(call[2] ?? '')
    if (sides.length !== 2) throw new Error(`light-dark() needs two colours: ${text}`)
    return resolveColour(tokens, sides[theme === 'light' ? 0 : 1] ?? '', theme)
  }
  if (call?.[1] === 'var') {
    const name = (call[2] ?? '').trim()
    const next = tokens.get(name)
    if (next === undefined) throw new Error(`${name} is not a token in tokens.css`)
    return resolveColour(tokens, next, theme)
  }
  if (call?.[1] === 'rgb') {
    const rgb = /^(\d+)\s+(\d+)\s+(\d+)(?:\s*\/\s*([\d.]+))?$/.exec((call[2] ?? '').trim())
    if (!rgb) throw new Error(`rgb() in a form this test does not read: ${text}`)
    const [, r, g, b, a] = rgb
    return { r: Number(r), g: Number(g), b: Number(b), a: a === undefined ? 1 : Number(a) }
  }
  if (text.startsWith('#')) return hexColour(text.slice(1))
  throw new Error(`not a colour this test reads: ${text}`)
}

/** `top` painted over the opaque `bottom`, as a translucent hover fill is. */
const over = (top: Rgba, bottom: Rgba): Rgba => {
  const mix = (upper: number, lower: number) => upper * top.a + lower * (1 - top.a)
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: 1 }
}

/** WCAG 2.x relative luminance of an opaque colour. */
const luminance = ({ r, g, b }: Rgba): number => {
  const linear = (channel: number) => {
    const c = channel / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/** WCAG 2.x contrast ratio, 1 to 21. */
const contrast = (first: Rgba, second: Rgba): number => {
  const [light, dark] = [luminance(first), luminance(second)].sort((x, y) => y - x) as [
    number,
    number
  ]
  return (light + 0.05) / (dark + 0.05)
}

const tokens = readTokens(
  readFileSync(join(repoRoot, 'src-renderer/src/styles/tokens.css'), 'utf8')
)

/** A background token, or a translucent fill token laid over an opaque one. */
type Backdrop = string | { fill: string; on: string }

const backdropName = (backdrop: Backdrop) =>
  typeof backdrop === 'string' ? backdrop : `${backdrop.fill} over ${backdrop.on}`

const paint = (backdrop: Backdrop, theme: Theme): Rgba => {
  if (typeof backdrop === 'string') {
    const colour = resolveColour(tokens, `var(${backdrop})`, theme)
    if (colour.a !== 1) throw new Error(`${backdrop} is translucent: say what it is laid over`)
    return colour
  }
  return over(resolveColour(tokens, `var(${backdrop.fill})`, theme), paint(backdrop.on, theme))
}

interface Pair {
  text: string
  on: Backdrop
  /** 4.5 for text (badges are small text), 3 for icons, focus rings and large text. */
  needs: number
}

/** The surfaces that carry running text: window, sidebar, panels, inputs, a selected row. */
const surfaces: readonly Backdrop[] = [
  '--bg-app',
  '--bg-sidebar',
  '--bg-surface',
  '--bg-subtle',
  '--bg-input',
  '--bg-selected',
  { fill: '--bg-hover', on: '--bg-surface' },
  { fill: '--bg-hover', on: '--bg-sidebar' }
]

const semantic = ['ok', 'warn', 'danger', 'info', 'env-prod', 'env-staging', 'env-dev']

const pairs: readonly Pair[] = [
  // Body, secondary and tertiary text, and links, wherever text sits.
  ...['--text', '--text-muted', '--text-faint', '--link'].flatMap((text) =>
    surfaces.map((on) => ({ text, on, needs: 4.5 }))
  ),
  // The open screen in the sidebar and a pressed control.
  ...['--text', '--text-muted'].map((text) => ({
    text,
    on: { fill: '--bg-active', on: '--bg-sidebar' },
    needs: 4.5
  })),
  { text: '--text-selected', on: '--bg-selected', needs: 4.5 },
  // Badges and notices: each tone's text on its own soft fill and on a plain panel.
  ...semantic.flatMap((tone) => [
    { text: `--${tone}-text`, on: `--${tone}-bg`, needs: 4.5 },
    { text: `--${tone}-text`, on: '--bg-surface', needs: 4.5 }
  ]),
  { text: '--accent-11', on: '--accent-3', needs: 4.5 },
  // Labels on solid buttons, at rest and hovered.
  { text: '--text-on-accent', on: '--accent', needs: 4.5 },
  { text: '--text-on-accent', on: '--accent-hover', needs: 4.5 },
  { text: '--text-on-danger', on: '--danger-action', needs: 4.5 },
  { text: '--text-on-danger', on: '--danger-action-hover', needs: 4.5 },
  // Non-text: the focus ring must stand out from every surface.
  ...surfaces.map((on) => ({ text: '--focus-ring', on, needs: 3 }))
]

/** What falls short for one pair in one theme, in words; undefined when the pair holds. */
const shortfall = (pair: Pair, theme: Theme): string | undefined => {
  const where = `${pair.text} on ${backdropName(pair.on)}`
  let ratio: number
  try {
    ratio = contrast(resolveColour(tokens, `var(${pair.text})`, theme), paint(pair.on, theme))
  } catch (error) {
    return `${where}: ${(error as Error).message}`
  }
  return ratio < pair.needs ? `${where}: ${ratio.toFixed(2)}:1, needs ${pair.needs}:1` : undefined
}

describe('design token contrast (WCAG 2.1 AA)', () => {
  for (const theme of themes) {
    it(`holds for text, badges, buttons and focus in the ${theme} theme`, () => {
      expect(pairs.map((pair) => shortfall(pair, theme)).filter(Boolean)).toEqual([])
    })
  }
})

describe('the contrast checker itself', () => {
  it('measures the WCAG reference pairs', () => {
    const black = hexColour('000000')
    const white = hexColour('ffffff')
    expect(contrast(black, white)).toBeCloseTo(21, 5)
    expect(contrast(white, white)).toBe(1)
    // #767676 on white is the well-known lightest grey that passes AA (4.54:1).
    expect(contrast(hexColour('767676'), white)).toBeCloseTo(4.54, 2)
  })

  it('reads each side of light-dark(), follows var() and lays translucent fills over', () => {
    const sample = readTokens(`
      :root { --a: light-dark(#fff, #000); --b: var(--a); --c: rgb(0 0 0 / 0.5); }
      @media (prefers-reduced-motion: reduce) { :root { --a: #123456; } }
    `)
    expect(resolveColour(sample, 'var(--b)', 'light')).toEqual({ r: 255, g: 255, b: 255, a: 1 })
    expect(resolveColour(sample, 'var(--b)', 'dark')).toEqual({ r: 0, g: 0, b: 0, a: 1 })
    const half = over(resolveColour(sample, 'var(--c)', 'light'), hexColour('ffffff'))
    expect(half.r).toBeCloseTo(127.5, 5)
    expect(() => resolveColour(sample, 'oklch(0.5 0.1 200)', 'light')).toThrow(/not a colour/)
    expect(() => resolveColour(sample, 'var(--missing)', 'light')).toThrow(/not a token/)
  })

  it('finds every token the pairs name in tokens.css', () => {
    const named = pairs.flatMap((pair) => [
      pair.text,
      ...(typeof pair.on === 'string' ? [pair.on] : [pair.on.fill, pair.on.on])
    ])
    expect(named.filter((name) => !tokens.has(name))).toEqual([])
  })
})
