// Vitest config: node tests under test/unit and test/integration, component tests in happy-dom.
import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

export default defineConfig({
  plugins: [react()],
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/e2e/**', 'node_modules/**', 'out/**'],
    environment: 'node',
    // Core needs its host primitives installed, as every entry point does first.
    setupFiles: ['test/setup/install-platform.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // electron-store imports electron; inlining it lets a test's vi.mock('electron') reach it (the
    // real package would try to download Electron's binary).
    server: { deps: { inline: ['electron-store'] } }
  }
})
