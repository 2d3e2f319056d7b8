/**
 * The item list (物品清单表, seed 001 附件三): what a reception borrows, rents and uses, who took it out
 * and who brought it back, and at wrap-up the loss-or-damage report (物品清点：丢失和损坏情况).
 *
 * Each row keeps the form's columns — no., category, item, quantity, owner, returned?, checked, notes —
 * with the check-outs and returns behind "returned?" (who, when, how many, how many damaged). Check-out
 * and return are pure transitions that refuse what cannot happen (returning more than is out, an item
 * not on the list) with typed errors, so that at every moment returned ≤ checked out ≤ listed, and the
 * loss report's missing quantity of an item is exactly what was checked out and not returned.
 * Consumables (paper, pencils, pens) are not expected back: what is not returned of them is reported
 * as used, not lost.
 *
 * @since 0.1.0
 */
import type * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as DecodeProblem from "./DecodeProblem.js"
import type * as Directory from "./Directory.js"
import * as Label from "./Label.js"
import * as ReceptionApplication from "./ReceptionApplication.js"
import { ZonedDateTime } from "./ZonedDateTime.js"

/**
 * An item id: lower-case words joined by hyphens (`tea-sets`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ItemId = Schema.String.pipe(
  Schema.pattern(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: () => "expected lower-case words joined by hyphens" })
)

/**
 * The category of an item (分类).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Category = Schema.Literal(
  "tableware",
  "equipment",
  "stationery",
  "refreshments",
  "gifts",
  "materials",
  "other"
)

/**
 * @since 0.1.0
 * @category models
 */
export type Category = typeof Category.Type

/**
 * The categories' names.
 *
 * @since 0.1.0
 * @category constants
 */
export const categoryLabels: { readonly [C in Category]: Label.Label } = {
  tableware: Label.make("茶具餐具", "Tableware"),
  equipment: Label.make("设备", "Equipment"),
  stationery: Label.make("文具", "Stationery"),
  refreshments: Label.make("茶点", "Refreshments"),
  gifts: Label.make("礼品", "Gifts"),
  materials: Label.make("物料", "Materials"),
  other: Label.make("其他", "Other")
}

/**
 * Who took an item out, brought it back or checked it: an id and a name.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PersonRef = Schema.Struct({
  id: Schema.NonEmptyTrimmedString,
  name: Schema.NonEmptyTrimmedString
}).annotations({ identifier: "PersonRef" })

/**
 * @since 0.1.0
 * @category models
 */
export interface PersonRef extends Schema.Schema.Type<typeof PersonRef> {}

/**
 * A person of the directory as a {@link PersonRef}.
 *
 * @since 0.1.0
 * @category constructors
 */
export const personRef = (person: Directory.Person): PersonRef => ({ id: person.id, name: person.name })

const Count = Schema.Int.pipe(Schema.between(0, 100_000))
const Positive = Schema.Int.pipe(Schema.between(1, 100_000))
const Note = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(500))

/**
 * A check-out (领用): who, when, how many.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CheckOut = Schema.Struct({
  by: PersonRef,
  at: ZonedDateTime,
  quantity: Positive
}).annotations({ identifier: "CheckOut" })

/**
 * @since 0.1.0
 * @category models
 */
export interface CheckOut extends Schema.Schema.Type<typeof CheckOut> {}

/**
 * A return (归还): who, when, how many, how many of those damaged (损坏), and a note.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Return = Schema.Struct({
  by: PersonRef,
  at: ZonedDateTime,
  quantity: Positive,
  damaged: Count,
  note: Schema.optionalWith(Note, { exact: true })
})
  .pipe(
    Schema.filter(
      (r) =>
        r.damaged <= r.quantity || {
          path: ["damaged"],
          message: `${r.damaged} damaged of ${r.quantity} returned`
        }
    )
  )
  .annotations({ identifier: "Return" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Return extends Schema.Schema.Type<typeof Return> {}

/**
 * The check at wrap-up (检查): who counted the item, when.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Check = Schema.Struct({
  by: PersonRef,
  at: ZonedDateTime,
  note: Schema.optionalWith(Note, { exact: true })
}).annotations({ identifier: "Check" })

/**
 * A row of the list.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Item = Schema.Struct({
  no: Positive,
  id: ItemId,
  category: Category,
  name: Label.Label,
  /** How many the reception needs (数量). */
  quantity: Count,
  /** False for consumables (paper, pencils): what is not returned was used, not lost. */
  returnable: Schema.Boolean,
  owner: Schema.optionalWith(PersonRef, { exact: true }),
  checkOuts: Schema.Array(CheckOut),
  returns: Schema.Array(Return),
  checked: Schema.optionalWith(Check, { exact: true }),
  notes: Schema.optionalWith(Note, { exact: true })
})
  .pipe(
    Schema.filter((item) => {
      const t = tally(item)
      if (t.checkedOut > item.quantity) {
        return { path: ["checkOuts"], message: `${t.checkedOut} checked out of ${item.quantity} listed` }
      }
      if (t.returned > t.checkedOut) {
        return { path: ["returns"], message: `${t.returned} returned of ${t.checkedOut} checked out` }
      }
      return true
    })
  )
  .annotations({ identifier: "Item" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Item extends Schema.Schema.Type<typeof Item> {}

/**
 * The item list of an engagement: the meeting's time and place (会议时间、会议地点) and the rows.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ItemChecklist = Schema.Struct({
  engagementId: Schema.NonEmptyTrimmedString,
  meeting: Schema.optionalWith(
    Schema.Struct({
      time: Schema.optionalWith(ZonedDateTime, { exact: true }),
      place: Schema.optionalWith(Schema.NonEmptyTrimmedString, { exact: true })
    }),
    { exact: true }
  ),
  items: Schema.Array(Item)
})
  .pipe(
    Schema.filter((list) => {
      const ids = new Set<string>()
      const nos = new Set<number>()
      const issues: Array<{ path: ReadonlyArray<PropertyKey>; message: string }> = []
      list.items.forEach((item, i) => {
        if (ids.has(item.id)) issues.push({ path: ["items", i, "id"], message: `duplicate item "${item.id}"` })
        if (nos.has(item.no)) issues.push({ path: ["items", i, "no"], message: `duplicate no. ${item.no}` })
        ids.add(item.id)
        nos.add(item.no)
      })
      return issues.length === 0 || issues
    })
  )
  .annotations({ identifier: "ItemChecklist" })

/**
 * @since 0.1.0
 * @category models
 */
export interface ItemChecklist extends Schema.Schema.Type<typeof ItemChecklist> {}

/**
 * Decodes a stored item list, reporting every problem with its path.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decode: (input: unknown) => Either.Either<ItemChecklist, DecodeProblem.InvalidInput> =
  DecodeProblem.decoder("item list", ItemChecklist)

/**
 * Encodes an item list to JSON-ready data. Lists made by this module's transitions always encode; a
 * list edited by hand that breaks an invariant (more returned than checked out) is refused.
 *
 * @since 0.1.0
 * @category encoding
 */
export const encode = (
  list: ItemChecklist
): Either.Either<Schema.Schema.Encoded<typeof ItemChecklist>, DecodeProblem.InvalidInput> =>
  Either.mapLeft(Schema.encodeEither(ItemChecklist)(list, { errors: "all" }), (e) =>
    DecodeProblem.fromParseError("item list", ItemChecklist, e)
  )

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/**
 * An operation named an item that is not on the list.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnknownItem extends Schema.TaggedError<UnknownItem>()("UnknownItem", {
  engagementId: Schema.String,
  itemId: Schema.String,
  operation: Schema.Literal("checkOut", "return", "check", "setQuantity")
}) {
  override get message(): string {
    return `${this.engagementId}: no item "${this.itemId}" on the list (${this.operation})`
  }
}

/**
 * A return of more than is out: the item was never checked out, or fewer are out than are returned.
 *
 * @since 0.1.0
 * @category errors
 */
export class ReturnExceedsCheckOut extends Schema.TaggedError<ReturnExceedsCheckOut>()("ReturnExceedsCheckOut", {
  engagementId: Schema.String,
  itemId: Schema.String,
  outstanding: Schema.Int,
  requested: Schema.Int
}) {
  override get message(): string {
    return `${this.engagementId}: ${this.requested} of "${this.itemId}" returned, but only ${this.outstanding} are out`
  }
}

/**
 * A quantity that cannot be: not a positive integer, more checked out than listed, more damaged than
 * returned, or a listed quantity below what is already out.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidQuantity extends Schema.TaggedError<InvalidQuantity>()("InvalidQuantity", {
  engagementId: Schema.String,
  itemId: Schema.String,
  reason: Schema.Literal("not-positive", "more-than-listed", "damaged-more-than-returned", "below-checked-out"),
  detail: Schema.String
}) {
  override get message(): string {
    return `${this.engagementId}: "${this.itemId}": ${this.detail}`
  }
}

/**
 * An item added twice to a list.
 *
 * @since 0.1.0
 * @category errors
 */
export class DuplicateItem extends Schema.TaggedError<DuplicateItem>()("DuplicateItem", {
  engagementId: Schema.String,
  itemId: Schema.String
}) {
  override get message(): string {
    return `${this.engagementId}: "${this.itemId}" is already on the list`
  }
}

// ---------------------------------------------------------------------------------------------
// Constructors
// ---------------------------------------------------------------------------------------------

/**
 * An item to put on a list: numbered in the order given.
 *
 * @since 0.1.0
 * @category models
 */
export interface ItemSpec {
  readonly id: string
  readonly category: Category
  readonly name: Label.Label
  readonly quantity: number
  /** Default true. */
  readonly returnable?: boolean
  readonly owner?: PersonRef
  readonly notes?: string
}

const item = (
  id: string,
  category: Category,
  zh: string,
  en: string,
  quantity: number,
  returnable = true
): ItemSpec => ({
  id,
  category,
  name: Label.make(zh, en),
  quantity,
  returnable
})

/**
 * The seed's items (附件三: 玻璃杯、茶具、果碟、电脑、白纸、铅笔、签字笔、投影仪、翻页笔) for a meeting of
 * `people`. The seed gives no quantities; liaison's defaults: a glass and a set of paper, pencil and
 * pen (consumables) per person, one tea set, four fruit plates (seed 002: 3 servings of one kind of
 * fruit and 1 of the other), one computer, projector and clicker.
 *
 * @since 0.1.0
 * @category constructors
 */
export const seedItems = (people: number): ReadonlyArray<ItemSpec> => [
  item("glasses", "tableware", "玻璃杯", "Glasses", people),
  item("tea-sets", "tableware", "茶具", "Tea sets", 1),
  item("fruit-plates", "tableware", "果碟", "Fruit plates", 4),
  item("computer", "equipment", "电脑", "Computer", 1),
  item("paper", "stationery", "白纸", "Paper", people, false),
  item("pencils", "stationery", "铅笔", "Pencils", people, false),
  item("pens", "stationery", "签字笔", "Pens", people, false),
  item("projector", "equipment", "投影仪", "Projector", 1),
  item("clicker", "equipment", "翻页笔", "Clicker", 1)
]

const nonNegativeInt = (n: number) => Number.isInteger(n) && n >= 0 && n <= 100_000

/**
 * A list from items, numbered 1, 2, … in the order given.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (input: {
  readonly engagementId: string
  readonly meeting?: { readonly time?: DateTime.Zoned; readonly place?: string }
  readonly items: ReadonlyArray<ItemSpec>
}): Either.Either<ItemChecklist, DuplicateItem | InvalidQuantity> => {
  let list: ItemChecklist = {
    engagementId: input.engagementId,
    ...(input.meeting !== undefined ? { meeting: input.meeting } : {}),
    items: []
  }
  for (const spec of input.items) {
    const next = addItem(list, spec)
    if (Either.isLeft(next)) return next
    list = next.right
  }
  return Either.right(list)
}

/**
 * The list an application asks for (附件一 part 2): the meeting-room items it ticks (computer, paper,
 * pencils, pens, projector, clicker), glasses and a tea set when it asks for tea, fruit plates when it
 * asks for fruit; quantities per person for the guests and the support staff, as in {@link seedItems}.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromApplication = (
  application: ReceptionApplication.ReceptionApplication,
  options: {
    readonly engagementId: string
    readonly owner?: PersonRef
    readonly meeting?: { readonly time?: DateTime.Zoned; readonly place?: string }
  }
): Either.Either<ItemChecklist, DuplicateItem | InvalidQuantity> => {
  const people = ReceptionApplication.headcount(application) + application.supportStaff.length
  const part = application.partTwo
  const wanted = new Set<string>(part.meetingRoom?.equipment ?? [])
  if (part.tea !== undefined) {
    wanted.add("glasses")
    wanted.add("tea-sets")
  }
  if (part.fruitAndSnacks !== undefined) wanted.add("fruit-plates")
  return make({
    engagementId: options.engagementId,
    ...(options.meeting !== undefined ? { meeting: options.meeting } : {}),
    items: seedItems(people)
      .filter((s) => wanted.has(s.id))
      .map((s) => (options.owner !== undefined ? { ...s, owner: options.owner } : s))
  })
}

/**
 * Adds an item at the end of the list, with the next number.
 *
 * @since 0.1.0
 * @category transitions
 */
export const addItem = (
  list: ItemChecklist,
  spec: ItemSpec
): Either.Either<ItemChecklist, DuplicateItem | InvalidQuantity> => {
  if (list.items.some((i) => i.id === spec.id)) {
    return Either.left(new DuplicateItem({ engagementId: list.engagementId, itemId: spec.id }))
  }
  if (!nonNegativeInt(spec.quantity)) {
    return Either.left(
      new InvalidQuantity({
        engagementId: list.engagementId,
        itemId: spec.id,
        reason: "not-positive",
        detail: `a quantity is a whole number from 0 to 100000, got ${spec.quantity}`
      })
    )
  }
  const no = list.items.reduce((max, i) => Math.max(max, i.no), 0) + 1
  const row: Item = {
    no,
    id: spec.id,
    category: spec.category,
    name: spec.name,
    quantity: spec.quantity,
    returnable: spec.returnable ?? true,
    ...(spec.owner !== undefined ? { owner: spec.owner } : {}),
    checkOuts: [],
    returns: [],
    ...(spec.notes !== undefined ? { notes: spec.notes } : {})
  }
  return Either.right({ ...list, items: [...list.items, row] })
}

// ---------------------------------------------------------------------------------------------
// Transitions
// ---------------------------------------------------------------------------------------------

/**
 * An item's counts: checked out, returned, damaged among the returned, still out.
 *
 * @since 0.1.0
 * @category getters
 */
export const tally = (item: {
  readonly checkOuts: ReadonlyArray<{ readonly quantity: number }>
  readonly returns: ReadonlyArray<{ readonly quantity: number; readonly damaged: number }>
}): {
  readonly checkedOut: number
  readonly returned: number
  readonly damaged: number
  readonly outstanding: number
} => {
  let checkedOut = 0
  let returned = 0
  let damaged = 0
  for (const c of item.checkOuts) checkedOut += c.quantity
  for (const r of item.returns) {
    returned += r.quantity
    damaged += r.damaged
  }
  return { checkedOut, returned, damaged, outstanding: checkedOut - returned }
}

const positiveInt = (n: number) => Number.isInteger(n) && n >= 1 && n <= 100_000

const update = <E>(
  list: ItemChecklist,
  itemId: string,
  operation: UnknownItem["operation"],
  f: (item: Item) => Either.Either<Item, E>
): Either.Either<ItemChecklist, UnknownItem | E> => {
  const index = list.items.findIndex((i) => i.id === itemId)
  if (index < 0) return Either.left(new UnknownItem({ engagementId: list.engagementId, itemId, operation }))
  return Either.map(f(list.items[index]!), (next) => ({
    ...list,
    items: list.items.map((i, j) => (j === index ? next : i))
  }))
}

const notPositive = (list: ItemChecklist, itemId: string, quantity: number) =>
  new InvalidQuantity({
    engagementId: list.engagementId,
    itemId,
    reason: "not-positive",
    detail: `a quantity is a whole number from 1 to 100000, got ${quantity}`
  })

/**
 * Checks items out (领用): at most the listed quantity may be out in all.
 *
 * @since 0.1.0
 * @category transitions
 */
export const checkOut = (
  list: ItemChecklist,
  input: { readonly item: string; readonly quantity: number; readonly by: PersonRef; readonly at: DateTime.Zoned }
): Either.Either<ItemChecklist, UnknownItem | InvalidQuantity> =>
  update(list, input.item, "checkOut", (item): Either.Either<Item, InvalidQuantity> => {
    if (!positiveInt(input.quantity)) return Either.left(notPositive(list, item.id, input.quantity))
    const out = tally(item).checkedOut
    if (out + input.quantity > item.quantity) {
      return Either.left(
        new InvalidQuantity({
          engagementId: list.engagementId,
          itemId: item.id,
          reason: "more-than-listed",
          detail: `${input.quantity} more checked out would make ${out + input.quantity} of ${item.quantity} listed; raise the quantity first`
        })
      )
    }
    return Either.right({
      ...item,
      checkOuts: [...item.checkOuts, { by: input.by, at: input.at, quantity: input.quantity }]
    })
  })

/**
 * Returns items (归还), some of them possibly damaged: never more than are out.
 *
 * @since 0.1.0
 * @category transitions
 */
export const returnItem = (
  list: ItemChecklist,
  input: {
    readonly item: string
    readonly quantity: number
    readonly by: PersonRef
    readonly at: DateTime.Zoned
    /** How many of those returned are damaged; default 0. */
    readonly damaged?: number
    readonly note?: string
  }
): Either.Either<ItemChecklist, UnknownItem | ReturnExceedsCheckOut | InvalidQuantity> =>
  update(list, input.item, "return", (item): Either.Either<Item, ReturnExceedsCheckOut | InvalidQuantity> => {
    if (!positiveInt(input.quantity)) return Either.left(notPositive(list, item.id, input.quantity))
    const damaged = input.damaged ?? 0
    if (!nonNegativeInt(damaged) || damaged > input.quantity) {
      return Either.left(
        new InvalidQuantity({
          engagementId: list.engagementId,
          itemId: item.id,
          reason: "damaged-more-than-returned",
          detail: `${damaged} damaged of ${input.quantity} returned`
        })
      )
    }
    const outstanding = tally(item).outstanding
    if (input.quantity > outstanding) {
      return Either.left(
        new ReturnExceedsCheckOut({
          engagementId: list.engagementId,
          itemId: item.id,
          outstanding,
          requested: input.quantity
        })
      )
    }
    return Either.right({
      ...item,
      returns: [
        ...item.returns,
        {
          by: input.by,
          at: input.at,
          quantity: input.quantity,
          damaged,
          ...(input.note !== undefined ? { note: input.note } : {})
        }
      ]
    })
  })

/**
 * Records that an item was counted at wrap-up (检查); a later check replaces an earlier one.
 *
 * @since 0.1.0
 * @category transitions
 */
export const markChecked = (
  list: ItemChecklist,
  input: { readonly item: string; readonly by: PersonRef; readonly at: DateTime.Zoned; readonly note?: string }
): Either.Either<ItemChecklist, UnknownItem> =>
  update(list, input.item, "check", (item) =>
    Either.right({
      ...item,
      checked: { by: input.by, at: input.at, ...(input.note !== undefined ? { note: input.note } : {}) }
    })
  )

/**
 * Changes the listed quantity of an item; never below what is already out.
 *
 * @since 0.1.0
 * @category transitions
 */
export const setQuantity = (
  list: ItemChecklist,
  itemId: string,
  quantity: number
): Either.Either<ItemChecklist, UnknownItem | InvalidQuantity> =>
  update(list, itemId, "setQuantity", (item): Either.Either<Item, InvalidQuantity> => {
    if (!nonNegativeInt(quantity)) {
      return Either.left(
        new InvalidQuantity({
          engagementId: list.engagementId,
          itemId,
          reason: "not-positive",
          detail: `a quantity is a whole number from 0 to 100000, got ${quantity}`
        })
      )
    }
    const out = tally(item).checkedOut
    if (quantity < out) {
      return Either.left(
        new InvalidQuantity({
          engagementId: list.engagementId,
          itemId,
          reason: "below-checked-out",
          detail: `${out} are already checked out; the quantity cannot be ${quantity}`
        })
      )
    }
    return Either.right({ ...item, quantity })
  })

// ---------------------------------------------------------------------------------------------
// Wrap-up
// ---------------------------------------------------------------------------------------------

/**
 * A line of the loss-or-damage report: a returnable item with some missing or damaged.
 *
 * @since 0.1.0
 * @category schemas
 */
export const LossLine = Schema.Struct({
  no: Positive,
  itemId: ItemId,
  name: Label.Label,
  category: Category,
  owner: Schema.optionalWith(PersonRef, { exact: true }),
  checkedOut: Count,
  returned: Count,
  /** Checked out and not returned (丢失或未归还). */
  missing: Count,
  /** Returned damaged (损坏). */
  damaged: Count,
  /** The notes of the returns with damage, and of the check. */
  notes: Schema.Array(Schema.String)
}).annotations({ identifier: "LossLine" })

/**
 * @since 0.1.0
 * @category models
 */
export interface LossLine extends Schema.Schema.Type<typeof LossLine> {}

/**
 * The loss-or-damage report at wrap-up: the lines with something missing or damaged, the consumables
 * used, the items out but not yet checked, and whether all is back in order.
 *
 * @since 0.1.0
 * @category schemas
 */
export const LossReport = Schema.Struct({
  engagementId: Schema.String,
  lines: Schema.Array(LossLine),
  consumed: Schema.Array(Schema.Struct({ no: Positive, itemId: ItemId, name: Label.Label, used: Count })),
  unchecked: Schema.Array(ItemId),
  missing: Count,
  damaged: Count,
  /** Nothing missing, nothing damaged, everything that went out checked. */
  complete: Schema.Boolean
}).annotations({ identifier: "LossReport" })

/**
 * @since 0.1.0
 * @category models
 */
export interface LossReport extends Schema.Schema.Type<typeof LossReport> {}

/**
 * The loss-or-damage report of a list (根据物品清单清点物品是否有丢失和损坏).
 *
 * @since 0.1.0
 * @category wrap-up
 */
export const lossReport = (list: ItemChecklist): LossReport => {
  const lines: Array<LossLine> = []
  const consumed: Array<LossReport["consumed"][number]> = []
  const unchecked: Array<string> = []
  let missing = 0
  let damaged = 0
  for (const item of list.items) {
    const t = tally(item)
    if (t.checkedOut > 0 && item.checked === undefined) unchecked.push(item.id)
    if (!item.returnable) {
      if (t.outstanding > 0) consumed.push({ no: item.no, itemId: item.id, name: item.name, used: t.outstanding })
      continue
    }
    if (t.outstanding === 0 && t.damaged === 0) continue
    missing += t.outstanding
    damaged += t.damaged
    const notes = [
      ...item.returns.flatMap((r) => (r.damaged > 0 && r.note !== undefined ? [r.note] : [])),
      ...(item.checked?.note !== undefined ? [item.checked.note] : [])
    ]
    lines.push({
      no: item.no,
      itemId: item.id,
      name: item.name,
      category: item.category,
      ...(item.owner !== undefined ? { owner: item.owner } : {}),
      checkedOut: t.checkedOut,
      returned: t.returned,
      missing: t.outstanding,
      damaged: t.damaged,
      notes
    })
  }
  return {
    engagementId: list.engagementId,
    lines,
    consumed,
    unchecked,
    missing,
    damaged,
    complete: missing === 0 && damaged === 0 && unchecked.length === 0
  }
}
