// Vitest setup: every test process gets Node's platform, as the app's entry points do.
import '../../src-main/adapters/platform/install-node-platform'
