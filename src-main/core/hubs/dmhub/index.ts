// The BSC DM-Hub kind: its module (capabilities, connection check, adapter factory); runs in main.
export { dmhubCapabilities, dmhubHub, storagePoints } from './dmhub.adapter'
