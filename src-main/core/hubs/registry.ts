// Every hub kind Hubkeys supports, by kind; the composition roots hand this to the core.
import type { HubModules } from '../connections/connections.service'
import { cycleHub } from './cycle'
import { datahubHub } from './datahub'
import { dctHub } from './dct'
import { dmhubHub } from './dmhub'
import { optidashHub } from './optidash'

export const hubModules: HubModules = {
  cycle: cycleHub,
  dct: dctHub,
  optidash: optidashHub,
  datahub: datahubHub,
  dmhub: dmhubHub
}
