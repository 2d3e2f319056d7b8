/**
 * Fuzz: the core's commands with random, valid-typed but hostile arguments: calendar arithmetic on
 * random calendars with dates from year 1 to 9999 and counts up to millions, deadline rules evaluated
 * against far-out dates, budget checks of random facts and expenses, plans of random procedures, and
 * the engagement lifecycle on memory storage with random actors and commands. Each call must return
 * a value or a typed error, never throw, never die, never hang.
 */
import * as Arbitrary from "effect/Arbitrary"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FC from "effect/FastCheck"
import * as Layer from "effect/Layer"
import type * as Schema from "effect/Schema"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Core from "../../src/index.js"
import {
  ApprovalRouting,
  ApprovedBudget,
  BudgetPolicy,
  BusinessCalendar,
  ClientTier,
  Deadline,
  Directory,
  Engagement,
  Engagements,
  Expense,
  LocalDate,
  MemoryStorage,
  Money,
  OfficialCalendars,
  Plan,
  Procedure,
  ProcedureCatalog,
  ReceptionApplication
} from "../../src/index.js"
import * as Arb from "../../src/testing.js"
import { initial, resolve, step } from "../engagementArbitraries.js"
import { people, policies } from "../engagementFixtures.js"
import * as Corpus from "./corpus.js"
import {
  check,
  checkAsync,
  FuzzFailure,
  type KnownFailure,
  params,
  reportAfterAll,
  running,
  SEED,
  typedEither,
  typedExit
} from "./fuzz.js"
import { nastyTexts } from "./inputs.js"

/**
 * Failures found and not fixed yet (printed with their count and first input when met; any other
 * failure of the same target still fails it). None at present: the date arithmetic past 9999-12-31
 * or before 0001-01-01 found here now answers typed errors (`LocalDate.addDays`,
 * `ClientTier.leaderAnnouncement`, `BusinessCalendar`'s working-hours functions and `localDateOfEither`).
 */
const known: ReadonlyArray<KnownFailure> = []

const MIN = "0001-01-01" as LocalDate.LocalDate
const MAX = "9999-12-31" as LocalDate.LocalDate

/** Dates over all of `YYYY-MM-DD`, weighted towards the calendar's data and the edges. */
const date: fc.Arbitrary<LocalDate.LocalDate> = fc.oneof(
  Arb.localDate({ min: "2003-01-01" as LocalDate.LocalDate, max: "2028-12-31" as LocalDate.LocalDate }),
  Arb.localDate({ min: MIN, max: MAX }),
  fc.constantFrom(MIN, MAX, "9999-12-30", "0001-01-02", "2026-02-24", "2027-01-01").map((d) => d as LocalDate.LocalDate)
)

/** Text passed where a date is expected (hosts pass strings): dates, and text that is not one. */
const dateText: fc.Arbitrary<LocalDate.LocalDate> = fc.oneof(
  { arbitrary: date, weight: 6 },
  { arbitrary: fc.constantFrom(...nastyTexts).map((t) => t as LocalDate.LocalDate), weight: 1 },
  { arbitrary: fc.string().map((t) => t as LocalDate.LocalDate), weight: 1 }
)

/** Counts, from small to past any calendar. */
const count: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.integer({ min: -30, max: 30 }), weight: 4 },
  { arbitrary: fc.integer({ min: -5_000_000, max: 5_000_000 }), weight: 2 },
  { arbitrary: fc.integer(), weight: 1 },
  {
    arbitrary: fc.constantFrom(
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      1.5,
      -0,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      1e21
    ),
    weight: 1
  }
)

const calendar: fc.Arbitrary<BusinessCalendar.BusinessCalendar> = fc.oneof(
  fc.constant(OfficialCalendars.cnMainland),
  fc.constant(
    Either.getOrThrow(
      BusinessCalendar.weekendsOnly({
        timeZone: "Asia/Shanghai",
        from: "2000-01-01" as LocalDate.LocalDate,
        to: "2030-12-31" as LocalDate.LocalDate
      })
    )
  ),
  Arb.calendar()
)

const beyond = fc.constantFrom(
  undefined,
  { beyondCoverage: "fail" as const },
  { beyondCoverage: "provisional" as const }
)

/** An instant: a date's midnight in Shanghai, or a far-out one. */
const instant: fc.Arbitrary<DateTime.DateTime> = fc
  .oneof(
    fc.integer({ min: Date.parse("2000-01-01"), max: Date.parse("2030-01-01") }),
    fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_000 })
  )
  .map((millis) => DateTime.unsafeMakeZoned(millis, { timeZone: "Asia/Shanghai" }))

/** A moment as hosts pass it: a date, an ISO instant, an instant value, or hostile text. */
const moment: fc.Arbitrary<Deadline.MomentInput> = fc.oneof(
  date,
  instant,
  fc.constantFrom(...nastyTexts),
  date.map((d) => `${d}T09:30:00+08:00`)
)

/** Checks a result that is a date (when typed as one) really is one. */
const isDate = (u: unknown): void => {
  if (u !== undefined && !LocalDate.isLocalDate(u))
    throw new FuzzFailure("wrong", `not a real date: ${JSON.stringify(u)}`)
}

/** Runs a synchronous property over fast-check 4 arbitraries. */
const prop = <T>(target: string, arbitrary: fc.Arbitrary<T>, run: (input: T) => unknown, weight = 1) =>
  it(target, async () => {
    await running(target, () =>
      fc.assert(
        fc.property(arbitrary, (input) => check(known, target, input, () => run(input))),
        params(target, weight)
      )
    )
  })

/** Runs an Effect property: the Exit must be a success or typed failures. */
const propEffect = <T>(
  target: string,
  arbitrary: fc.Arbitrary<T>,
  run: (input: T) => Effect.Effect<unknown, unknown>,
  weight = 1
) =>
  it(target, async () => {
    await running(target, () =>
      fc.assert(
        fc.asyncProperty(arbitrary, (input) =>
          checkAsync(known, target, input, async () => typedExit(await Effect.runPromiseExit(run(input))))
        ),
        params(target, weight)
      )
    )
  })

/** Values of a Schema for commands, drawn once from its arbitrary (effect's fast-check 3). */
const poolOf = <A, I>(schema: Schema.Schema<A, I>, n = 60): fc.Arbitrary<A> =>
  fc.constantFrom(...FC.sample(Arbitrary.make(schema), { numRuns: n, seed: SEED }))

reportAfterAll("commands")

describe("fuzz: core commands", () => {
  describe("LocalDate", () => {
    prop("LocalDate.addDays", fc.tuple(date, count), ([d, n]) => {
      isDate(typedEither(LocalDate.addDays(d, n)))
    })
    prop("LocalDate.fromParts", fc.tuple(count, count, count), ([y, m, d]) => {
      isDate(typedEither(LocalDate.fromParts(y, m, d)))
    })
    prop("LocalDate.daysBetween, weekday, parts", fc.tuple(date, date), ([a, b]) => {
      const n = LocalDate.daysBetween(a, b)
      if (!Number.isSafeInteger(n)) throw new FuzzFailure("wrong", `daysBetween gave ${n}`)
      if (LocalDate.weekday(a) < 1 || LocalDate.weekday(a) > 7) throw new FuzzFailure("wrong", "weekday out of 1-7")
      const { year, month, day } = LocalDate.parts(a)
      isDate(typedEither(LocalDate.fromParts(year, month, day)))
    })
  })

  describe("BusinessCalendar", () => {
    prop(
      "BusinessCalendar.addWorkingDays, nextWorkingDay, previousWorkingDay",
      fc.tuple(calendar, dateText, count, beyond),
      ([cal, d, n, options]) => {
        const o = options ?? {}
        const r = typedEither(BusinessCalendar.addWorkingDays(cal, d, n, o as never))
        if (r !== undefined) isDate((r as { value: unknown }).value ?? r)
        typedEither(BusinessCalendar.nextWorkingDay(cal, d, o as never))
        typedEither(BusinessCalendar.previousWorkingDay(cal, d, o as never))
      },
      2
    )
    prop(
      "BusinessCalendar.isWorkingDay, dayInfo, roll",
      fc.tuple(calendar, dateText, beyond, fc.constantFrom(...BusinessCalendar.RollConvention.literals)),
      ([cal, d, options, convention]) => {
        typedEither(BusinessCalendar.isWorkingDay(cal, d, (options ?? {}) as never))
        typedEither(BusinessCalendar.dayInfo(cal, d))
        typedEither(BusinessCalendar.roll(cal, d, convention, (options ?? {}) as never))
      }
    )
    prop(
      "BusinessCalendar.workingDaysBetween, notableDaysBetween",
      fc.tuple(calendar, dateText, dateText, beyond),
      ([cal, a, b, options]) => {
        typedEither(BusinessCalendar.workingDaysBetween(cal, a, b, (options ?? {}) as never))
        // Notable days are listed one by one: keep the range to a few years.
        if (Math.abs(LocalDate.toEpochDay(a) - LocalDate.toEpochDay(b)) < 3_000) {
          typedEither(BusinessCalendar.notableDaysBetween(cal, a, b))
        }
      }
    )
    prop(
      "BusinessCalendar.addWorkingTime, workingTimeBetween, instantAt, endOfWorkingDay, workingIntervals",
      fc.tuple(
        calendar,
        instant,
        instant,
        count,
        dateText,
        fc.constantFrom("09:00", "00:00", "23:59", "24:00", "25:00", "9:00", "", "12:30:00"),
        beyond
      ),
      ([cal, a, b, n, d, time, options]) => {
        const o = (options ?? {}) as never
        typedEither(BusinessCalendar.addWorkingTime(cal, a, n * 60_000, o))
        typedEither(BusinessCalendar.workingTimeBetween(cal, a, b, o))
        typedEither(BusinessCalendar.instantAt(cal, d, time))
        typedEither(BusinessCalendar.endOfWorkingDay(cal, d))
        typedEither(BusinessCalendar.workingIntervals(cal, d))
        // localDateOf answers a LocalDate only for instants of 0001-01-01…9999-12-31 (its precondition).
        const day = typedEither(BusinessCalendar.localDateOfEither(cal, a))
        isDate(day)
        if (day !== undefined && BusinessCalendar.localDateOf(cal, a) !== day) {
          throw new FuzzFailure("wrong", `localDateOf and localDateOfEither disagree on ${day}`)
        }
      }
    )
    prop(
      "BusinessCalendar.derive, withNotice, holidayBlocks",
      fc.tuple(
        calendar,
        poolOf(BusinessCalendar.CalendarNotice),
        fc.record(
          {
            id: fc.string(),
            ignoreMakeUpWorkingDays: fc.boolean(),
            addHolidays: fc.array(fc.record({ date, name: fc.string() }), { maxLength: 5 }),
            weekendDays: fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 7 })
          },
          { requiredKeys: ["id"] }
        ),
        fc.string()
      ),
      ([cal, notice, changes, name]) => {
        typedEither(BusinessCalendar.withNotice(cal, notice))
        typedEither(BusinessCalendar.derive(cal, changes as BusinessCalendar.AudienceChanges))
        BusinessCalendar.holidayBlocks(cal, name)
      }
    )
  })

  describe("Deadline", () => {
    const context = fc.record(
      {
        calendar,
        eventStart: moment,
        eventEnd: moment,
        notice: moment,
        anchors: fc.dictionary(fc.constantFrom("returnArrival", "aftermathDue", "x", "__proto__"), moment),
        beyondCoverage: fc.constantFrom("fail" as const, "provisional" as const)
      },
      { requiredKeys: ["calendar"] }
    )
    prop(
      "Deadline.evaluate, feasibility, describe, toJson, occurrences",
      fc.tuple(Arb.rule(), context, moment, date, date),
      ([rule, ctx, now, from, to]) => {
        Deadline.describe(rule, ctx.calendar)
        const evaluation = typedEither(Deadline.evaluate(rule, ctx as Deadline.Context))
        if (evaluation !== undefined) {
          isDate(evaluation.dueDate)
          JSON.stringify(Deadline.toJson(evaluation))
          typedEither(Deadline.feasibility(ctx.calendar, evaluation, now))
        }
        const prepared = Deadline.prepare(ctx as Deadline.Context)
        typedEither(Deadline.evaluate(rule, prepared))
        if (Math.abs(LocalDate.toEpochDay(from) - LocalDate.toEpochDay(to)) < 3_000) {
          typedEither(Deadline.occurrences(rule, ctx as Deadline.Context, { from, to }))
        }
      },
      2
    )
  })

  describe("Money", () => {
    const money = poolOf(Money.MoneyFromSelf, 100)
    prop(
      "Money.add, sum, times, compare, format",
      fc.tuple(money, money, fc.array(money, { maxLength: 5 }), count),
      ([a, b, many, factor]) => {
        typedEither(Money.add(a, b))
        typedEither(Money.sum(Money.CNY, many))
        typedEither(Money.compare(a, b))
        Money.format(a)
        Money.toDecimal(a)
        // `times` multiplies by a whole number (a headcount, nights): its documented domain.
        if (Number.isSafeInteger(factor) && Math.abs(factor) < 1_000) {
          const t = Money.times(a, factor)
          if (!Number.isInteger(t.minor)) throw new FuzzFailure("wrong", `times gave ${t.minor} minor units`)
        }
      }
    )
  })

  describe("BudgetPolicy", () => {
    const ruleSet = fc.oneof(
      fc.constant(BudgetPolicy.seedRuleSet),
      fc.constant(BudgetPolicy.officialExample),
      poolOf(BudgetPolicy.RuleSet, 30)
    )
    const facts = poolOf(BudgetPolicy.EngagementFacts, 60)
    const routeOf = (request: ApprovalRouting.ApprovalRequest) =>
      Either.getOrThrow(ApprovalRouting.route(ApprovalRouting.seed, request))
    const head: ApprovalRouting.Decision = {
      role: "department-head",
      by: "李主任",
      at: DateTime.unsafeMakeZoned(Date.parse("2026-03-04T16:20:00+08:00"), { timeZone: "Asia/Shanghai" }),
      outcome: "approved"
    }
    const approvals = fc.record({
      route: fc.constantFrom(
        routeOf({ amount: Money.yuan(100) }),
        routeOf({ tier: "C", level: "senior", amount: Money.yuan(1_600) })
      ),
      decisions: fc.constantFrom([], [head])
    })
    const lines = poolOf(Expense.ExpenseLines, 60)
    prop(
      "BudgetPolicy.check, allowance, prepare, ApprovedBudget.freeze and settle",
      fc.tuple(ruleSet, facts, lines, lines, fc.constantFrom("proposal" as const, "expenses" as const), approvals),
      ([rules, f, proposed, spent, stage, approval]) => {
        const report = typedEither(BudgetPolicy.check(rules, f, proposed, { stage }))
        typedEither(BudgetPolicy.check(BudgetPolicy.prepare(rules), f, proposed, { stage }))
        BudgetPolicy.allowance(rules, f)
        if (report !== undefined) {
          // Frozen on a route approved or not, then settled against random expenses.
          const frozen = typedEither(ApprovedBudget.freeze(rules, f, proposed, approval))
          if (frozen !== undefined) typedEither(ApprovedBudget.settle(frozen, spent))
        }
      }
    )
    prop(
      "BudgetPolicy.checkApplication, factsOfApplication",
      fc.tuple(ruleSet, poolOf(ReceptionApplication.ReceptionApplication, 60)),
      ([rules, application]) => {
        typedEither(BudgetPolicy.checkApplication(rules, application) as Either.Either<unknown, unknown>)
      }
    )
  })

  describe("ClientTier", () => {
    prop(
      "ClientTier.leaderAnnouncement",
      fc.tuple(fc.constant(ClientTier.seed), date, date, fc.boolean()),
      ([policy, visitDate, announced, needsLeader]) => {
        const result = ClientTier.leaderAnnouncement(policy, { date: visitDate, needsLeader }, announced)
        const announcement = typedEither(result)
        if (announcement !== undefined && announcement._tag === "Some") isDate(announcement.value.due)
      }
    )
  })

  describe("Plan", () => {
    // Random procedures that pass validation (filtered once: a filter on the arbitrary could spin
    // for ever when none of the drawn procedures is valid).
    const random = FC.sample(Arbitrary.make(Procedure.Procedure), { numRuns: 200, seed: SEED }).filter((p) =>
      Either.isRight(Procedure.validate(p))
    )
    const procedure = fc.constantFrom(...ProcedureCatalog.builtIn.values(), ...random)
    prop(
      "Plan.make, toJson, replan",
      fc.tuple(
        procedure,
        calendar,
        fc.record(
          {
            eventStart: moment,
            eventEnd: moment,
            notice: moment,
            now: moment,
            anchors: fc.dictionary(fc.constantFrom("returnArrival", "aftermathDue", "x"), moment),
            beyondCoverage: fc.constantFrom("fail" as const, "provisional" as const)
          },
          { requiredKeys: ["eventStart"] }
        )
      ),
      ([p, cal, input]) => {
        const plan = typedEither(Plan.make(p, { engagementId: "fuzz", ...input }, cal))
        if (plan !== undefined) JSON.stringify(Plan.toJson(plan))
      }
    )
  })

  describe("Engagements", () => {
    const layer = Engagements.layer(policies).pipe(
      Layer.provideMerge(MemoryStorage.layer),
      Layer.provideMerge(Directory.layerMemory(people))
    )
    const actors = poolOf(Engagement.Actor, 60)
    const commands = fc.constantFrom(...Corpus.commands(200, SEED))

    propEffect(
      "Engagements lifecycle: guided and random command sequences from random actors",
      fc.tuple(initial, fc.array(fc.tuple(step, actors, commands, fc.nat(9)), { maxLength: 20 })),
      ([{ by, command }, steps]) =>
        Effect.gen(function* () {
          const service = yield* Engagements.Engagements
          const created = yield* Effect.either(service.create(by, command))
          if (Either.isLeft(created)) return
          for (const [{ step: s }, stranger, anyCommand, pick] of steps) {
            const current = yield* Effect.orDie(service.get(by, command.id))
            const engagement = current ?? created.right
            // Mostly the laws' steps; sometimes a random actor with a random command, or another id.
            const [actor, next] = pick < 6 ? resolve(s, engagement) : [stranger, anyCommand]
            const id = pick === 9 ? "no-such-engagement" : command.id
            const result = yield* Effect.exit(service.execute(actor, id, next))
            typedExit(result)
            yield* service.list(stranger, {})
            yield* service.ledger(stranger, { engagementId: command.id })
          }
        }).pipe(Effect.provide(layer)),
      0.5
    )
  })

  it("covers every module of the core (fuzzed here, in decoders, or listed with why not)", () => {
    const fuzzedHere = [
      "ApprovedBudget",
      "BudgetPolicy",
      "BusinessCalendar",
      "ClientTier",
      "Deadline",
      "Engagement",
      "Engagements",
      "LocalDate",
      "MemoryStorage",
      "Money",
      "Plan",
      "Procedure"
    ]
    /** Modules whose commands are not fuzzed yet, and why: the lead's list for the next round. */
    const notYet: Record<string, string> = {
      ApprovalRouting: "decoders only; route/progress not yet",
      DecodeProblem: "exercised by every decoder target",
      Directory: "decoders only; a port with a memory layer",
      Dispatcher: "being edited by another session",
      DivisionOfLabour: "decoders only",
      EngagementRepo: "being edited by another session; exercised through Engagements on MemoryStorage",
      Expense: "decoders; totals through BudgetPolicy",
      FollowUp: "decoders only",
      ItemChecklist: "decoders only",
      Label: "decoders only",
      Ledger: "decoders; entries through Engagements.ledger",
      LedgerRepo: "a port: exercised through Engagements.ledger on MemoryStorage",
      LiaisonYearPlan: "decoders only",
      Notification: "being edited by another session",
      Notifier: "being edited by another session",
      OfficialCalendars: "the calendars the calendar targets use",
      OfficialLetter: "decoders only",
      Outbox: "being edited by another session",
      PersonalData: "decoders (Kind); its masking runs in every decoder target; laws in PersonalData.test.ts",
      ProcedureCatalog: "the procedures the Plan target plans",
      ReceptionApplication: "decoders; applications through BudgetPolicy.checkApplication",
      ReceptionGrade: "decoders; grades through BudgetPolicy",
      Reminders: "being edited by another session",
      Retention: "decoders (Policy, PersonQuery); requests are laws in PersonalData.test.ts and the retention contract",
      Role: "decoders only",
      Roster: "decoders only",
      SatisfactionSurvey: "decoders only",
      ServiceDesk: "decoders only",
      StorageError: "decoders only",
      ZonedDateTime: "decoders (ZonedDateTime.make)"
    }
    expect(Object.keys(Core).sort()).toEqual([...fuzzedHere, ...Object.keys(notYet)].sort())
  })
})
