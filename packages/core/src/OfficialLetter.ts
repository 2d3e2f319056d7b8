/**
 * The sending unit's official letter (公函): who sends whom on an official visit.
 *
 * Chinese official-reception rules receive no visit without the sending unit's letter, and the guests
 * received must be the ones it names. A letter here is what the reception office reads off it: the
 * sending unit, the reference number (文号) and date when known, and the guests it names with their
 * units (and titles). It travels on the application (`ReceptionApplication`'s `letter`) and on an
 * engagement's facts, where the budget policy's `letter-match` rule compares the visit list with it.
 *
 * A letter only said to be at hand, without its list, is the document name {@link documentName}
 * among an application's documents: the letter exists, but the visit list cannot be matched.
 *
 * @since 0.1.0
 */
import type * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as DecodeProblem from "./DecodeProblem.js"
import * as Label from "./Label.js"
import * as LocalDate from "./LocalDate.js"
import { personal } from "./PersonalData.js"

const { labelled } = Label
const Text = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(200))
const optional = <A, I, R>(schema: Schema.Schema<A, I, R>) => Schema.optionalWith(schema, { exact: true })

/**
 * A guest the letter names: name and unit (单位), and title when the letter gives it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const LetterGuest = Schema.Struct({
  name: personal(labelled(Text, "姓名", "Name"), "name"),
  unit: labelled(Text, "单位", "Unit"),
  title: optional(labelled(Text, "职务", "Title"))
}).annotations({ identifier: "LetterGuest" })

/**
 * @since 0.1.0
 * @category models
 */
export interface LetterGuest extends Schema.Schema.Type<typeof LetterGuest> {}

/**
 * An official letter (公函): the sending unit (来函单位), its reference number and date when known, and
 * the guests it names (at least one).
 *
 * @since 0.1.0
 * @category schemas
 */
export const OfficialLetter = Schema.Struct({
  from: labelled(Text, "来函单位", "Sending unit"),
  reference: optional(labelled(Text, "文号", "Reference number")),
  date: optional(labelled(LocalDate.LocalDate, "发函日期", "Date of the letter")),
  guests: labelled(Schema.NonEmptyArray(LetterGuest), "来访人员名单", "Guests named")
}).annotations({ identifier: "OfficialLetter" })

/**
 * @since 0.1.0
 * @category models
 */
export interface OfficialLetter extends Schema.Schema.Type<typeof OfficialLetter> {}

/**
 * The document name of an official letter among an application's or an engagement's documents:
 * `"official-letter"`.
 *
 * @since 0.1.0
 * @category constants
 */
export const documentName = "official-letter"

/**
 * Decodes a letter, reporting every problem with its path (`guests[1].unit: is missing`).
 *
 * @since 0.1.0
 * @category decoding
 */
export const decode: (input: unknown) => Either.Either<OfficialLetter, DecodeProblem.InvalidInput> =
  DecodeProblem.decoder("official letter", OfficialLetter)

/**
 * A guest of the visit whom the letter does not name: the guest, and the letter's entry of the same
 * name under another unit, if there is one (a unit written differently, or another person).
 *
 * @since 0.1.0
 * @category models
 */
export interface Unlisted {
  readonly visitor: { readonly name: string; readonly organisation: string }
  readonly sameName?: LetterGuest
}

const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase()

/**
 * Whether the letter names a guest: the same name and the same unit (trimmed, case-insensitive).
 *
 * @since 0.1.0
 * @category matching
 */
export const names = (
  letter: OfficialLetter,
  visitor: { readonly name: string; readonly organisation: string }
): boolean => letter.guests.some((g) => same(g.name, visitor.name) && same(g.unit, visitor.organisation))

/**
 * The guests of a visit whom the letter does not name, in the visit's order.
 *
 * @since 0.1.0
 * @category matching
 */
export const unlisted = (
  letter: OfficialLetter,
  visitors: ReadonlyArray<{ readonly name: string; readonly organisation: string }>
): ReadonlyArray<Unlisted> => {
  const out: Array<Unlisted> = []
  for (const visitor of visitors) {
    if (names(letter, visitor)) continue
    const sameName = letter.guests.find((g) => same(g.name, visitor.name))
    out.push(sameName === undefined ? { visitor } : { visitor, sameName })
  }
  return out
}
