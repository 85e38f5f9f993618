// The renderer bench's diagnostic variants of the key table's page (the app frame taken out, the rows' look stripped to plain text), applied through the CSSOM; node, bench only.
import type { Page } from '@playwright/test'

/**
 * What each variant takes away, so the bench can say where the table's gap to the bare list lies.
 * - frameless: every element that neither holds the grid nor is in it leaves the page
 *   (`display: none`), and the grid stays where it was at the same size (`position: fixed`), so
 *   the same rows scroll in the same viewport. Hiding the frame with `visibility` instead leaves
 *   its layout, layers and hit testing in place, and measured no different from the table.
 * - plain_rows: rows drawn as the bare list draws them (text in its track; no badges, dots,
 *   borders or tints).
 * Selectors use roles and a marker attribute, not the build's hashed class names; `applyVariant`
 * checks each variant took effect, so a renamed role fails the bench instead of the number.
 */
const framelessCss = `[data-bench-off] { display: none !important; }`
const plainRowsCss = `
  [role="grid"] [role="row"][data-key-id] {
    border: 0 !important; background: none !important; contain: none !important;
  }
  [role="grid"] [role="row"][data-key-id] > [role="gridcell"] {
    all: unset !important; overflow: hidden !important; white-space: nowrap !important;
    padding: 0 8px !important;
  }
  [role="grid"] [role="row"][data-key-id] > [role="gridcell"]::before { display: none !important; }
  [role="grid"] [role="row"][data-key-id] > [role="gridcell"] > * { display: none !important; }
`

export const scrollVariants = {
  frameless: { frameless: true, plainRows: false },
  plain_rows: { frameless: false, plainRows: true },
  plain: { frameless: true, plainRows: true }
} as const

export type ScrollVariant = keyof typeof scrollVariants

/** The few browser globals the page functions touch; the node tsconfig has no DOM lib. */
interface VariantElement {
  parentElement: VariantElement | null
  children: ArrayLike<VariantElement>
  clientWidth: number
  clientHeight: number
  setAttribute(name: string, value: string): void
  removeAttribute(name: string): void
  getBoundingClientRect(): { left: number; top: number; width: number; height: number }
}
interface VariantGlobals {
  document: {
    adoptedStyleSheets: unknown[]
    body: VariantElement
    querySelector(selector: string): VariantElement | null
    querySelectorAll(selector: string): ArrayLike<VariantElement>
  }
  CSSStyleSheet: new () => { replaceSync(text: string): void }
  getComputedStyle(element: unknown, pseudo?: string): Record<string, string>
  __benchVariant?: unknown
}

/**
 * Applies the variant (a stylesheet through the CSSOM, which the app's CSP allows, unlike an
 * injected `<style>`; for frameless, a marker on each element of the frame) and checks that it
 * took: the sidebar gone and the grid's viewport unchanged, a badge cell plain.
 */
export const applyVariant = async (page: Page, variant: ScrollVariant): Promise<void> => {
  const problem = await page.evaluate(
    ([css, { frameless, plainRows }]) => {
      const g = globalThis as unknown as VariantGlobals
      const grid = g.document.querySelector('[role="grid"]')
      const aside = g.document.querySelector('aside')
      if (!grid || !aside) return 'the page has no key table or no sidebar'
      const size = [grid.clientWidth, grid.clientHeight].join('x')
      const place = grid.getBoundingClientRect()
      let rules = plainRows ? css.plainRows : ''
      if (frameless) {
        // Everything beside the path from <body> to the grid leaves; the path itself stays.
        for (let on: VariantElement = grid; on !== g.document.body && on.parentElement;) {
          const parent: VariantElement = on.parentElement
          for (const sibling of Array.from(parent.children)) {
            if (sibling !== on) sibling.setAttribute('data-bench-off', '')
          }
          on = parent
        }
        rules += `${css.frameless}
          [role="grid"] { position: fixed !important; inset: auto !important;
            left: ${place.left}px !important; top: ${place.top}px !important;
            width: ${place.width}px !important; height: ${place.height}px !important; }`
      }
      const sheet = new g.CSSStyleSheet()
      sheet.replaceSync(rules)
      g.__benchVariant = sheet
      g.document.adoptedStyleSheets = [...g.document.adoptedStyleSheets, sheet]
      if ((g.getComputedStyle(aside).display === 'none') !== frameless) {
        return `the sidebar is ${frameless ? 'still' : 'not'} shown`
      }
      const moved = grid.getBoundingClientRect()
      if (
        [grid.clientWidth, grid.clientHeight].join('x') !== size ||
        moved.left !== place.left ||
        moved.top !== place.top
      ) {
        return `the grid's viewport moved or changed from ${size}`
      }
      const cell = g.document.querySelector(
        '[role="row"][data-key-id] > [role="gridcell"]:nth-child(4)'
      )
      if (!cell) return 'the table shows no key rows'
      const plain =
        g.getComputedStyle(cell).backgroundColor === 'rgba(0, 0, 0, 0)' &&
        g.getComputedStyle(cell, '::before').display === 'none'
      if (plain !== plainRows) return `the rows are ${plain ? '' : 'not '}plain`
      return undefined
    },
    [{ frameless: framelessCss, plainRows: plainRowsCss }, scrollVariants[variant]] as const
  )
  if (problem) throw new Error(`scroll variant ${variant}: ${problem}`)
}

/** Takes the variant off again: its stylesheet and the frame's markers. */
export const removeVariant = (page: Page): Promise<void> =>
  page.evaluate(() => {
    const g = globalThis as unknown as VariantGlobals
    g.document.adoptedStyleSheets = g.document.adoptedStyleSheets.filter(
      (sheet) => sheet !== g.__benchVariant
    )
    g.__benchVariant = undefined
    for (const element of Array.from(g.document.querySelectorAll('[data-bench-off]'))) {
      element.removeAttribute('data-bench-off')
    }
  })
