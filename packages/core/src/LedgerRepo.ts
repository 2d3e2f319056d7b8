/**
 * The ledger store port (台帐): append-only. There is no way to change or remove an entry.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Ledger from "./Ledger.js"
import type { StorageError } from "./StorageError.js"

/**
 * The port.
 *
 * @since 0.1.0
 * @category ports
 */
export class LedgerRepo extends Context.Tag("@liaison/core/LedgerRepo")<
  LedgerRepo,
  {
    /** Appends entries outside any engagement change (a P1 contact); all or none. */
    readonly append: (entries: ReadonlyArray<Ledger.Entry>) => Effect.Effect<void, StorageError>
    /** Entries matching the query, oldest first. */
    readonly query: (query: Ledger.Query) => Effect.Effect<ReadonlyArray<Ledger.Entry>, StorageError>
  }
>() {}
