/**
 * The contract every `LedgerRepo` backend keeps (台帐: append-only, queried by period, engagement,
 * counterpart, tier, owner and kind, oldest first): written once and run against each of them —
 * memory here, SQLite and PostgreSQL in the storage adapters.
 *
 * The suite shares one layer between its tests, as an application shares one database: every test
 * makes its own ids, owners and counterparts, and only looks at what it wrote. Entries recorded at
 * the same instant may come back in either order.
 */
import { describe, expect, layer } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import { type EngagementRepo, Ledger, LedgerRepo, LocalDate, Money, type Outbox } from "../../src/index.js"
import { AWKWARD, at, clerk, everyEntryField, fresh } from "./storageFixtures.js"

type Backend = Layer.Layer<EngagementRepo.EngagementRepo | LedgerRepo.LedgerRepo | Outbox.Outbox, unknown>

const d = LocalDate.unsafeMake
const AT2 = at("2026-03-02T15:00:00+08:00")

/** A contact entry (P1 台帐) of an owner, at an instant. */
const contact = (
  id: string,
  ownerId: string,
  when: DateTime.Zoned,
  overrides: Partial<Ledger.Entry> = {}
): Ledger.Entry => ({
  ...Ledger.contact({
    id,
    at: when,
    actor: clerk,
    counterpart: "区市场监督管理局",
    situation: "季度走访",
    result: "顺利",
    cost: Money.yuan(300),
    ownerId
  }),
  ...overrides
})

const ids = (entries: ReadonlyArray<Ledger.Entry>) => entries.map((e) => e.id)
const sortedIds = (entries: ReadonlyArray<Ledger.Entry>) => ids(entries).sort()

/** Entries come back oldest first: never a later instant before an earlier one. */
const expectOldestFirst = (entries: ReadonlyArray<Ledger.Entry>) => {
  for (let i = 1; i < entries.length; i++) {
    expect(DateTime.toEpochMillis(entries[i - 1]!.at)).toBeLessThanOrEqual(DateTime.toEpochMillis(entries[i]!.at))
  }
}

/**
 * Runs the contract against a backend.
 *
 * @param name what the backend is ("memory", "SQLite", "PostgreSQL")
 * @param backend a layer serving the three ports over one store; built once for the suite
 */
export const ledgerRepoContract = (name: string, backend: Backend) =>
  describe(`LedgerRepo contract: ${name}`, () => {
    layer(backend)((it) => {
      it.effect("appends entries and finds them again", () =>
        Effect.gen(function* () {
          const ledger = yield* LedgerRepo.LedgerRepo
          const p = yield* fresh
          const entries = [
            contact(`${p}-1`, `${p}-owner`, at("2026-03-02T10:00:00+08:00")),
            contact(`${p}-2`, `${p}-owner`, at("2026-03-03T10:00:00+08:00"))
          ]
          yield* ledger.append(entries)
          expect(yield* ledger.query({ ownerId: `${p}-owner` })).toEqual(entries)
        })
      )

      it.effect("appends nothing for an empty batch", () =>
        Effect.gen(function* () {
          const ledger = yield* LedgerRepo.LedgerRepo
          const p = yield* fresh
          yield* ledger.append([])
          expect(yield* ledger.query({ ownerId: `${p}-owner` })).toEqual([])
        })
      )

      it.effect(
        "returns entries oldest first by instant, whatever their zones and the order they were appended in",
        () =>
          Effect.gen(function* () {
            const ledger = yield* LedgerRepo.LedgerRepo
            const p = yield* fresh
            const owner = `${p}-owner`
            // 01:30Z, 02:00Z, 03:00Z on 1 March: their local texts sort the other way round.
            const newYork = contact(`${p}-ny`, owner, at("2026-02-28T20:30:00-05:00", "America/New_York"))
            const shanghai = contact(`${p}-sh`, owner, at("2026-03-01T10:00:00+08:00"))
            const utc = contact(`${p}-utc`, owner, at("2026-03-01T03:00:00Z", "UTC"))
            yield* ledger.append([utc])
            yield* ledger.append([shanghai, newYork])
            const found = yield* ledger.query({ ownerId: owner })
            expect(ids(found)).toEqual([`${p}-ny`, `${p}-sh`, `${p}-utc`])
            expectOldestFirst(found)
          })
      )

      it.effect("queries by engagement", () =>
        Effect.gen(function* () {
          const ledger = yield* LedgerRepo.LedgerRepo
          const p = yield* fresh
          const mine = [
            contact(`${p}#0`, `${p}-owner`, at("2026-03-02T10:00:00+08:00"), { kind: "transition", engagementId: p }),
            contact(`${p}#1`, `${p}-owner`, at("2026-03-02T11:00:00+08:00"), { kind: "transition", engagementId: p })
          ]
          yield* ledger.append([
            ...mine,
            contact(`${p}-x#0`, `${p}-owner`, AT2, { kind: "transition", engagementId: `${p}-x` })
          ])
          expect(yield* ledger.query({ engagementId: p })).toEqual(mine)
        })
      )

      it.effect("queries by counterpart, exactly", () =>
        Effect.gen(function* () {
          const ledger = yield* LedgerRepo.LedgerRepo
          const p = yield* fresh
          const unit = `${p} 区税务局 "稽查" 'O'Brien' 🎉`
          const mine = contact(`${p}-1`, `${p}-owner`, AT2, { counterpart: unit })
          yield* ledger.append([
            mine,
            contact(`${p}-2`, `${p}-owner`, AT2, { counterpart: `${unit} 分局` }),
            contact(`${p}-3`, `${p}-owner`, AT2, { counterpart: unit.toUpperCase() })
          ])
          expect(ids(yield* ledger.query({ counterpart: unit }))).toEqual([`${p}-1`])
        })
      )

      it.effect("queries by tier and by owner", () =>
        Effect.gen(function* () {
          const ledger = yield* LedgerRepo.LedgerRepo
          const p = yield* fresh
          const owner = `${p}-owner`
          yield* ledger.append([
            contact(`${p}-a`, owner, AT2, { tier: "A" }),
            contact(`${p}-b`, owner, AT2, { tier: "B" }),
            contact(`${p}-none`, owner, AT2),
            contact(`${p}-other`, `${p}-else`, AT2, { tier: "A" })
          ])
          expect(ids(yield* ledger.query({ ownerId: owner, tier: "A" }))).toEqual([`${p}-a`])
          expect(sortedIds(yield* ledger.query({ ownerId: owner }))).toEqual([`${p}-a`, `${p}-b`, `${p}-none`].sort())
          expect(ids(yield* ledger.query({ ownerId: `${p}-else` }))).toEqual([`${p}-other`])
        })
      )

      it.effect("queries by any of the kinds given", () =>
        Effect.gen(function* () {
          const ledger = yield* LedgerRepo.LedgerRepo
          const p = yield* fresh
          const owner = `${p}-owner`
          yield* ledger.append([
            contact(`${p}-t`, owner, AT2, { kind: "transition" }),
            contact(`${p}-v`, owner, AT2, { kind: "budgetVerdicts" }),
            contact(`${p}-c`, owner, AT2)
          ])
          expect(ids(yield* ledger.query({ ownerId: owner, kinds: ["contact"] }))).toEqual([`${p}-c`])
          expect(sortedIds(yield* ledger.query({ ownerId: owner, kinds: ["transition", "budgetVerdicts"] }))).toEqual(
            [`${p}-t`, `${p}-v`].sort()
          )
        })
      )

      it.effect("queries a period by the entry's local date in the zone it was recorded in, both ends inclusive", () =>
        Effect.gen(function* () {
          const ledger = yield* LedgerRepo.LedgerRepo
          const p = yield* fresh
          const owner = `${p}-owner`
          yield* ledger.append([
            contact(`${p}-q1-first`, owner, at("2026-01-01T00:00:00+08:00")),
            // 31 March where recorded, 31 March in UTC.
            contact(`${p}-q1-late`, owner, at("2026-03-31T23:30:00+08:00")),
            // 31 March where recorded, 1 April in UTC.
            contact(`${p}-q1-ny`, owner, at("2026-03-31T21:00:00-04:00", "America/New_York")),
            // 1 April where recorded, 31 March in UTC.
            contact(`${p}-q2-early`, owner, at("2026-04-01T00:30:00+08:00")),
            contact(`${p}-q2-last`, owner, at("2026-06-30T23:59:59.999+08:00"))
          ])
          const q1 = yield* ledger.query({ ownerId: owner, from: d("2026-01-01"), to: d("2026-03-31") })
          expect(sortedIds(q1)).toEqual([`${p}-q1-first`, `${p}-q1-late`, `${p}-q1-ny`].sort())
          expectOldestFirst(q1)
          const q2 = yield* ledger.query({ ownerId: owner, from: d("2026-04-01"), to: d("2026-06-30") })
          expect(ids(q2)).toEqual([`${p}-q2-early`, `${p}-q2-last`])
          expect(ids(yield* ledger.query({ ownerId: owner, from: d("2026-06-30") }))).toEqual([`${p}-q2-last`])
          expect(ids(yield* ledger.query({ ownerId: owner, to: d("2026-01-01") }))).toEqual([`${p}-q1-first`])
        })
      )

      it.effect("combines every filter given, and answers as Ledger.matches does", () =>
        Effect.gen(function* () {
          const ledger = yield* LedgerRepo.LedgerRepo
          const p = yield* fresh
          const owner = `${p}-owner`
          const base = contact(`${p}-match`, owner, at("2026-05-05T12:00:00+08:00"), {
            kind: "transition",
            engagementId: p,
            tier: "C",
            counterpart: `${p} 华东家具集团`
          })
          const all = [
            base,
            { ...base, id: `${p}-kind`, kind: "contact" as const },
            { ...base, id: `${p}-tier`, tier: "D" },
            { ...base, id: `${p}-unit`, counterpart: `${p} 华南` },
            { ...base, id: `${p}-date`, at: at("2026-06-05T12:00:00+08:00") },
            { ...base, id: `${p}-engagement`, engagementId: `${p}-x` }
          ]
          yield* ledger.append(all)
          const query: Ledger.Query = {
            ownerId: owner,
            engagementId: p,
            counterpart: `${p} 华东家具集团`,
            tier: "C",
            kinds: ["transition"],
            from: d("2026-05-01"),
            to: d("2026-05-31")
          }
          const found = yield* ledger.query(query)
          expect(found).toEqual([base])
          expect(found).toEqual(all.filter((e) => Ledger.matches(e, query)))
        })
      )

      it.effect("refuses a batch with an id already stored, and appends none of it", () =>
        Effect.gen(function* () {
          const ledger = yield* LedgerRepo.LedgerRepo
          const p = yield* fresh
          const owner = `${p}-owner`
          const first = contact(`${p}-1`, owner, AT2)
          yield* ledger.append([first])
          const error = yield* Effect.flip(
            ledger.append([contact(`${p}-2`, owner, AT2), contact(`${p}-1`, owner, AT2, { reason: "changed 改了" })])
          )
          expect(error._tag).toBe("StorageError")
          expect(yield* ledger.query({ ownerId: owner })).toEqual([first])
        })
      )

      it.effect("refuses a batch that repeats an id within itself, and appends none of it", () =>
        Effect.gen(function* () {
          const ledger = yield* LedgerRepo.LedgerRepo
          const p = yield* fresh
          const owner = `${p}-owner`
          const error = yield* Effect.flip(
            ledger.append([contact(`${p}-1`, owner, AT2), contact(`${p}-2`, owner, AT2), contact(`${p}-1`, owner, AT2)])
          )
          expect(error._tag).toBe("StorageError")
          expect(yield* ledger.query({ ownerId: owner })).toEqual([])
        })
      )

      it.effect(
        "round-trips every field of an entry exactly: money, zoned instants, verdicts, unicode, emoji, quotes",
        () =>
          Effect.gen(function* () {
            const ledger = yield* LedgerRepo.LedgerRepo
            const p = yield* fresh
            const full = everyEntryField(`${p}-full`, `${p}-engagement`)
            const bare = contact(`${p}-bare`, full.ownerId, AT2, { engagementId: `${p}-engagement`, reason: AWKWARD })
            const { amount: _a, situation: _s, result: _r, ...smallest } = bare
            const zeroDigits = {
              ...contact(`${p}-yen`, full.ownerId, AT2),
              engagementId: `${p}-engagement`,
              amount: Money.make(1, "JPY" as Money.Currency)
            }
            yield* ledger.append([full, smallest, zeroDigits])
            const found = yield* ledger.query({ engagementId: `${p}-engagement` })
            expect(found.find((e) => e.id === full.id)).toEqual(full)
            const readSmallest = found.find((e) => e.id === smallest.id)!
            expect(readSmallest).toEqual(smallest)
            expect(Object.keys(readSmallest).sort()).toEqual(Object.keys(smallest).sort())
            expect(found.find((e) => e.id === zeroDigits.id)?.amount).toEqual(Money.make(1, "JPY" as Money.Currency))
          })
      )
    })
  })
