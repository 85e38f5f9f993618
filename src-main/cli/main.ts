// The `hubkeys` command line: runs the core in-process for scripting and headless use (stub).
import { appVersion } from '../adapters/paths/app-version'

console.log(`hubkeys ${appVersion}`)
