// Playwright global setup (node): builds the app first when the build output is missing, so `playwright test` runs alone.
import { ensureBuilt } from '../helpers/spawn-web-mode'

export default function globalSetup(): void {
  // `npm test` builds right before Playwright, so this is a no-op there.
  ensureBuilt()
}
