// Build config for the three bundles: main-process entries (desktop, web, CLI), the preload and the renderer.
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

const root = import.meta.dirname

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
    plugins: [react()],
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
            chunk.name === 'web-bridge' ? 'web-bridge.js' : 'assets/[name]-[hash].js'
        }
      }
    }
  }
})
