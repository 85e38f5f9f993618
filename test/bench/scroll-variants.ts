// The renderer bench's diagnostic variants of the key table's page (its frame hidden, its rows' look stripped to plain text), applied as a constructable stylesheet; node, bench only.
import type { Page } from '@playwright/test'

/**
 * What each variant takes away, so the bench can say where the table's gap to the bare list lies.
 * Selectors use roles only (not the build's hashed class names), so they keep meaning what they
 * say; `applyVariant` checks they took effect, so a renamed role fails the bench, not the number.
 */
const frameless = `
  /* Everything but the grid is laid out as before (the grid keeps its size) but never painted. */
  body * { visibility: hidden !important; }
  [role="grid"], [role="grid"] * { visibility: visible !important; }
`
const plainRows = `
  /* Rows as the bare list draws them: text in a grid track, no badges, dots, borders or tints. */
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
  frameless,
  plain_rows: plainRows,
  plain: frameless + plainRows
} as const

export type ScrollVariant = keyof typeof scrollVariants

/** The few browser globals the page functions touch; the node tsconfig has no DOM lib. */
interface VariantGlobals {
  document: {
    adoptedStyleSheets: unknown[]
    querySelector(selector: string): unknown
  }
  CSSStyleSheet: new () => { replaceSync(text: string): void }
  getComputedStyle(element: unknown, pseudo?: string): Record<string, string>
  __benchVariant?: unknown
}

/**
 * Adds the variant's stylesheet to the page (through the CSSOM, which the app's CSP allows, unlike
 * an injected `<style>`) and checks that it took: the sidebar unpainted, a badge cell plain.
 */
export const applyVariant = async (page: Page, variant: ScrollVariant): Promise<void> => {
  const problem = await page.evaluate(
    ([css, name]) => {
      const g = globalThis as unknown as VariantGlobals
      const sheet = new g.CSSStyleSheet()
      sheet.replaceSync(css)
      g.__benchVariant = sheet
      g.document.adoptedStyleSheets = [...g.document.adoptedStyleSheets, sheet]
      const aside = g.document.querySelector('aside')
      const cell = g.document.querySelector(
        '[role="row"][data-key-id] > [role="gridcell"]:nth-child(4)'
      )
      if (!aside || !cell) return 'the page has no sidebar or no key rows'
      const hidden = g.getComputedStyle(aside).visibility === 'hidden'
      if ((name !== 'plain_rows') !== hidden) return `the sidebar is ${hidden ? '' : 'not '}hidden`
      const plain =
        g.getComputedStyle(cell).backgroundColor === 'rgba(0, 0, 0, 0)' &&
        g.getComputedStyle(cell, '::before').display === 'none'
      if ((name !== 'frameless') !== plain) return `the rows are ${plain ? '' : 'not '}plain`
      return undefined
    },
    [scrollVariants[variant], variant] as const
  )
  if (problem) throw new Error(`scroll variant ${variant}: ${problem}`)
}

/** Takes the variant's stylesheet off again. */
export const removeVariant = (page: Page): Promise<void> =>
  page.evaluate(() => {
    const g = globalThis as unknown as VariantGlobals
    g.document.adoptedStyleSheets = g.document.adoptedStyleSheets.filter(
      (sheet) => sheet !== g.__benchVariant
    )
    g.__benchVariant = undefined
  })
