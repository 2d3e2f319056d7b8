/**
 * Decode problems: every way an input failed its Schema, each with its path, as text and as data.
 *
 * Input is decoded with `{ errors: "all" }`, so one pass reports every problem of a form, each at a
 * path written the way people read it (`guests[2].title`), with the field's zh-CN and English label
 * where the Schema has one. The same problems come as a machine-readable list and as readable text.
 *
 * Values that may hold personal data (fields marked with `PersonalData.personal`, and whole objects
 * or unknown keys of the parts of a Schema holding such fields) are withheld from the messages and the
 * tree: a bad phone number is reported at `guests[0].phone` with `actual ‹withheld: personal data
 * (phone)›`, never echoed.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Issues from "./internal/issues.js"
import * as Label from "./Label.js"
import * as PersonalData from "./PersonalData.js"

/**
 * One problem: where (`path`, and the raw `segments`), what kind (`Missing`, `Unexpected`, `Type`,
 * `Refinement`, … as `ParseResult.ArrayFormatter` names them), the message, and the field's label.
 *
 * @since 0.1.0
 * @category models
 */
export interface DecodeProblem {
  readonly path: string
  readonly segments: ReadonlyArray<string | number>
  readonly kind: string
  readonly message: string
  readonly label?: Label.Label
}

/**
 * The Schema of a {@link DecodeProblem}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DecodeProblem: Schema.Schema<DecodeProblem> = Schema.Struct({
  path: Schema.String,
  segments: Schema.Array(Schema.Union(Schema.String, Schema.Number)),
  kind: Schema.String,
  message: Schema.String,
  label: Schema.optionalWith(Label.Label, { exact: true })
}).annotations({ identifier: "DecodeProblem" })

/**
 * Writes a decode path the way a reader expects: `["guests", 2, "title"]` → `guests[2].title`;
 * the empty path is `(root)`.
 *
 * @since 0.1.0
 * @category formatting
 */
export const formatPath = (segments: ReadonlyArray<PropertyKey>): string => {
  let out = ""
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`
    else {
      const name = String(s)
      out += /^[A-Za-z_$][\w$-]*$/.test(name) ? (out === "" ? name : `.${name}`) : `[${JSON.stringify(name)}]`
    }
  }
  return out === "" ? "(root)" : out
}

/**
 * Writes problems as text, one line each: `guests[2].title (职务 / Title): is missing`.
 *
 * @since 0.1.0
 * @category formatting
 */
export const formatText = (problems: ReadonlyArray<DecodeProblem>): string =>
  problems
    .map((p) => `${p.path}${p.label === undefined ? "" : ` (${p.label["zh-CN"]} / ${p.label.en})`}: ${p.message}`)
    .join("\n")

/**
 * The error of decoding an input that does not fit its Schema: every problem as data (`problems`),
 * as one line each (`message`) and as Effect's tree (`tree`).
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidInput extends Schema.TaggedError<InvalidInput>()("InvalidInput", {
  subject: Schema.String,
  problems: Schema.Array(DecodeProblem),
  tree: Schema.String
}) {
  override get message(): string {
    return `invalid ${this.subject}:\n${formatText(this.problems)}`
  }
}

/**
 * The problems of a parse error, labelled from the Schema that failed, with values that may hold
 * personal data withheld ({@link PersonalData.maskParseError}).
 *
 * @since 0.1.0
 * @category conversions
 */
export const fromParseError = (
  subject: string,
  schema: Schema.Schema.Any,
  parseError: ParseResult.ParseError
): InvalidInput => {
  const error = PersonalData.maskParseError(schema, parseError)
  const problems = Issues.issuesOf(error).map((issue): DecodeProblem => {
    const segments = issue.path.map((s) => (typeof s === "number" ? s : String(s)))
    const base = { path: formatPath(issue.path), segments, kind: issue._tag, message: issue.message }
    return Option.match(Label.at(schema, issue.path), { onNone: () => base, onSome: (label) => ({ ...base, label }) })
  })
  return new InvalidInput({ subject, problems, tree: Issues.treeOf(error) })
}

/**
 * A decoder that reports every problem of an input (`errors: "all"`) and rejects unknown keys
 * (a misspelt field is a problem, not a silently dropped value).
 *
 * @since 0.1.0
 * @category decoding
 */
export const decoder = <A, I>(
  subject: string,
  schema: Schema.Schema<A, I, never>
): ((input: unknown) => Either.Either<A, InvalidInput>) => {
  const decode = Issues.decodeUnknownEither(schema, { errors: "all", onExcessProperty: "error" })
  return (input) => Either.mapLeft(decode(input), (error) => fromParseError(subject, schema, error))
}
