// Puts zod in jitless mode before any contract schema is built, so the renderer runs under `script-src 'self'`; browser.
import { z } from 'zod'

/*
 * zod compiles object parsers with `new Function` unless jitless; the CSP forbids that (and its
 * probe alone reports a violation). Schemas read this setting when they are built, so main.tsx
 * imports this module before anything that imports the contract.
 */
z.config({ jitless: true })
