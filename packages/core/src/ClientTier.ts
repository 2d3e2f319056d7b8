/**
 * Client tiers (客户分类) A–D, their owners and hosting requirements, as replaceable policy data.
 *
 * Seed 002: A 公司贵客 (VIP guests of senior management), B 项目接待 (project reception), C 业务接待
 * (marketing customers), D 普通接待 (ordinary visitors), each hosted by its owners; tier A's hosting
 * requirements (seasonal refreshments: winter 3 dried + 1 fresh fruit, summer 3 fresh + 1 dried);
 * receptions that need a company leader announced at least 2 days ahead; meeting-room rules. A host
 * app replaces or extends tiers, owners and requirements with {@link extend}.
 *
 * @since 0.1.0
 */
import * as Arr from "effect/Array"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Label from "./Label.js"
import * as LocalDate from "./LocalDate.js"
import * as Role from "./Role.js"

/**
 * A tier id: an upper-case letter, optionally followed by letters, digits or hyphens (`A`, `VIP-1`).
 *
 * @since 0.1.0
 * @category models
 */
export type TierId = string

/**
 * The Schema of a {@link TierId}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TierId: Schema.filter<typeof Schema.String> = Schema.String.pipe(
  Schema.filter((s) => /^[A-Z][A-Z0-9-]*$/.test(s) || `expected a tier id such as "A", got ${JSON.stringify(s)}`, {
    identifier: "TierId",
    arbitrary: () => (fc) => fc.constantFrom("A", "B", "C", "D", "E")
  })
)

const Count = Schema.Int.pipe(Schema.between(0, 100))

/**
 * The Schema of {@link Servings}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Servings = Schema.Struct({ freshFruit: Count, driedFruit: Count })

/**
 * Servings of fruit set out in a meeting room.
 *
 * @since 0.1.0
 * @category models
 */
export interface Servings extends Schema.Schema.Type<typeof Servings> {}

/**
 * The Schema of {@link SeasonalRefreshments}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SeasonalRefreshments = Schema.Struct({
  summerMonths: Schema.Array(Schema.Int.pipe(Schema.between(1, 12))),
  summer: Servings,
  winter: Servings
})

/**
 * Refreshments by season: the months counted as summer (the rest are winter) and the servings of each.
 *
 * @since 0.1.0
 * @category models
 */
export interface SeasonalRefreshments extends Schema.Schema.Type<typeof SeasonalRefreshments> {}

/**
 * The Schema of {@link HostingRequirements}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const HostingRequirements = Schema.Struct({
  setup: Schema.Array(Label.Label),
  refreshments: Schema.optionalWith(SeasonalRefreshments, { exact: true }),
  cigarettesForSpecialGuests: Schema.Boolean
})

/**
 * How a tier's guests are hosted: the room set-up (桌椅摆放整齐, 室内温度适中, 茶水或纯净水备好),
 * seasonal refreshments, and whether cigarettes are put out for special guests (烟品，特殊客户).
 *
 * @since 0.1.0
 * @category models
 */
export interface HostingRequirements extends Schema.Schema.Type<typeof HostingRequirements> {}

/**
 * The Schema of a {@link ClientTier}; a tier has at least one owner.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ClientTier = Schema.Struct({
  id: TierId,
  label: Label.Label,
  meaning: Label.Label,
  owners: Schema.NonEmptyArray(Role.Role),
  hosting: HostingRequirements
}).annotations({ identifier: "ClientTier" })

/**
 * A client tier: id, label, what it means, who hosts it (owners) and how.
 *
 * @since 0.1.0
 * @category models
 */
export interface ClientTier extends Schema.Schema.Type<typeof ClientTier> {}

/**
 * A meeting-room rule with an id, so a checklist can tick it off.
 *
 * @since 0.1.0
 * @category models
 */
export interface RoomRule {
  readonly id: string
  readonly label: Label.Label
}

const RoomRule: Schema.Schema<RoomRule> = Schema.Struct({ id: Schema.NonEmptyTrimmedString, label: Label.Label })

/**
 * The Schema of {@link MeetingRoomRules}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const MeetingRoomRules = Schema.Struct({
  bookingRecordInAdvance: Schema.Boolean,
  afterUse: Schema.Array(RoomRule),
  loanItems: Schema.Array(RoomRule),
  collectFrom: Role.Role,
  namedBorrowerRequired: Schema.Boolean
})

/**
 * Meeting-room rules (会议室使用): a booking record filled in advance (会议室使用记录单), what to do
 * after use, and equipment on loan (projector, laser pointer) collected from a role by a named person
 * and returned after.
 *
 * @since 0.1.0
 * @category models
 */
export interface MeetingRoomRules extends Schema.Schema.Type<typeof MeetingRoomRules> {}

/**
 * The Schema of a {@link TierPolicy}; tier ids are unique and there is at least one tier.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TierPolicy = Schema.Struct({
  version: Schema.NonEmptyTrimmedString,
  tiers: Schema.NonEmptyArray(ClientTier),
  leaderAnnouncementDaysAhead: Schema.Int.pipe(Schema.between(0, 365)),
  meetingRoom: MeetingRoomRules,
  confidentiality: Label.Label
})
  .pipe(
    Schema.filter(
      (p) => new Set(p.tiers.map((t) => t.id)).size === p.tiers.length || "tier ids must be unique within a policy"
    )
  )
  .annotations({ identifier: "TierPolicy" })

/**
 * The tier policy: the tiers, how many calendar days ahead a reception needing a company leader or
 * admin coordination is announced (提前2天告知), the meeting-room rules and the confidentiality rule
 * (保密事项).
 *
 * @since 0.1.0
 * @category models
 */
export interface TierPolicy extends Schema.Schema.Type<typeof TierPolicy> {}

const adminAssists: Label.Label = Label.make(
  "由综合部行政组配合物品的采购及摆放工作",
  "the admin group helps buy and lay out items"
)

/**
 * Tier A 公司贵客: VIP guests of senior management, hosted by the GM's assistant and the marketing
 * business group, with the full hosting requirements of seed 002.
 *
 * @since 0.1.0
 * @category seed tiers
 */
export const tierA: ClientTier = {
  id: "A",
  label: Label.make("公司贵客", "Company VIP"),
  meaning: Label.make("公司高层的重要客人", "important guests of senior management"),
  owners: [Role.generalManagerAssistant, Role.marketingBusinessGroup],
  hosting: {
    setup: [
      Label.make("桌椅摆放整齐", "tables and chairs tidy"),
      Label.make("会议室内温度适中", "meeting-room temperature moderate"),
      Label.make("做好补充茶水或纯净水准备", "tea or purified-water refills ready"),
      adminAssists
    ],
    refreshments: {
      summerMonths: [5, 6, 7, 8, 9, 10],
      summer: { freshFruit: 3, driedFruit: 1 },
      winter: { freshFruit: 1, driedFruit: 3 }
    },
    cigarettesForSpecialGuests: true
  }
}

/**
 * Tier B 项目接待: important customers, hosted by the head of the project department.
 *
 * @since 0.1.0
 * @category seed tiers
 */
export const tierB: ClientTier = {
  id: "B",
  label: Label.make("项目接待", "Project reception"),
  meaning: Label.make("公司重要客户的接待", "important customers"),
  owners: [Role.projectDepartmentHead],
  hosting: { setup: [adminAssists], cigarettesForSpecialGuests: false }
}

/**
 * Tier C 业务接待: marketing customers, hosted by the marketing manager and the business group.
 *
 * @since 0.1.0
 * @category seed tiers
 */
export const tierC: ClientTier = {
  id: "C",
  label: Label.make("业务接待", "Business reception"),
  meaning: Label.make("营销客户的接待", "marketing and sales customers"),
  owners: [Role.marketingManager, Role.marketingBusinessGroup],
  hosting: { setup: [adminAssists], cigarettesForSpecialGuests: false }
}

/**
 * Tier D 普通接待: ordinary visitors, hosted by the admin group or the counterpart department.
 *
 * @since 0.1.0
 * @category seed tiers
 */
export const tierD: ClientTier = {
  id: "D",
  label: Label.make("普通接待", "Ordinary reception"),
  meaning: Label.make("一般来客的接待", "ordinary visitors"),
  owners: [Role.adminGroup, Role.counterpartDepartment],
  hosting: { setup: [adminAssists], cigarettesForSpecialGuests: false }
}

/**
 * The seed tier policy (seed 002).
 *
 * @since 0.1.0
 * @category seed tiers
 */
export const seed: TierPolicy = {
  version: "seed-1",
  tiers: [tierA, tierB, tierC, tierD],
  leaderAnnouncementDaysAhead: 2,
  meetingRoom: {
    bookingRecordInAdvance: true,
    afterUse: [
      {
        id: "keep-clean",
        label: Label.make("保持室内清洁，爱护设施", "keep the room clean, treat the fittings with care")
      },
      {
        id: "close-windows-and-air-conditioning",
        label: Label.make("关好门窗、空调等设备", "close windows, air conditioning and other equipment")
      },
      { id: "lock", label: Label.make("锁好门", "lock the door") },
      {
        id: "return-key-and-equipment",
        label: Label.make("将钥匙及领取设备退还综合部", "return the key and borrowed equipment to admin")
      }
    ],
    loanItems: [
      { id: "projector", label: Label.make("投影仪", "projector") },
      { id: "laser-pointer", label: Label.make("激光笔", "laser pointer") }
    ],
    collectFrom: Role.adminGroup,
    namedBorrowerRequired: true
  },
  confidentiality: Label.make(
    "接待中涉及重要事务、秘密文电、重要会议，要特别注意保密",
    "important matters, secret documents and meetings in a reception are handled confidentially"
  )
}

/**
 * Adds tiers to a policy, replacing those with the same id, under a new version.
 *
 * @since 0.1.0
 * @category combinators
 */
export const extend = (
  policy: TierPolicy,
  version: string,
  tiers: Arr.NonEmptyReadonlyArray<ClientTier>
): TierPolicy => {
  const kept = policy.tiers.filter((t) => !tiers.some((n) => n.id === t.id))
  return { ...policy, version, tiers: Arr.appendAll(kept, tiers) }
}

/**
 * The tier with an id.
 *
 * @since 0.1.0
 * @category getters
 */
export const find = (policy: TierPolicy, tierId: string): Option.Option<ClientTier> =>
  Option.fromNullable(policy.tiers.find((t) => t.id === tierId))

/**
 * The roles that host a tier's guests (接待分配).
 *
 * @since 0.1.0
 * @category getters
 */
export const ownersOf = (policy: TierPolicy, tierId: string): Option.Option<ReadonlyArray<Role.Role>> =>
  Option.map(find(policy, tierId), (t) => t.owners)

/**
 * A season for refreshments.
 *
 * @since 0.1.0
 * @category models
 */
export type Season = "summer" | "winter"

/**
 * The refreshments a tier sets out on a date: winter 3 dried + 1 fresh, summer 3 fresh + 1 dried for the
 * seed's tier A; none for a tier without seasonal refreshments.
 *
 * @since 0.1.0
 * @category getters
 */
export const refreshmentsOn = (
  tier: ClientTier,
  date: LocalDate.LocalDate
): Option.Option<Servings & { readonly season: Season }> => {
  const refreshments = tier.hosting.refreshments
  if (refreshments === undefined) return Option.none()
  const season: Season = refreshments.summerMonths.includes(LocalDate.parts(date).month) ? "summer" : "winter"
  return Option.some({ season, ...refreshments[season] })
}

/**
 * When a reception that needs a company leader (or admin coordination) must be announced by: the last
 * date, whether an announcement made on `announcedOn` is in time, and how many days late it is.
 * Counted in calendar days, as the seed says "提前2天"; a reception without a leader needs none
 * (`Right(None)`). A visit so early in year 1 that the last date would fall before 0001-01-01 is a
 * `DateOutOfRange`.
 *
 * @since 0.1.0
 * @category deadlines
 */
export const leaderAnnouncement = (
  policy: TierPolicy,
  visit: { readonly date: LocalDate.LocalDate; readonly needsLeader: boolean },
  announcedOn: LocalDate.LocalDate
): Either.Either<
  Option.Option<{ readonly due: LocalDate.LocalDate; readonly inTime: boolean; readonly daysLate: number }>,
  LocalDate.DateOutOfRange
> => {
  if (!visit.needsLeader) return Either.right(Option.none())
  return Either.map(LocalDate.addDays(visit.date, -policy.leaderAnnouncementDaysAhead), (due) => {
    const daysLate = Math.max(0, LocalDate.daysBetween(due, announcedOn))
    return Option.some({ due, inTime: daysLate === 0, daysLate })
  })
}

/**
 * A loan of meeting-room equipment: the item id, who collected it, whether it came back.
 *
 * @since 0.1.0
 * @category models
 */
export interface EquipmentLoan {
  readonly item: string
  readonly borrower?: string
  readonly returned: boolean
}

/**
 * What is still open after a meeting: after-use rules not yet done (by id), and loans of listed items
 * without a named borrower or not returned.
 *
 * @since 0.1.0
 * @category checks
 */
export const meetingRoomOpenPoints = (
  policy: TierPolicy,
  done: ReadonlyArray<string>,
  loans: ReadonlyArray<EquipmentLoan>
): ReadonlyArray<Label.Label> => {
  const rules = policy.meetingRoom
  const open: Array<Label.Label> = rules.afterUse.filter((r) => !done.includes(r.id)).map((r) => r.label)
  for (const loan of loans) {
    const item = rules.loanItems.find((i) => i.id === loan.item)
    if (item === undefined) continue
    if (rules.namedBorrowerRequired && (loan.borrower === undefined || loan.borrower.trim() === "")) {
      open.push(Label.make(`${item.label["zh-CN"]}须由指定专人领取`, `${item.label.en}: no named person collected it`))
    }
    if (!loan.returned) {
      open.push(
        Label.make(
          `${item.label["zh-CN"]}未归还${rules.collectFrom.label["zh-CN"]}`,
          `${item.label.en}: not returned to ${rules.collectFrom.label.en}`
        )
      )
    }
  }
  return open
}
