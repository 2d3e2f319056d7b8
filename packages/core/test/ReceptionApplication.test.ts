import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as ReceptionApplication from "../src/ReceptionApplication.js"
import * as ZonedDateTime from "../src/ZonedDateTime.js"
import { sampleApplication } from "./receptionFixtures.js"

const decode = ReceptionApplication.decode

describe("ReceptionApplication", () => {
  it("decodes a filled-in application, parts 1 and 2", () => {
    const result = decode(sampleApplication)
    expect(Either.isRight(result)).toBe(true)
    if (Either.isLeft(result)) return
    const app = result.right
    expect(app.guests.map((g) => g.name)).toEqual(["张伟", "赵敏", "陈静"])
    expect(app.budget).toEqual({ minor: 400000, currency: "CNY" })
    expect(app.partTwo.receptionType).toBe("business")
    expect(app.partTwo.redCarpetAndLighting).toBe(false)
    expect(app.hotel?.roomNumbers).toEqual(["1201", "1202"])
    expect(ReceptionApplication.headcount(app)).toBe(3)
  })

  it("counts the stated number of companions when more come than are named", () => {
    const app = Either.getOrThrow(decode({ ...sampleApplication, companionCount: 4 }))
    expect(ReceptionApplication.headcount(app)).toBe(5)
  })

  it("reports every problem of a bad application at once, each with its path and label", () => {
    const bad = {
      ...sampleApplication,
      department: "",
      visitDate: "2026-02-30",
      budget: { amount: "12.345", currency: "CNY" },
      guests: [{ name: "张伟", title: "总经理" }, { name: "赵敏", title: "采购经理" }, { name: "陈静" }],
      arrivalTime: "2026-03-10T09:30",
      partTwo: { ...sampleApplication.partTwo, receptionType: "Premium", colour: "red" }
    }
    const result = decode(bad)
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isRight(result)) return
    const error = result.left
    const paths = error.problems.map((p) => p.path)
    expect(paths).toEqual(
      expect.arrayContaining([
        "department",
        "visitDate",
        "budget.amount",
        "arrivalTime",
        "guests[2].title",
        "partTwo.receptionType",
        "partTwo.colour"
      ])
    )
    expect(paths).toHaveLength(7)
    const title = error.problems.find((p) => p.path === "guests[2].title")
    expect(title).toEqual({
      path: "guests[2].title",
      segments: ["guests", 2, "title"],
      kind: "Missing",
      message: "is missing",
      label: { "zh-CN": "职务", en: "Title" }
    })
    expect(error.problems.find((p) => p.path === "partTwo.colour")?.kind).toBe("Unexpected")
    expect(error.message).toContain("guests[2].title (职务 / Title): is missing")
    expect(error.message).toContain("visitDate (来访日期 / Visit date): expected a date written YYYY-MM-DD that exists")
    expect(error.message).toContain(
      'arrivalTime (到达时间 / Arrival time): "2026-03-10T09:30" has neither a UTC offset nor a time zone'
    )
    expect(error.tree).toContain('["guests"]')
  })

  it("checks fields against each other, at the field that is wrong", () => {
    const result = decode({
      ...sampleApplication,
      companionCount: 1,
      departureDate: "2026-03-09",
      dinner: { ...sampleApplication.dinner, budget: { amount: "100", currency: "USD" } }
    })
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isRight(result)) return
    expect(result.left.problems.map((p) => [p.path, p.message])).toEqual([
      ["companionCount", "2 companions are named but the number of companions is 1"],
      ["departureDate", "departs 2026-03-09, before the visit date 2026-03-10"],
      ["dinner.budget.currency", "the budget is in CNY; an item budget in USD is never converted implicitly"]
    ])
  })

  it("reads an arrival time without an offset as wall time in its zone, whatever the host's zone", () => {
    const app = Either.getOrThrow(decode({ ...sampleApplication, arrivalTime: "2026-03-10T09:30[Asia/Shanghai]" }))
    const arrival = app.arrivalTime!
    expect(DateTime.formatIsoZoned(arrival)).toBe("2026-03-10T09:30:00.000+08:00[Asia/Shanghai]")
    expect(DateTime.toEpochMillis(arrival)).toBe(Date.UTC(2026, 2, 10, 1, 30))
  })

  it("rejects an offset that contradicts the named zone", () => {
    expect(Option.isNone(ZonedDateTime.make("2026-03-10T09:30+09:00[Asia/Shanghai]"))).toBe(true)
    expect(Option.isSome(ZonedDateTime.make("2026-03-10T09:30+08:00[Asia/Shanghai]"))).toBe(true)
    expect(Option.isSome(ZonedDateTime.make("2026-03-10T01:30Z"))).toBe(true)
    expect(Option.isNone(ZonedDateTime.make("2026-03-10T24:30+08:00"))).toBe(true)
  })

  it("labels every field in Chinese and English, nested fields by their path", () => {
    const byPath = new Map(ReceptionApplication.fields.map((f) => [f.path, f.label]))
    expect(byPath.get("applicant")).toEqual({ "zh-CN": "申请人", en: "Applicant" })
    expect(byPath.get("guests[].title")).toEqual({ "zh-CN": "职务", en: "Title" })
    expect(byPath.get("lunch.place")).toEqual({ "zh-CN": "餐厅", en: "Restaurant" })
    expect(byPath.get("entertainment.place")).toEqual({ "zh-CN": "地点", en: "Place" })
    expect(byPath.get("partTwo.receptionType")).toEqual({ "zh-CN": "接待类型", en: "Reception type" })
    expect(byPath.get("partTwo.approvedByDepartmentHead")?.["zh-CN"]).toBe("部门负责人是否已批准本次接待")
    expect(byPath.get("guestProfile.itinerary[].at")).toEqual({ "zh-CN": "时间", en: "Time" })
    // every field of the brief's part 1 and part 2 is on the form
    for (const path of [
      "department",
      "contactPerson",
      "guestOrganisation",
      "purpose",
      "visitDate",
      "budget",
      "arrivalTime",
      "companionCount",
      "arrivalMode",
      "licencePlate",
      "supportStaff",
      "carPickup.vehicleType",
      "tickets.number",
      "tickets.count",
      "hotel.hotel",
      "hotel.roomNumbers",
      "hotel.budget",
      "hotel.contact",
      "dinner.headcount",
      "partTwo.parkingReserved",
      "partTwo.redCarpetAndLighting",
      "partTwo.welcomeMessage",
      "partTwo.fruitAndSnacks",
      "partTwo.tea",
      "partTwo.meetingRoom.equipment",
      "partTwo.mealsOrdered",
      "partTwo.gifts",
      "partTwo.leaderAppointment.leader",
      "partTwo.otherMaterials"
    ]) {
      expect(byPath.has(path), path).toBe(true)
    }
  })

  it("decodes a guest profile with its itinerary, and names a bad itinerary entry", () => {
    const profile = {
      organisation: "清真食品协会",
      name: "马强",
      title: "秘书长",
      ethnicity: "回族",
      religion: "伊斯兰教",
      dietaryNeeds: "清真",
      headcount: 4,
      purposeAndRequests: "参观工厂，需清真餐",
      arrivalTime: "2026-05-06T10:00+08:00[Asia/Shanghai]",
      arrivalMode: "flight",
      itinerary: [
        { at: "2026-05-06T14:00+08:00[Asia/Shanghai]", activity: "参观展厅", place: "营销中心" },
        { at: "2026-05-06", activity: "晚宴" }
      ]
    }
    const result = ReceptionApplication.decodeGuestProfile(profile)
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) {
      expect(result.left.problems.map((p) => p.path)).toEqual(["itinerary[1].at"])
      expect(result.left.problems[0]?.label).toEqual({ "zh-CN": "时间", en: "Time" })
    }
    const fixed = ReceptionApplication.decodeGuestProfile({
      ...profile,
      itinerary: [profile.itinerary[0], { at: "2026-05-06T18:30+08:00[Asia/Shanghai]", activity: "晚宴" }]
    })
    expect(Either.isRight(fixed)).toBe(true)
  })
})

describe("laws", () => {
  const equivalent = Schema.equivalence(ReceptionApplication.ReceptionApplication)
  const roundTrip = (app: ReceptionApplication.ReceptionApplication) =>
    Schema.decodeUnknownEither(ReceptionApplication.ReceptionApplication)(ReceptionApplication.encode(app))

  it.prop("decode(encode(x)) = x for every application", [ReceptionApplication.ReceptionApplication], ([app]) => {
    const back = roundTrip(app)
    expect(Either.isRight(back) && equivalent(back.right, app)).toBe(true)
  })

  it.prop("decode(encode(x)) = x for every guest profile", [ReceptionApplication.GuestProfile], ([profile]) => {
    const back = Schema.decodeUnknownEither(ReceptionApplication.GuestProfile)(
      Schema.encodeSync(ReceptionApplication.GuestProfile)(profile)
    )
    expect(Either.isRight(back) && Schema.equivalence(ReceptionApplication.GuestProfile)(back.right, profile)).toBe(
      true
    )
  })

  it.prop("the headcount is at least the named guests", [ReceptionApplication.ReceptionApplication], ([app]) => {
    expect(ReceptionApplication.headcount(app)).toBeGreaterThanOrEqual(app.guests.length)
  })
})
