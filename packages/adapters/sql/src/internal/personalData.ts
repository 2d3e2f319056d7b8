/**
 * `EngagementRepo.replacePersonalData` over a `SqlClient`: the engagement's next version and its
 * ledger entries (through `commit`, so the version guard is the same), and the engagement's stored
 * outbox messages rewritten, in one transaction. No ledger row is updated: the ledger is
 * append-only, and the triggers would refuse it.
 *
 * @internal
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import { type EngagementRepo, Outbox } from "@liaison/core"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { atomically, decoder, encoder, fromSqlError } from "./codec.js"
import type { Names } from "./tables.js"

type Repo = EngagementRepo.EngagementRepo["Type"]

const encodeMessage = encoder(Outbox.Message, "outbox message")

/** The port's method, committing through the repository's own `commit`. */
export const make = (sql: SqlClient.SqlClient, t: Names, commit: Repo["commit"]): Repo["replacePersonalData"] => {
  const decodeMessage = decoder(Outbox.Message, t.outbox)
  const transaction = atomically(sql)
  return (replacement) => {
    const id = replacement.engagement.id
    const write = Effect.gen(function* () {
      yield* commit({
        engagement: replacement.engagement,
        expectedVersion: replacement.expectedVersion,
        ledger: replacement.ledger,
        outbox: []
      })
      const rows = yield* sql<{ id: string; json: string }>`SELECT id, json FROM ${sql(t.outbox)}
        WHERE engagement_id = ${id}`
      for (const row of rows) {
        const message = yield* decodeMessage("replacePersonalData", row.id, row.json)
        const json = encodeMessage("replacePersonalData", row.id, replacement.message(message))
        if (Either.isLeft(json)) return yield* json.left
        if (json.right !== row.json) yield* sql`UPDATE ${sql(t.outbox)} SET json = ${json.right} WHERE id = ${row.id}`
      }
    })
    return transaction(write).pipe(
      Effect.catchTag("SqlError", fromSqlError("replacePersonalData")),
      Effect.withSpan("SqlStorage.EngagementRepo.replacePersonalData", { attributes: { engagement: id } })
    )
  }
}
