/**
 * The reception application (接待申请单, seed 001 附件一, parts 1 and 2) and the guest profile.
 *
 * Every field of the paper form, with its zh-CN and English label ({@link fields}), optional where the
 * form's answer may be "no" or unknown. Dates of the visit are plain dates; arrival times and itinerary
 * entries are zoned date-times. {@link decode} reports every problem of a bad application at once, each
 * with its path (`guests[2].title`) and label, as text and as a list.
 *
 * Beyond the paper form, optional fields carry what the reception office decides when it receives the
 * application (seed 003, "确定接待级别"): the client tier, the visitor level, the documents that came
 * with it (an official letter 公函, a reception list 接待清单) and the letter itself with the guests it
 * names (for official receptions); and a departure date for visits longer than a day.
 *
 * @since 0.1.0
 */
import type * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as ClientTier from "./ClientTier.js"
import * as DecodeProblem from "./DecodeProblem.js"
import * as Label from "./Label.js"
import * as LocalDate from "./LocalDate.js"
import * as Money from "./Money.js"
import * as OfficialLetter from "./OfficialLetter.js"
import { personal } from "./PersonalData.js"
import * as ReceptionGrade from "./ReceptionGrade.js"
import { ZonedDateTime } from "./ZonedDateTime.js"

const { labelled } = Label

const Text = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(200))
const LongText = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(2000))
const Count = Schema.Int.pipe(Schema.between(0, 10_000))
const PositiveCount = Schema.Int.pipe(Schema.between(1, 10_000))
const Phone = Schema.Trimmed.pipe(
  Schema.pattern(/^\+?[0-9][0-9 ()-]{2,30}$/, {
    message: () => "expected a phone number: digits, spaces and + ( ) -, at most 32 characters"
  })
)
const Email = Schema.Trimmed.pipe(
  Schema.maxLength(200),
  Schema.pattern(/^[^@\s]+@[^@\s]+$/, { message: () => "expected an e-mail address (name@domain)" })
)

const optional = <A, I, R>(schema: Schema.Schema<A, I, R>) => Schema.optionalWith(schema, { exact: true })
const flag = (zhCN: string, en: string) =>
  Schema.optionalWith(labelled(Schema.Boolean, zhCN, en), { default: () => false, exact: true })

/**
 * How guests arrive (到达方式).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ArrivalMode = Schema.Literal("flight", "train", "car", "coach", "other").annotations({
  identifier: "ArrivalMode"
})

/**
 * A person of the company: support staff (辅助人员).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Person = Schema.Struct({
  name: labelled(Text, "姓名", "Name"),
  title: labelled(Text, "职务", "Title")
}).annotations({ identifier: "Person" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Person extends Schema.Schema.Type<typeof Person> {}

/**
 * A guest (来宾): name and title, what the hosts need to know for meals and courtesy (gender,
 * ethnicity, religion, dietary needs such as halal 清真, age), and how to reach and register them
 * (phone, ID number, e-mail). The name, the ways to reach them, the ID number and the personal
 * details are marked as personal data (`PersonalData`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Guest = Schema.Struct({
  name: personal(labelled(Text, "姓名", "Name"), "name"),
  title: labelled(Text, "职务", "Title"),
  gender: optional(personal(labelled(Schema.Literal("female", "male"), "性别", "Gender"), "sensitive")),
  ethnicity: optional(personal(labelled(Text, "民族", "Ethnicity"), "sensitive")),
  religion: optional(personal(labelled(Text, "宗教信仰", "Religion"), "sensitive")),
  dietaryNeeds: optional(personal(labelled(Text, "饮食要求", "Dietary needs"), "sensitive")),
  age: optional(personal(labelled(Schema.Int.pipe(Schema.between(0, 130)), "年龄", "Age"), "sensitive")),
  phone: optional(personal(labelled(Phone, "电话", "Phone"), "phone")),
  idNumber: optional(personal(labelled(Text, "证件号码", "ID number"), "idNumber")),
  email: optional(personal(labelled(Email, "电子邮箱", "E-mail"), "email"))
}).annotations({ identifier: "Guest" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Guest extends Schema.Schema.Type<typeof Guest> {}

/**
 * A booked meal or outing (午餐 / 晚餐 / 娱乐): where, for how many, the budget and the contact.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Booking = (placeZh: string, placeEn: string) =>
  Schema.Struct({
    place: labelled(Text, placeZh, placeEn),
    headcount: labelled(PositiveCount, "人数", "Headcount"),
    budget: labelled(Money.NonNegativeMoney, "预算", "Budget"),
    contact: personal(labelled(Text, "对接人", "Contact"), "contact")
  })

const MealBooking = Booking("餐厅", "Restaurant").annotations({ identifier: "MealBooking" })
const OutingBooking = Booking("地点", "Place").annotations({ identifier: "OutingBooking" })

/**
 * A hotel booking (是否预定房间): hotel, room numbers, rooms and nights (when they differ from the room
 * numbers and the visit's dates), the budget and the contact.
 *
 * @since 0.1.0
 * @category schemas
 */
export const HotelBooking = Schema.Struct({
  hotel: labelled(Text, "酒店", "Hotel"),
  roomNumbers: Schema.optionalWith(labelled(Schema.Array(Text), "房间号", "Room numbers"), {
    default: () => [],
    exact: true
  }),
  rooms: optional(labelled(PositiveCount, "房间数", "Rooms")),
  nights: optional(labelled(PositiveCount, "晚数", "Nights")),
  budget: labelled(Money.NonNegativeMoney, "预算", "Budget"),
  contact: personal(labelled(Text, "对接人", "Contact"), "contact")
}).annotations({ identifier: "HotelBooking" })

/**
 * Tickets booked for the guests (是否预定车票): train or flight, its number (车次 / 航班号), how many.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TicketBooking = Schema.Struct({
  kind: labelled(Schema.Literal("train", "flight"), "类型", "Train or flight"),
  number: labelled(Text, "车次 / 航班号", "Train or flight number"),
  count: labelled(PositiveCount, "张数", "Tickets")
}).annotations({ identifier: "TicketBooking" })

/**
 * Part 2 of the application (接待申请单二): the reception type (高端 / 商务 / 简约, 150 / 80 / 50 a head)
 * and what to prepare. Yes/no questions default to no; a question with details is answered "yes" by
 * giving the details.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PartTwo = Schema.Struct({
  contactPerson: personal(labelled(Text, "对接人", "Contact person"), "contact"),
  receptionType: labelled(ReceptionGrade.GradeId, "接待类型", "Reception type"),
  parkingReserved: flag("是否需要预留车位", "Reserve parking"),
  redCarpetAndLighting: flag("是否需要准备红毯、灯光", "Red carpet and lighting"),
  welcomeMessage: optional(labelled(LongText, "欢迎语", "Welcome message")),
  fruitAndSnacks: optional(labelled(Schema.Literal("fine", "simple"), "水果、点心规格", "Fruit and snacks")),
  tea: optional(
    labelled(
      Schema.NonEmptyArray(Schema.Literal("black-tea", "green-tea", "coffee", "mineral-water")),
      "茶水类型",
      "Tea and drinks"
    )
  ),
  meetingRoom: optional(
    labelled(
      Schema.Struct({
        equipment: labelled(
          Schema.Array(Schema.Literal("computer", "paper", "pencils", "pens", "projector", "clicker")),
          "物品",
          "Equipment"
        )
      }),
      "会议室",
      "Meeting room"
    )
  ),
  mealsOrdered: flag("是否需要订餐", "Meals ordered"),
  gifts: optional(labelled(Schema.Literal("fine", "simple"), "礼品规格", "Gifts")),
  leaderAppointment: optional(
    labelled(
      Schema.Struct({ leader: labelled(Text, "姓名", "Name") }),
      "与公司领导提前有约",
      "Appointment with a company leader"
    )
  ),
  approvedByDepartmentHead: flag("部门负责人是否已批准本次接待", "Approved by the department head"),
  otherMaterials: optional(labelled(LongText, "其他需要提前准备的材料", "Other materials"))
}).annotations({ identifier: "PartTwo" })

/**
 * @since 0.1.0
 * @category models
 */
export interface PartTwo extends Schema.Schema.Type<typeof PartTwo> {}

/**
 * The guest profile (接待对象情况, seed 003 plan 7): the visiting party's organisation, its leader's
 * name, title and personal details, headcount, purpose and requests, arrival and itinerary.
 *
 * @since 0.1.0
 * @category schemas
 */
export const GuestProfile = Schema.Struct({
  organisation: labelled(Text, "单位", "Organisation"),
  name: personal(labelled(Text, "姓名", "Name"), "name"),
  title: labelled(Text, "职务", "Title"),
  gender: optional(personal(labelled(Schema.Literal("female", "male"), "性别", "Gender"), "sensitive")),
  ethnicity: optional(personal(labelled(Text, "民族", "Ethnicity"), "sensitive")),
  religion: optional(personal(labelled(Text, "宗教信仰", "Religion"), "sensitive")),
  dietaryNeeds: optional(personal(labelled(Text, "饮食要求", "Dietary needs"), "sensitive")),
  age: optional(personal(labelled(Schema.Int.pipe(Schema.between(0, 130)), "年龄", "Age"), "sensitive")),
  headcount: labelled(PositiveCount, "人数", "Headcount"),
  purposeAndRequests: labelled(LongText, "来访目的和要求", "Purpose and requests"),
  arrivalTime: optional(labelled(ZonedDateTime, "抵达时间", "Arrival time")),
  arrivalMode: optional(labelled(ArrivalMode, "抵达方式", "Arrival mode")),
  itinerary: Schema.optionalWith(
    labelled(
      Schema.Array(
        Schema.Struct({
          at: labelled(ZonedDateTime, "时间", "Time"),
          activity: labelled(Text, "活动", "Activity"),
          place: optional(labelled(Text, "地点", "Place"))
        })
      ),
      "行程",
      "Itinerary"
    ),
    { default: () => [], exact: true }
  )
}).annotations({ identifier: "GuestProfile" })

/**
 * @since 0.1.0
 * @category models
 */
export interface GuestProfile extends Schema.Schema.Type<typeof GuestProfile> {}

const Fields = Schema.Struct({
  applicant: labelled(Text, "申请人", "Applicant"),
  department: labelled(Text, "申请部门", "Department"),
  contactPerson: personal(labelled(Text, "对接人", "Contact person"), "contact"),
  guestOrganisation: labelled(Text, "来宾单位", "Guest organisation"),
  purpose: labelled(LongText, "来访目的", "Purpose of the visit"),
  visitDate: labelled(LocalDate.LocalDate, "来访日期", "Visit date"),
  departureDate: optional(labelled(LocalDate.LocalDate, "离开日期", "Departure date")),
  budget: labelled(Money.NonNegativeMoney, "预算", "Budget"),
  arrivalTime: optional(labelled(ZonedDateTime, "到达时间", "Arrival time")),
  companionCount: optional(labelled(Count, "随同几人", "Number of companions")),
  arrivalMode: optional(labelled(ArrivalMode, "到达方式", "Arrival mode")),
  licencePlate: optional(personal(labelled(Text, "车牌号", "Licence plate"), "plate")),
  guests: labelled(
    Schema.NonEmptyArray(Guest),
    "来宾（首位为主宾，其余为随同人员）",
    "Guests (the first leads, the rest accompany)"
  ),
  supportStaff: Schema.optionalWith(labelled(Schema.Array(Person), "辅助人员", "Support staff"), {
    default: () => [],
    exact: true
  }),
  carPickup: optional(
    labelled(Schema.Struct({ vehicleType: labelled(Text, "需要车型", "Vehicle type") }), "是否派车接送", "Car pick-up")
  ),
  tickets: optional(labelled(TicketBooking, "是否预定车票", "Tickets")),
  hotel: optional(labelled(HotelBooking, "是否预定房间", "Hotel")),
  lunch: optional(labelled(MealBooking, "是否预定午餐", "Lunch")),
  dinner: optional(labelled(MealBooking, "是否预定晚餐", "Dinner")),
  entertainment: optional(labelled(OutingBooking, "是否安排娱乐", "Entertainment")),
  clientTier: optional(labelled(ClientTier.TierId, "客户类别", "Client tier")),
  visitorLevel: optional(labelled(ReceptionGrade.GradeId, "接待级别", "Visitor level")),
  documents: Schema.optionalWith(labelled(Schema.Array(Text), "随附文件", "Documents"), {
    default: () => [],
    exact: true
  }),
  letter: optional(labelled(OfficialLetter.OfficialLetter, "公函", "Official letter")),
  partTwo: labelled(PartTwo, "接待申请单（二）", "Application part 2"),
  guestProfile: optional(labelled(GuestProfile, "接待对象情况", "Guest profile"))
})

type Issue = { readonly path: ReadonlyArray<PropertyKey>; readonly message: string }

const consistency = (a: Schema.Schema.Type<typeof Fields>): ReadonlyArray<Issue> => {
  const issues: Array<Issue> = []
  if (a.companionCount !== undefined && a.companionCount < a.guests.length - 1) {
    issues.push({
      path: ["companionCount"],
      message: `${a.guests.length - 1} companions are named but the number of companions is ${a.companionCount}`
    })
  }
  if (a.departureDate !== undefined && a.departureDate < a.visitDate) {
    issues.push({
      path: ["departureDate"],
      message: `departs ${a.departureDate}, before the visit date ${a.visitDate}`
    })
  }
  const currency = a.budget.currency
  for (const key of ["hotel", "lunch", "dinner", "entertainment"] as const) {
    const booking = a[key]
    if (booking !== undefined && booking.budget.currency !== currency) {
      issues.push({
        path: [key, "budget", "currency"],
        message: `the budget is in ${currency}; an item budget in ${booking.budget.currency} is never converted implicitly`
      })
    }
  }
  return issues
}

/**
 * The Schema of a reception application (parts 1 and 2, and optionally the guest profile). Besides each
 * field's own checks it rejects more named companions than the stated number, a departure before the
 * visit, and item budgets in another currency than the total budget, each at its field's path.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReceptionApplication = Fields.pipe(
  Schema.filter((a) => {
    const issues = consistency(a)
    return issues.length === 0 ? true : issues
  })
).annotations({ identifier: "ReceptionApplication" })

/**
 * A reception application (接待申请单).
 *
 * @since 0.1.0
 * @category models
 */
export interface ReceptionApplication extends Schema.Schema.Type<typeof ReceptionApplication> {}

/**
 * A reception application as JSON writes it.
 *
 * @since 0.1.0
 * @category models
 */
export type ReceptionApplicationEncoded = Schema.Schema.Encoded<typeof ReceptionApplication>

/**
 * Decodes an application, reporting every problem with its path and label; unknown keys are problems.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decode: (input: unknown) => Either.Either<ReceptionApplication, DecodeProblem.InvalidInput> =
  DecodeProblem.decoder("reception application", ReceptionApplication)

/**
 * Encodes an application to JSON-ready data.
 *
 * @since 0.1.0
 * @category encoding
 */
export const encode: (application: ReceptionApplication) => ReceptionApplicationEncoded =
  Schema.encodeSync(ReceptionApplication)

/**
 * Decodes a guest profile, reporting every problem with its path and label.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeGuestProfile: (input: unknown) => Either.Either<GuestProfile, DecodeProblem.InvalidInput> =
  DecodeProblem.decoder("guest profile", GuestProfile)

/**
 * The number of guests: the lead guest and the companions (the stated number when more than are named).
 *
 * @since 0.1.0
 * @category getters
 */
export const headcount = (application: ReceptionApplication): number =>
  1 + Math.max(application.companionCount ?? 0, application.guests.length - 1)

/**
 * The labelled fields of the form, for rendering it in Chinese or English.
 *
 * @since 0.1.0
 * @category getters
 */
export const fields: ReadonlyArray<Label.Field> = Label.fields(ReceptionApplication)
