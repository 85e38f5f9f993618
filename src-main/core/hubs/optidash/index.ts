// The Optidash hub kind: its module (capabilities, connection check, adapter factory); runs in main.
export { optidashCapabilities, optidashHub } from './optidash.adapter'
