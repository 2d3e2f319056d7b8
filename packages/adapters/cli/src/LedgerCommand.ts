/**
 * `liaison ledger`: the ledger (台帐) of a period, with its totals, from a database.
 *
 * The entries the actor may see whose date (in the zone they were recorded in) lies from `--from`
 * to `--to`, oldest first, optionally of one engagement, counterpart, tier, owner or kind; then the
 * totals: entries by kind, the settled costs by quarter (per currency, by tier and counterpart) and
 * the invoice numbers used in more than one settlement.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { Ledger, Money } from "@liaison/core"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { localDate } from "./internal/inputs.js"
import { respond } from "./internal/respond.js"
import * as Store from "./internal/store.js"
import { table } from "./internal/text.js"

const encodeEntry = Schema.encodeSync(Ledger.Entry)
const encodeMoney = Schema.encodeSync(Money.Money)

const text = (name: string, description: string) =>
  Options.text(name).pipe(Options.withDescription(description), Options.optional)

const field = <K extends string>(key: K, value: Option.Option<string>): { readonly [k in K]?: string } =>
  Option.match(value, { onNone: () => ({}), onSome: (v) => ({ [key]: v }) as { readonly [k in K]?: string } })

/**
 * `liaison ledger --from YYYY-MM-DD --to YYYY-MM-DD`: `{"from", "to", "entries": [{"id", "at",
 * "actor", "kind", "engagementId"?, "from"?, "to"?, "reason", "counterpart", "amount"?, …}],
 * "totals": {"entries", "byKind", "costs": [{"quarter", "currency", "total", "byTier",
 * "byCounterpart", "entries"}]}, "anomalies": [{"_tag": "DuplicateInvoice", …}]}`.
 *
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make(
  "ledger",
  {
    from: Options.text("from").pipe(
      Options.withPseudoName("YYYY-MM-DD"),
      Options.withDescription("The first day of the period (an entry's date in the zone it was recorded in).")
    ),
    to: Options.text("to").pipe(
      Options.withPseudoName("YYYY-MM-DD"),
      Options.withDescription("The last day of the period (included).")
    ),
    engagement: text("engagement", "Only the entries of this engagement."),
    counterpart: text("counterpart", "Only the entries of this counterpart (the guest organisation)."),
    tier: text("tier", "Only the entries of this client tier."),
    owner: text("owner", "Only the entries of engagements this person owns."),
    kind: Options.choice("kind", ["transition", "budgetVerdicts", "contact"]).pipe(
      Options.withDescription("Only entries of this kind; repeatable."),
      Options.repeated
    ),
    ...Store.acting
  },
  (args) =>
    respond(
      args.json,
      Effect.gen(function* () {
        const from = yield* localDate("--from", args.from)
        const to = yield* localDate("--to", args.to)
        const query: Ledger.Query = {
          from,
          to,
          ...field("engagementId", args.engagement),
          ...field("counterpart", args.counterpart),
          ...field("tier", args.tier),
          ...field("ownerId", args.owner),
          ...(args.kind.length > 0 ? { kinds: args.kind } : {})
        }
        return yield* Store.withOffice(args, ({ actor, engagements }) =>
          Effect.map(engagements.ledger(actor, query), (entries) => {
            const byKind: Record<string, number> = {}
            for (const e of entries) byKind[e.kind] = (byKind[e.kind] ?? 0) + 1
            const costs = Ledger.quarterlyCosts(entries)
            const anomalies = Ledger.anomalies([], entries)
            return {
              json: {
                from,
                to,
                entries: entries.map((e) => encodeEntry(e)),
                totals: {
                  entries: entries.length,
                  byKind,
                  costs: costs.map((q) => ({
                    quarter: q.quarter,
                    currency: q.currency,
                    total: encodeMoney(q.total),
                    byTier: q.byTier.map((t) => ({ tier: t.tier, total: encodeMoney(t.total) })),
                    byCounterpart: q.byCounterpart.map((c) => ({
                      counterpart: c.counterpart,
                      total: encodeMoney(c.total)
                    })),
                    entries: q.entries
                  }))
                },
                anomalies
              },
              text: [
                `Ledger ${from} to ${to}: ${entries.length} ${entries.length === 1 ? "entry" : "entries"}${
                  entries.length === 0
                    ? "."
                    : ` (${Object.entries(byKind)
                        .map(([k, n]) => `${k} ${n}`)
                        .join(", ")}).`
                }`,
                ...table(
                  entries.map((e) => [
                    DateTime.formatIsoOffset(e.at).slice(0, 16).replace("T", " "),
                    e.actor.name,
                    e.engagementId ?? "",
                    e.to ?? e.kind,
                    `${e.reason}${e.amount !== undefined ? ` [${Money.format(e.amount)}]` : ""}`
                  ])
                ).map((l) => `  ${l}`),
                "",
                costs.length === 0 ? "Costs: no settlement in the period." : "Costs (settlements and contacts):",
                ...costs.map(
                  (q) =>
                    `  ${q.quarter} ${Money.format(q.total)} in ${q.entries} ${q.entries === 1 ? "entry" : "entries"}; by tier ${q.byTier.map((t) => `${t.tier} ${Money.format(t.total)}`).join(", ")}`
                ),
                anomalies.length === 0
                  ? "Anomalies: none."
                  : `Anomalies: ${anomalies
                      .map((a) =>
                        a._tag === "DuplicateInvoice"
                          ? `invoice ${a.invoice} in ${a.entries.join(" and ")}`
                          : `${a.guest.name} again after ${a.daysApart} days`
                      )
                      .join("; ")}.`
              ]
            }
          })
        )
      })
    )
).pipe(Command.withDescription("The ledger (台帐) of a period, with entries by kind, quarterly costs and anomalies."))
