// The app's version, read from package.json at build time; used by every composition root.
import { version } from '../../../package.json'

export const appVersion: string = version
