// How a hub kind reads a key's IP list (what an empty list means, which families it takes), declared in its capabilities; shared by adapters, the IP-filter logic and the editor.
import { z } from 'zod'

export const ipListSemanticsSchema = z
  .object({
    /**
     * What the hub does with a key whose list is empty: lets every address through (no filter),
     * or none (an allow-list with nothing on it).
     */
    emptyList: z.enum(['allows-all', 'denies-all']),
    /** The address families its rules may use. */
    families: z
      .array(z.union([z.literal(4), z.literal(6)]))
      .min(1)
      .max(2)
  })
  .strict()
export type IpListSemantics = z.output<typeof ipListSemanticsSchema>

/** The hub an IP list is meant for, as the lint and the simulator word their answers. */
export interface IpHubContext {
  /** The hub kind as people call it ("Cycle", "SAWS Owl Data Hub"). */
  label: string
  /** How it reads the list; absent when its keys carry no IP rules at all. */
  semantics?: IpListSemantics
}
