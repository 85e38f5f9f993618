// The Owl Data Hub kind: its module, the generic-token generator and the probe body; runs in main.
export { datahubCapabilities, datahubHub, datahubProbeBody, exportTarget } from './datahub.adapter'
export { generateDatahubToken } from './datahub.token'
