import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import fc from "fast-check"
import { Deadline, FollowUp, OfficialCalendars, SatisfactionSurvey, ZonedDateTime } from "../src/index.js"

const cn = OfficialCalendars.cnMainland

const ok = <A, E>(result: Either.Either<A, E>): A =>
  Either.getOrThrowWith(result, (e) => new Error(`expected a value, got ${JSON.stringify(e)}`))

const err = <A, E>(result: Either.Either<A, E>): E =>
  Either.getOrThrowWith(Either.flip(result), (a) => new Error(`expected an error, got ${JSON.stringify(a)}`))

const form = SatisfactionSurvey.seedForm
const decode = SatisfactionSurvey.decodeResponse(form)

const response = (answers: Record<string, unknown>, at = "2026-02-25T16:00+08:00[Asia/Shanghai]") =>
  decode({
    engagementId: "acme-0224",
    respondent: { name: "周总", organisation: "华东建材", side: "client" },
    at,
    answers
  })

describe("SatisfactionSurvey", () => {
  it("totals and averages the seed's four items against 10 points each", () => {
    const result = ok(
      SatisfactionSurvey.score(
        form,
        ok(response({ "client-satisfaction": 9, "work-assigned": 8, "tasks-done": 10, "guests-and-venue": 7 }))
      )
    )
    expect(result).toMatchObject({
      answered: 4,
      skipped: 0,
      total: 34,
      maximum: 40,
      average: 8.5,
      lowest: 7,
      highest: 10
    })
    expect(result.items.map((i) => [i.item, i.label["zh-CN"], i._tag === "Scored" ? i.score : "skipped"])).toEqual([
      ["client-satisfaction", "客户对此次来访的满意度", 9],
      ["work-assigned", "工作分配明确、到位", 8],
      ["tasks-done", "工作人员按质按量完成任务", 10],
      ["guests-and-venue", "邀请嘉宾，确认场地", 7]
    ])
    expect(SatisfactionSurvey.assess(result)).toEqual([])
    expect(Option.isNone(SatisfactionSurvey.followUpOf(result))).toBe(true)
  })

  it("leaves an explicitly skipped item out of the total and the average", () => {
    const result = ok(
      SatisfactionSurvey.score(
        form,
        ok(
          response({
            "client-satisfaction": 9,
            "work-assigned": 7,
            "tasks-done": 8,
            "guests-and-venue": { skipped: true, reason: "未邀请领导出席" }
          })
        )
      )
    )
    expect(result).toMatchObject({ answered: 3, skipped: 1, total: 24, maximum: 30, average: 8 })
    expect(result.items[3]).toEqual({
      _tag: "Skipped",
      item: "guests-and-venue",
      label: form.items[3]!.label,
      reason: "未邀请领导出席"
    })
  })

  it("rejects a score out of range, a fraction, a missing item and an item off the form, each at its path", () => {
    const problem = err(response({ "client-satisfaction": 11, "work-assigned": 7.5, "tasks-done": 8, catering: 9 }))
    expect(problem.problems.map((p) => [p.path, p.message, p.label?.["zh-CN"]])).toEqual([
      [
        "answers.catering",
        `is unexpected, expected: "client-satisfaction" | "work-assigned" | "tasks-done" | "guests-and-venue"`,
        undefined
      ],
      [
        "answers.client-satisfaction",
        `expected an integer score from 0 to 10, or { "skipped": true } to skip the item`,
        "客户对此次来访的满意度"
      ],
      [
        "answers.work-assigned",
        `expected an integer score from 0 to 10, or { "skipped": true } to skip the item`,
        "工作分配明确、到位"
      ],
      ["answers.guests-and-venue", "is missing", "邀请嘉宾，确认场地"]
    ])
  })

  it("scores only a response valid for its form, whatever its origin", () => {
    const at = Option.getOrThrow(ZonedDateTime.make("2026-02-25T16:00+08:00[Asia/Shanghai]"))
    const e = err(
      SatisfactionSurvey.score(form, { engagementId: "acme-0224", at, answers: { "client-satisfaction": -1 } })
    )
    expect(e.problems.map((p) => p.path)).toEqual([
      "answers.client-satisfaction",
      "answers.work-assigned",
      "answers.tasks-done",
      "answers.guests-and-venue"
    ])
  })

  describe("a low score opens a follow-up", () => {
    // Completed on Friday 2026-02-13 at 17:00, the last working day but one before the Spring Festival
    // break (15–23 February); Saturday the 14th is a make-up working day (调休).
    const low = ok(
      SatisfactionSurvey.score(
        form,
        ok(
          response(
            { "client-satisfaction": 8, "work-assigned": 5, "tasks-done": 8, "guests-and-venue": 9 },
            "2026-02-13T17:00+08:00[Asia/Shanghai]"
          )
        )
      )
    )

    it("for an item below 6, due 2 working days later: the make-up Saturday, then the first day after the break", () => {
      expect(SatisfactionSurvey.assess(low)).toEqual([
        { _tag: "ItemBelow", item: "work-assigned", label: form.items[1]!.label, score: 5, threshold: 6 }
      ])
      const opened = Option.getOrThrow(SatisfactionSurvey.followUpOf(low))
      expect(opened.followUp.work?.["zh-CN"]).toBe("就低分项回访客户：工作分配明确、到位 5/10（低于 6）")
      const [task] = ok(
        FollowUp.make(
          [opened.followUp],
          { engagementId: "acme-0224", eventStart: "2026-02-12", anchors: opened.anchors },
          cn
        )
      )
      expect(task!.id).toBe("acme-0224/followup/survey-follow-up")
      expect(Deadline.toJson(task!.deadline!).due).toBe("2026-02-24T18:00:00.000+08:00")
      expect(task!.deadline!.explanation.days.map((d) => `${d.date} ${d.kind}`)).toContain(
        "2026-02-14 makeUpWorkingDay"
      )
    })

    it("for an average below 7 with no item below 6", () => {
      const result = ok(
        SatisfactionSurvey.score(
          form,
          ok(response({ "client-satisfaction": 6, "work-assigned": 7, "tasks-done": 6, "guests-and-venue": 7 }))
        )
      )
      expect(SatisfactionSurvey.assess(result)).toEqual([{ _tag: "AverageBelow", average: 6.5, threshold: 7 }])
    })

    it("with the host's own threshold and rule", () => {
      const strict = { itemBelow: 9, averageBelow: 9 }
      const sameDay = {
        ...SatisfactionSurvey.lowScoreFollowUp,
        rule: Deadline.point(Deadline.named(FollowUp.anchors.surveyCompleted), Deadline.after(4, "hours"))
      }
      const opened = Option.getOrThrow(SatisfactionSurvey.followUpOf(low, { threshold: strict, followUp: sameDay }))
      expect(opened.reasons.map((r) => r._tag)).toEqual(["ItemBelow", "ItemBelow", "ItemBelow", "AverageBelow"])
      const [task] = ok(
        FollowUp.make(
          [opened.followUp],
          { engagementId: "acme-0224", eventStart: "2026-02-12", anchors: opened.anchors },
          cn
        )
      )
      expect(Deadline.toJson(task!.deadline!).due).toBe("2026-02-13T21:00:00.000+08:00")
    })
  })

  it("opens nothing when every item is skipped, having no average", () => {
    const skip = { skipped: true }
    const result = ok(
      SatisfactionSurvey.score(
        form,
        ok(
          response({ "client-satisfaction": skip, "work-assigned": skip, "tasks-done": skip, "guests-and-venue": skip })
        )
      )
    )
    expect(result.average).toBeUndefined()
    expect(Option.isNone(SatisfactionSurvey.followUpOf(result))).toBe(true)
  })

  it("refuses a host form with an item id twice, at the second one", () => {
    const problem = err(
      SatisfactionSurvey.decodeForm({
        ...form,
        items: [form.items[0], { id: "client-satisfaction", label: { "zh-CN": "再次", en: "Again" } }]
      })
    )
    expect(problem.problems.map((p) => [p.path, p.message])).toEqual([
      ["items[1].id", `duplicate item id "client-satisfaction"`]
    ])
  })

  describe("laws", () => {
    const answer = fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 0, max: 10 }) },
      { weight: 1, arbitrary: fc.constant({ skipped: true as const }) }
    )
    const answers = fc
      .tuple(answer, answer, answer, answer)
      .map(
        (a): Record<string, SatisfactionSurvey.Answer> =>
          Object.fromEntries(form.items.map((item, i) => [item.id, a[i] ?? { skipped: true }]))
      )
    const at = DateTime.unsafeMakeZoned(Date.parse("2026-02-25T08:00:00Z"), { timeZone: "Asia/Shanghai" })
    const scored = (a: Record<string, SatisfactionSurvey.Answer>) =>
      ok(SatisfactionSurvey.score(form, { engagementId: "law", at, answers: a }))

    it("puts the average between the lowest and the highest item", () => {
      fc.assert(
        fc.property(answers, (a) => {
          const result = scored(a)
          if (result.average === undefined) {
            expect(result.answered).toBe(0)
            return
          }
          expect(result.average).toBeGreaterThanOrEqual(result.lowest!)
          expect(result.average).toBeLessThanOrEqual(result.highest!)
        }),
        { numRuns: 500 }
      )
    })

    it("totals the scored items, counts every item as answered or skipped, never above the maximum", () => {
      fc.assert(
        fc.property(answers, (a) => {
          const result = scored(a)
          const scores = Object.values(a).filter((x): x is number => typeof x === "number")
          expect(result.total).toBe(scores.reduce((s, x) => s + x, 0))
          expect(result.answered + result.skipped).toBe(form.items.length)
          expect(result.total).toBeLessThanOrEqual(result.maximum)
        }),
        { numRuns: 500 }
      )
    })

    it("opens a follow-up exactly when some item is below 6 or the average below 7", () => {
      fc.assert(
        fc.property(answers, (a) => {
          const result = scored(a)
          const scores = Object.values(a).filter((x): x is number => typeof x === "number")
          const low =
            scores.some((s) => s < 6) || (scores.length > 0 && scores.reduce((s, x) => s + x, 0) < 7 * scores.length)
          expect(Option.isSome(SatisfactionSurvey.followUpOf(result))).toBe(low)
        }),
        { numRuns: 500 }
      )
    })
  })
})
