/**
 * Personal data: the marked paths of every guest-bearing Schema (so the marks cannot drift
 * unnoticed), decode failures that never echo a marked value, ledger entries that never hold one,
 * anonymisation that keeps the statistics, and retention on the memory store.
 */

import { describe, expect, it } from "@effect/vitest"
import { fc, it as fit } from "@fast-check/vitest"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import {
  Engagement,
  Ledger,
  MemoryStorage,
  Money,
  Notification,
  OfficialLetter,
  PersonalData,
  ReceptionApplication,
  Retention,
  Roster,
  SatisfactionSurvey
} from "../src/index.js"
import { engagementWith, markers, retentionContract } from "./contracts/RetentionContract.js"
import {
  accept,
  actor,
  applicationInput,
  created,
  createVisit,
  decodeApplication,
  people,
  shanghai
} from "./engagementFixtures.js"

retentionContract("memory", Layer.merge(MemoryStorage.layer, Roster.layerMemory))

const guestPaths = (prefix: string) => [
  { path: `${prefix}.name`, kind: "name" },
  { path: `${prefix}.gender`, kind: "sensitive" },
  { path: `${prefix}.ethnicity`, kind: "sensitive" },
  { path: `${prefix}.religion`, kind: "sensitive" },
  { path: `${prefix}.dietaryNeeds`, kind: "sensitive" },
  { path: `${prefix}.age`, kind: "sensitive" },
  { path: `${prefix}.phone`, kind: "phone" },
  { path: `${prefix}.idNumber`, kind: "idNumber" },
  { path: `${prefix}.email`, kind: "email" }
]

const applicationPaths = [
  { path: "contactPerson", kind: "contact" },
  { path: "licencePlate", kind: "plate" },
  ...guestPaths("guests[]"),
  { path: "hotel.contact", kind: "contact" },
  { path: "lunch.contact", kind: "contact" },
  { path: "dinner.contact", kind: "contact" },
  { path: "entertainment.contact", kind: "contact" },
  { path: "letter.guests[].name", kind: "name" },
  { path: "partTwo.contactPerson", kind: "contact" },
  { path: "guestProfile.name", kind: "name" },
  { path: "guestProfile.gender", kind: "sensitive" },
  { path: "guestProfile.ethnicity", kind: "sensitive" },
  { path: "guestProfile.religion", kind: "sensitive" },
  { path: "guestProfile.dietaryNeeds", kind: "sensitive" },
  { path: "guestProfile.age", kind: "sensitive" }
]

const sorted = (ps: ReadonlyArray<{ readonly path: string; readonly kind: string }>) =>
  [...ps].sort((a, b) => a.path.localeCompare(b.path))

describe("PersonalData.paths: what is marked", () => {
  it("the reception application", () => {
    expect(sorted(PersonalData.paths(ReceptionApplication.ReceptionApplication))).toEqual(sorted(applicationPaths))
  })
  it("an engagement: its application's paths and its budget's frozen facts", () => {
    expect(sorted(PersonalData.paths(Engagement.Engagement))).toEqual(
      sorted([
        ...applicationPaths.map((p) => ({ ...p, path: `application.${p.path}` })),
        // The budget's frozen facts: the visitors, the past receptions and the letter it was checked against.
        { path: "approvedBudget.facts.visitors[].name", kind: "name" },
        { path: "approvedBudget.facts.history[].name", kind: "name" },
        { path: "approvedBudget.facts.letter.guests[].name", kind: "name" }
      ])
    )
  })
  it("a guest, a guest profile, a letter, a survey respondent, a guest message's guest, a roster contact", () => {
    expect(sorted(PersonalData.paths(ReceptionApplication.Guest))).toEqual(
      sorted(guestPaths("x").map((p) => ({ ...p, path: p.path.slice(2) })))
    )
    expect(PersonalData.paths(ReceptionApplication.GuestProfile).map((p) => p.path)).toEqual([
      "name",
      "gender",
      "ethnicity",
      "religion",
      "dietaryNeeds",
      "age"
    ])
    expect(PersonalData.paths(OfficialLetter.OfficialLetter)).toEqual([{ path: "guests[].name", kind: "name" }])
    expect(PersonalData.paths(SatisfactionSurvey.Respondent)).toEqual([{ path: "name", kind: "name" }])
    expect(PersonalData.paths(Notification.Guest)).toEqual([
      { path: "name", kind: "name" },
      { path: "email", kind: "email" },
      { path: "phone", kind: "phone" }
    ])
    expect(PersonalData.paths(Roster.Contact)).toEqual([
      { path: "name", kind: "name" },
      { path: "phone", kind: "phone" }
    ])
  })
})

// A marker: unique text that must not appear in any message.
const marker = fc.stringMatching(/^[A-Z]{4}[0-9]{6}$/).map((s) => `QX${s}`)

type Input = Readonly<Record<string, unknown>>
const g0 = (i: Input) => (i.guests as ReadonlyArray<object>)[0]
const p2 = (i: Input) => i.partTwo as object

type Breaker = (m: string) => {
  readonly patch: (input: Input) => Input
  readonly path: string
}

/** Ways to make an application fail on a value holding the marker. */
const breakers: ReadonlyArray<Breaker> = [
  (m) => ({ patch: (i) => ({ ...i, guests: [{ ...g0(i), phone: `tel ${m}` }] }), path: "guests[0].phone" }),
  (m) => ({
    patch: (i) => ({ ...i, guests: [{ ...g0(i), name: `${m}${"x".repeat(200)}` }] }),
    path: "guests[0].name"
  }),
  (m) => ({ patch: (i) => ({ ...i, guests: [{ ...g0(i), name: ` ${m} ` }] }), path: "guests[0].name" }),
  (m) => ({
    patch: (i) => ({ ...i, guests: [{ ...g0(i), email: `${m} at example` }] }),
    path: "guests[0].email"
  }),
  (m) => ({
    patch: (i) => ({ ...i, guests: [{ ...g0(i), idNumber: 110_101 }], licencePlate: ` ${m}` }),
    path: "licencePlate"
  }),
  (m) => ({ patch: (i) => ({ ...i, guests: [m] }), path: "guests[0]" }),
  (m) => ({ patch: (i) => ({ ...i, guests: [{ ...g0(i), mobile: m }] }), path: "guests[0].mobile" }),
  (m) => ({ patch: (i) => ({ ...i, guests: { name: m } }), path: "guests" }),
  (m) => ({ patch: (i) => ({ ...i, contactPerson: [m] }), path: "contactPerson" }),
  (m) => ({
    patch: (i) => ({ ...i, partTwo: { ...p2(i), contactPerson: 42, extra: m } }),
    path: "partTwo.contactPerson"
  }),
  (m) => ({ patch: (i) => ({ ...i, guestProfile: { name: m } }), path: "guestProfile.organisation" }),
  (m) => ({ patch: (i) => ({ ...i, guests: [{ ...g0(i), age: m }] }), path: "guests[0].age" }),
  (m) => ({
    patch: (i) => ({ ...i, letter: { from: "X", guests: [{ name: `${m}\n`.repeat(60), unit: "" }] } }),
    path: "letter.guests[0].name"
  })
]

describe("decode problems never echo personal data", () => {
  fit.prop([marker, fc.integer({ min: 0, max: breakers.length - 1 }), fc.integer({ min: 0, max: 2 })], {
    numRuns: 300
  })("a marked value in a bad application is withheld; its path stays", (m, which, guestAt) => {
    const { patch, path } = breakers[which]!(m)
    const base = { ...applicationInput, guests: [applicationInput.guests[guestAt]!] } as Input
    const result = ReceptionApplication.decode(patch(base))
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isRight(result)) return
    const error = result.left
    const everything = `${error.message}\n${error.tree}\n${JSON.stringify(error.problems)}\n${String(error)}`
    expect(everything).not.toContain(m)
    expect(error.problems.some((p) => p.path.startsWith(path))).toBe(true)
  })

  it("a bad phone number: reported at its path, not echoed", () => {
    const result = ReceptionApplication.decode({
      ...applicationInput,
      guests: [{ name: "Zhou Min", title: "GM", phone: "138-0013-8000 ext. 5" }]
    })
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isRight(result)) return
    expect(result.left.message).toContain("guests[0].phone (电话 / Phone)")
    expect(result.left.message).not.toContain("138-0013-8000")
  })

  it("a name too long: the expectation and the path, the value withheld", () => {
    const result = ReceptionApplication.decode({
      ...applicationInput,
      guests: [{ name: `Zhou Min ${"周".repeat(200)}`, title: "GM" }]
    })
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isRight(result)) return
    expect(result.left.message).toContain("guests[0].name (姓名 / Name)")
    expect(result.left.message).toContain("‹withheld: personal data (name)›")
    expect(result.left.message).not.toContain("Zhou Min")
  })

  it("values of unmarked fields are still shown", () => {
    const result = ReceptionApplication.decode({ ...applicationInput, arrivalMode: "rocket" })
    expect(Either.isLeft(result) && result.left.message.includes('"rocket"')).toBe(true)
  })
})

describe("the ledger never holds marked values", () => {
  fit.prop([marker, marker], { numRuns: 100 })(
    "created and submitted with guests whose names are markers, named in the title",
    (lead, companion) => {
      fc.pre(lead !== companion)
      const application = decodeApplication({
        ...applicationInput,
        guests: [
          { name: lead, title: "GM", phone: "+86 138 0000 0000" },
          { name: companion, title: "Designer" }
        ]
      })
      const at = shanghai("2026-02-10T10:00:00+08:00")
      const c = created(createVisit({ application, title: `Visit of ${lead} and ${companion}` }), actor("li.na"), at)
      const submitted = accept(c.engagement, actor("li.na"), { _tag: "Submit" }, at)
      const ledger = JSON.stringify([...c.ledger, ...submitted.ledger])
      expect(ledger).not.toContain(lead)
      expect(ledger).not.toContain(companion)
      expect(ledger).toContain("‹guests[0].name›")
    }
  )
})

describe("anonymisation", () => {
  fit.prop([marker, fc.integer({ min: 0, max: 400 }), fc.boolean()], { numRuns: 200 })(
    "keeps counts, money and the reception list's rows; removes every marker; is idempotent; still decodes",
    (m, days, pending) => {
      const mk = markers(m)
      const { engagement, ledger } = engagementWith(`E-${m}`, mk, {
        status: "closed",
        finishedAt: "2026-03-01T18:00:00+08:00",
        followUpPending: pending
      })
      const after = Retention.anonymised(engagement)
      const text = JSON.stringify(after)
      for (const v of Object.values(mk)) expect(text).not.toContain(v)
      expect(Retention.anonymised(after)).toEqual(after)
      expect(Ledger.receptionList(after).length).toBe(Ledger.receptionList(engagement).length)
      expect(ReceptionApplication.headcount(after.application!)).toBe(
        ReceptionApplication.headcount(engagement.application!)
      )
      expect(after.budget).toEqual(engagement.budget)
      // Anonymised, it is still an engagement the store can write and read back.
      const roundTrip = Schema.decodeUnknownEither(Engagement.Engagement)(
        Schema.encodeSync(Engagement.Engagement)(after)
      )
      expect(Either.isRight(roundTrip)).toBe(true)
      // The ledger's rows (append-only) held none of it.
      for (const v of Object.values(mk)) expect(JSON.stringify(ledger)).not.toContain(v)
      const standing = Retention.standing(
        engagement,
        { anonymiseAfterDays: days },
        shanghai("2026-06-01T00:00:00+08:00")
      )
      expect(standing).toBe(pending ? "followUpPending" : days <= 91 ? "due" : "kept")
    }
  )
})

describe("a whole visit with marked guests, closed and anonymised", () => {
  const li = actor("li.na")
  const zhou = actor("zhou.qiang")
  const chen = actor("chen.gang")
  const wang = actor("wang.fang")
  const sun = actor("sun.li")
  const T0 = shanghai("2026-02-10T10:00:00+08:00")

  const visit = (lead: string, companion: string, phone: string) => {
    const application = decodeApplication({
      ...applicationInput,
      guests: [
        { name: lead, title: "GM", phone, idNumber: `${lead}-ID` },
        { name: companion, title: "Designer" },
        { name: "Xu Jing 徐静", title: "Designer" }
      ],
      partTwo: { ...applicationInput.partTwo, welcomeMessage: `欢迎 ${lead}` }
    })
    const steps: Array<Engagement.Decision> = [created(createVisit({ application, title: `Visit of ${lead}` }), li, T0)]
    const last = () => steps[steps.length - 1]!.engagement
    const go = (by: Engagement.Actor, c: Engagement.Command, at: string) =>
      steps.push(accept(last(), by, c, shanghai(at)))
    go(li, { _tag: "Submit" }, "2026-02-10T10:05:00+08:00")
    for (const step of last().route!.steps) {
      go(
        step.role === "general-manager" ? chen : zhou,
        { _tag: "Decide", outcome: "approved", note: `ok for ${lead}` },
        "2026-02-10T12:00:00+08:00"
      )
    }
    go(wang, { _tag: "Plan" }, "2026-02-10T13:00:00+08:00")
    go(wang, { _tag: "Start" }, "2026-02-24T09:00:00+08:00")
    go(wang, { _tag: "Hold" }, "2026-02-24T17:00:00+08:00")
    go(
      sun,
      {
        _tag: "Settle",
        expenses: [
          {
            category: "meals",
            meal: "lunch",
            date: "2026-02-24" as never,
            amount: Money.yuan(538),
            invoice: "044031900111-07731208"
          }
        ]
      },
      "2026-02-27T16:00:00+08:00"
    )
    go(wang, { _tag: "Close" }, "2026-02-27T17:00:00+08:00")
    const thanks = Notification.guestMessage(
      last(),
      shanghai("2026-02-28T10:00:00+08:00"),
      "thanks",
      [{ name: lead, phone }, { name: companion }],
      { copyTo: ["wang.fang", "qian.yu", "gu.yan"] }
    )
    return {
      closed: last(),
      ledger: steps.flatMap((s) => s.ledger),
      outbox: [...steps.flatMap((s) => s.outbox), thanks]
    }
  }

  fit.prop([marker, marker, fc.stringMatching(/^1[3-9][0-9]{9}$/)], { numRuns: 40 })(
    "no ledger entry holds a marked value; anonymised, the engagement holds none; the totals stay",
    (lead, companion, phone) => {
      fc.pre(lead !== companion)
      const { closed, ledger, outbox } = visit(lead, companion, phone)
      const ledgerText = JSON.stringify(ledger)
      for (const v of [lead, companion, phone]) expect(ledgerText).not.toContain(v)
      // The outbox holds them only in the messages to the guests themselves.
      const staffMessages = JSON.stringify(outbox.filter((m) => m.template !== "thanks"))
      for (const v of [lead, companion, phone]) expect(staffMessages).not.toContain(v)
      expect(JSON.stringify(outbox.filter((m) => m.template === "thanks"))).toContain(lead)
      expect(closed.approvedBudget).toBeDefined()
      expect(JSON.stringify(closed)).toContain(lead)
      const after = Retention.anonymised(closed)
      const text = JSON.stringify(after)
      for (const v of [lead, companion, phone]) expect(text).not.toContain(v)
      expect(text).not.toContain("Xu Jing")
      expect(after.application?.guests.length).toBe(3)
      expect(Ledger.receptionList(after).map((r) => r.cost)).toEqual(Ledger.receptionList(closed).map((r) => r.cost))
      expect(after.settlement?.report.spent.total).toEqual(closed.settlement?.report.spent.total)
      const entry = Ledger.fromTransition(
        { ...after, version: closed.version + 1 },
        Retention.systemActor,
        T0,
        "Anonymise",
        "closed",
        "closed",
        "anonymised"
      )
      expect(Ledger.quarterlyCosts([...ledger, entry])).toEqual(Ledger.quarterlyCosts(ledger))
      const roundTrip = Schema.decodeUnknownEither(Engagement.Engagement)(
        Schema.encodeSync(Engagement.Engagement)(after)
      )
      expect(Either.isRight(roundTrip)).toBe(true)
    }
  )
})

describe("notifications to recipients not cleared for a confidential visit", () => {
  fit.prop([marker, marker, fc.stringMatching(/^1[3-9][0-9]{9}$/)], { numRuns: 30 })(
    "hold no guest's name, phone or the title naming them; cleared recipients and the guests get them",
    (lead, companion, phone) => {
      fc.pre(lead !== companion)
      const li = actor("li.na")
      const application = decodeApplication({
        ...applicationInput,
        guests: [
          { name: lead, title: "GM", phone },
          { name: companion, title: "Designer" }
        ]
      })
      const at = shanghai("2026-02-10T10:00:00+08:00")
      const c = created(createVisit({ application, title: `Visit of ${lead}`, confidential: true }), li, at)
      const submitted = accept(c.engagement, li, { _tag: "Submit" }, at)
      const cancelled = accept(submitted.engagement, li, { _tag: "Cancel", reason: `${companion} cannot come` }, at)
      const thanks = Notification.guestMessage(cancelled.engagement, at, "thanks", [{ name: lead, phone }], {
        copyTo: ["wang.fang", "qian.yu"]
      })
      const engagements = new Map([[c.engagement.id, cancelled.engagement]])
      let redactedSeen = 0
      for (const message of [...submitted.outbox, ...cancelled.outbox, thanks]) {
        const rendered = Notification.render({ message, engagements, staff: people })
        expect(Either.isRight(rendered)).toBe(true)
        if (Either.isLeft(rendered)) continue
        for (const n of rendered.right) {
          const text = JSON.stringify(n)
          const uncleared = n.recipients.some((r) => r.kind === "staff" && r.id === "qian.yu")
          if (n.redacted) {
            redactedSeen++
            for (const v of [lead, companion, phone]) expect(text).not.toContain(v)
          } else expect(uncleared).toBe(false)
        }
      }
      expect(redactedSeen).toBeGreaterThan(0)
    }
  )
})

describe("free text is scrubbed of identifying values only", () => {
  it("a guest's age, gender or religion never garbles amounts and words", () => {
    const application = decodeApplication({
      ...applicationInput,
      guests: [{ name: "Zhou Min 周敏", title: "GM", age: 51, gender: "male", religion: "none" }]
    })
    expect(
      Ledger.withoutPersonalData({ application }, "510 CNY for a female guest, none refused; Zhou Min 周敏 came")
    ).toBe("510 CNY for a female guest, none refused; ‹guests[0].name› came")
    const { engagement } = engagementWith("E-free-text", markers("free"), {
      status: "closed",
      finishedAt: "2026-03-01T18:00:00+08:00"
    })
    const titled = { ...engagement, title: "Visit 2026: 51 guests, male and female, none late" }
    expect(Retention.anonymised(titled).title).toBe(titled.title)
  })
})

describe("erasing one guest from a stored message", () => {
  const digits = fc.stringMatching(/^[0-9]{5,11}$/)
  const phone = fc.stringMatching(/^1[3-9][0-9]{9}$/)
  fit.prop([marker, marker, digits, phone, phone], { numRuns: 200 })(
    "anonymises that guest and leaves every other guest whole, even when their texts share digits",
    (lead, companion, shared, leadPhone, companionPhone) => {
      fc.pre(lead !== companion && leadPhone !== companionPhone)
      const erased = { name: lead, phone: `+86 ${leadPhone}`, email: `${lead.toLowerCase()}${shared}@example.com` }
      // Another guest whose name and e-mail hold the same digits: a different person, kept.
      const other = { name: `${companion} ${shared}`, phone: companionPhone, email: `${shared}@qq.com` }
      const { engagement } = engagementWith(`E-${lead}`, markers(lead), {
        status: "closed",
        finishedAt: "2026-03-01T18:00:00+08:00"
      })
      const message = Notification.guestMessage(engagement, shanghai("2026-03-02T10:00:00+08:00"), "thanks", [
        erased,
        other
      ])
      // The erasure's values, written the way the erased guest's records hold them.
      const after = Retention.anonymisedMessage(
        Object.values(erased).map((value) => ({ value })),
        false
      )(message)
      const [first, second] = after.payload.guests as ReadonlyArray<Record<string, unknown>>
      expect(first).toEqual({ name: PersonalData.placeholder(1) })
      expect(second).toEqual(other)
      // Found however the phone number is written.
      const spaced = Retention.anonymisedMessage(
        [{ value: `${leadPhone.slice(0, 3)}-${leadPhone.slice(3, 7)} ${leadPhone.slice(7)}` }],
        false
      )(message)
      expect((spaced.payload.guests as ReadonlyArray<unknown>)[0]).toEqual({ name: PersonalData.placeholder(1) })
      expect((spaced.payload.guests as ReadonlyArray<unknown>)[1]).toEqual(other)
    }
  )
})
