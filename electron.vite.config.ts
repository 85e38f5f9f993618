// Build config for the three bundles: main-process entries (desktop, web, CLI), the preload and the renderer.
import { createHash } from 'node:crypto'
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import react from '@vitejs/plugin-react'
import {
  contentSecurityPolicyFor,
  cspHashManifestFile,
  metaContentSecurityPolicy,
  type CspHashManifest
} from './src-main/core/security/csp'

const root = import.meta.dirname

/** The web-mode bridge: an entry of its own that only web mode's server adds to the page. */
const webBridgeFile = 'web-bridge.js'

/**
 * Makes the renderer's script policy hash-based (src-main/core/security/csp.ts says why): hashes
 * every script the page loads (entry, modulepreload chunks, and the web bridge that web mode adds),
 * gives each tag in index.html its `integrity`, writes the policy into the meta tag and the hashes
 * to csp-hashes.json, which the app:// protocol and web mode read for the header. It runs last, on
 * the final chunk code, and fails the build rather than leave a script the policy would refuse.
 */
const cspHashes = (): Plugin => ({
  name: 'hubkeys:csp-hashes',
  apply: 'build',
  enforce: 'post',
  generateBundle: {
    order: 'post',
    handler(_options, bundle) {
      const html = bundle['index.html']
      if (html?.type !== 'asset' || typeof html.source !== 'string')
        return this.error('csp-hashes: the build emitted no index.html')
      const hashes = new Map<string, string>()
      for (const file of Object.values(bundle)) {
        if (file.type === 'chunk')
          hashes.set(
            file.fileName,
            `sha256-${createHash('sha256').update(file.code).digest('base64')}`
          )
      }
      const scripts: CspHashManifest['scripts'] = {}
      const hashOf = (fileName: string): string => {
        const hash = hashes.get(fileName)
        if (!hash) return this.error(`csp-hashes: index.html loads ${fileName}, not a built chunk`)
        scripts[fileName] = hash
        return hash
      }
      hashOf(webBridgeFile)
      let page = html.source.replace(/<(script|link)\b[^>]*>/g, (tag, name: string) => {
        if (name === 'link' && !/\brel="modulepreload"/.test(tag)) return tag
        const url = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1]
        if (!url) return this.error(`csp-hashes: an inline script has no hash source: ${tag}`)
        if (/\bintegrity=/.test(tag)) return this.error(`csp-hashes: integrity already set: ${tag}`)
        // Relative to index.html at the renderer folder's top, as the page resolves it.
        const fileName = new URL(url, 'https://renderer.invalid/').pathname.slice(1)
        // Right after the tag name, so a self-closing `<link ... />` stays well formed.
        return tag.replace(/^<\w+/, (start) => `${start} integrity="${hashOf(fileName)}"`)
      })
      // A chunk only reached through import() would load without integrity metadata and be refused.
      const unlisted = [...hashes.keys()].filter((fileName) => !(fileName in scripts))
      if (unlisted.length > 0)
        return this.error(
          `csp-hashes: ${unlisted.join(', ')} would load without integrity; list lazy chunks in an import map with their integrity (see csp.ts)`
        )
      const manifest: CspHashManifest = { scripts }
      const meta = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")[^"]*"/g
      if (page.match(meta)?.length !== 1)
        return this.error('csp-hashes: index.html needs exactly one Content-Security-Policy meta')
      page = page.replace(
        meta,
        (_match, start: string) =>
          `${start}${metaContentSecurityPolicy(contentSecurityPolicyFor(manifest))}"`
      )
      html.source = page
      this.emitFile({
        type: 'asset',
        fileName: cspHashManifestFile,
        source: `${JSON.stringify(manifest, null, 2)}\n`
      })
    }
  }
})

export default defineConfig({
  main: {
    build: {
      // The CLI and web mode run on plain Node (engines: >=20.19), so newer syntax such as the
      // `using` declarations that dispose Secrets is lowered for it, not only for Electron's V8.
      target: 'node20',
      outDir: resolve(root, 'out/main'),
      rolldownOptions: {
        // Node entry points share one build; only `main` runs inside Electron.
        input: {
          main: resolve(root, 'src-main/electron/main.ts'),
          web: resolve(root, 'src-main/web/serve.ts'),
          cli: resolve(root, 'src-main/cli/main.ts'),
          launch: resolve(root, 'src-main/launcher/launch.ts')
        },
        output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' }
      }
    }
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      rolldownOptions: {
        input: { index: resolve(root, 'src-preload/index.ts') },
        // A sandboxed preload cannot load ES modules: CommonJS, one file, no chunks.
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false }
      }
    }
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [react(), cspHashes()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      minify: true,
      sourcemap: false,
      rolldownOptions: {
        input: {
          index: resolve(root, 'src-renderer/index.html'),
          // The web-mode stand-in for the preload. It ships beside the bundle but only the web
          // server references it, so Electron and the browser load byte-identical renderer code.
          'web-bridge': resolve(root, 'src-preload/web-bridge.ts')
        },
        output: {
          entryFileNames: (chunk) =>
            chunk.name === 'web-bridge' ? webBridgeFile : 'assets/[name]-[hash].js'
        }
      }
    }
  }
})
