// Compile-time guard (tsconfig.node.json only): the real test core fits the shape fake-api.ts loads at run time.
import type { CoreLike } from './fake-api'
import { createTestCore } from './test-core'

/** If the core's dispatch, events or close stop matching CoreLike, `tsc -p tsconfig.node.json` fails here. */
export const realCoreFitsFakeApi: () => CoreLike = createTestCore
