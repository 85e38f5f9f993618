// Imported first by every Node entry point: installs Node's crypto and zlib as the core's platform.
import { installPlatform } from '../../core/ports/platform.port'
import { nodePlatform } from './node-platform'

installPlatform(nodePlatform)
