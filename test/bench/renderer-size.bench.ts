// Benchmark (node): gzip size of the renderer's initial JavaScript, i.e. what index.html loads before any lazy chunk.
import { readFileSync, existsSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { gzipSync } from 'node:zlib'
import { ensureBuilt, rendererIndex } from '../helpers/spawn-web-mode'
import type { Metrics } from './bench-metrics'

const rendererDir = dirname(rendererIndex)

/** Attribute value of each tag matching `tag`, e.g. every `src` of a `<script>`. */
const attributeValues = (html: string, tag: RegExp, attribute: string): string[] =>
  [...html.matchAll(tag)].flatMap((match) => {
    const value = new RegExp(`\\s${attribute}\\s*=\\s*["']([^"']+)["']`, 'i').exec(match[0])?.[1]
    return value ? [value] : []
  })

/** Static `import ... from './x.js'`, bare `import './x.js'` and `export ... from './x.js'`; not `import()`. */
const staticImports = (code: string): string[] =>
  [
    ...code.matchAll(/\b(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+\.m?js)["']/g)
  ].map((match) => match[1] as string)

const resolveInRenderer = (from: string, reference: string): string => {
  if (/^[a-z][a-z0-9+.-]*:/i.test(reference) || reference.startsWith('//')) {
    throw new Error(`the renderer loads remote script ${reference}`)
  }
  const file = reference.startsWith('/') ? join(rendererDir, reference) : resolve(from, reference)
  if (relative(rendererDir, file).startsWith(`..${sep}`) || !existsSync(file)) {
    throw new Error(`index.html references ${reference}, which is not in out/renderer`)
  }
  return file
}

export async function run(): Promise<Metrics> {
  ensureBuilt()
  const html = readFileSync(rendererIndex, 'utf8')
  const entries = attributeValues(html, /<script\b[^>]*>/gi, 'src')
  const preloads = attributeValues(
    html,
    /<link\b[^>]*\brel\s*=\s*["']?modulepreload\b[^>]*>/gi,
    'href'
  )
  if (entries.length === 0) throw new Error('out/renderer/index.html references no script')

  // Entry scripts, their modulepreload links, and anything they import statically in turn.
  const files = new Set<string>()
  const queue = [...entries, ...preloads].map((ref) => resolveInRenderer(rendererDir, ref))
  while (queue.length > 0) {
    const file = queue.shift() as string
    if (files.has(file)) continue
    files.add(file)
    for (const ref of staticImports(readFileSync(file, 'utf8'))) {
      if (ref.startsWith('.') || ref.startsWith('/'))
        queue.push(resolveInRenderer(dirname(file), ref))
    }
  }

  let gzipped = 0
  for (const file of files) gzipped += gzipSync(readFileSync(file), { level: 9 }).length
  console.log(
    `bench renderer-size: initial JavaScript is ${[...files].map((f) => relative(rendererDir, f)).join(', ')}`
  )
  return { renderer_initial_js_gzip: { value: gzipped, unit: 'bytes' } }
}
