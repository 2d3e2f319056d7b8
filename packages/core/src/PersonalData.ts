/**
 * Personal data (个人信息): the fields of the Schemas that identify a guest, marked where they are
 * declared, and what follows from the marks.
 *
 * A field is marked with {@link personal} and a {@link Kind} (`name`, `phone`, `idNumber`, `plate`,
 * `email`, `contact`, `sensitive`). Everything else is derived from the Schemas, so it cannot drift
 * from them: {@link paths} lists the marked paths of a Schema (`guests[].phone`), {@link valuesOf} the
 * marked values of a value, {@link maskParseError} withholds the input's values from a parse error
 * wherever they may hold personal data (every decoder of `DecodeProblem` uses it: a bad phone number
 * is reported at its path, never echoed), {@link scrub} removes known values from free text (the
 * ledger's reasons and budget verdicts go through it), and {@link anonymise} replaces the marked
 * fields of a value (the `Retention` module applies it to stored engagements).
 *
 * Anonymisation is not reversible and keeps nothing of the person: a marked field that is optional
 * is removed; a required one (a guest's name, a contact) becomes the fixed placeholder
 * `匿名 anonymised <n>`, `n` numbering the required marked fields of the value in the Schema's order
 * (so two guests of one engagement stay two rows, and anonymising twice changes nothing).
 *
 * @since 0.1.0
 */
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as AST from "effect/SchemaAST"

/**
 * The annotation that marks a field as personal data; its value is the field's {@link Kind}.
 *
 * @since 0.1.0
 * @category annotations
 */
export const PersonalDataId: unique symbol = Symbol.for("@liaison/core/PersonalData")

/**
 * What kind of personal data a field holds:
 *
 * - `name`: a person's name (a guest, a companion, a respondent, a contact person);
 * - `phone`, `email`: how to reach them;
 * - `idNumber`: an identity document's number (居民身份证号, passport);
 * - `plate`: a vehicle's licence plate (车牌号);
 * - `contact`: a contact line that may hold a name and a number together (对接人);
 * - `sensitive`: facts about a person that identify them together with the others and that the law
 *   protects most (gender, ethnicity, religion, dietary needs, age).
 *
 * @since 0.1.0
 * @category models
 */
export const Kind = Schema.Literal("name", "phone", "email", "idNumber", "plate", "contact", "sensitive")

/**
 * @since 0.1.0
 * @category models
 */
export type Kind = typeof Kind.Type

/**
 * Marks a Schema as personal data of a kind.
 *
 * @example
 * import { PersonalData } from "@liaison/core"
 * import { Schema } from "effect"
 *
 * const Visitor = Schema.Struct({
 *   name: PersonalData.personal(Schema.String, "name"),
 *   purpose: Schema.String
 * })
 * PersonalData.paths(Visitor) // [{ path: "name", kind: "name" }]
 *
 * @since 0.1.0
 * @category annotations
 */
export const personal = <A, I, R>(schema: Schema.Schema<A, I, R>, kind: Kind): Schema.Schema<A, I, R> =>
  schema.annotations({ [PersonalDataId]: kind })

/**
 * The kind of personal data an AST node is marked with (looking through refinements and the
 * defined member of an optional field), if any.
 *
 * @since 0.1.0
 * @category annotations
 */
export const kindOf = (ast: AST.AST): Kind | undefined => {
  const own = ast.annotations[PersonalDataId] as Kind | undefined
  if (own !== undefined) return own
  switch (ast._tag) {
    case "Refinement":
      return kindOf(ast.from)
    case "Transformation":
      return kindOf(ast.from) ?? kindOf(ast.to)
    default:
      return undefined
  }
}

const MAX_DEPTH = 16

const containsMemo = new WeakMap<AST.AST, boolean>()

/**
 * Whether an AST node is, or holds somewhere inside it, a field marked as personal data.
 *
 * @since 0.1.0
 * @category annotations
 */
export const containsPersonal = (ast: AST.AST, depth = 0): boolean => {
  const memo = containsMemo.get(ast)
  if (memo !== undefined) return memo
  if (depth > MAX_DEPTH) return false
  let found = kindOf(ast) !== undefined
  if (!found) {
    switch (ast._tag) {
      case "Refinement":
        found = containsPersonal(ast.from, depth + 1)
        break
      case "Transformation":
        found = containsPersonal(ast.from, depth + 1) || containsPersonal(ast.to, depth + 1)
        break
      case "Suspend":
        found = containsPersonal(ast.f(), depth + 1)
        break
      case "Union":
        found = ast.types.some((t) => containsPersonal(t, depth + 1))
        break
      case "TupleType":
        found =
          ast.elements.some((e) => containsPersonal(e.type, depth + 1)) ||
          ast.rest.some((r) => containsPersonal(r.type, depth + 1))
        break
      case "TypeLiteral":
        found =
          ast.propertySignatures.some((p) => containsPersonal(p.type, depth + 1)) ||
          ast.indexSignatures.some((s) => containsPersonal(s.type, depth + 1))
        break
      default:
        found = false
    }
  }
  containsMemo.set(ast, found)
  return found
}

/**
 * A marked path of a Schema: `guests[].phone` (`[]` stands for every element of an array).
 *
 * @since 0.1.0
 * @category models
 */
export interface MarkedPath {
  readonly path: string
  readonly kind: Kind
}

const join = (prefix: string, name: string) => (prefix === "" ? name : `${prefix}.${name}`)

const walkPaths = (ast: AST.AST, prefix: string, out: Map<string, Kind>, depth: number): void => {
  if (depth > MAX_DEPTH) return
  const kind = kindOf(ast)
  if (kind !== undefined) {
    out.set(prefix === "" ? "(root)" : prefix, kind)
    return
  }
  switch (ast._tag) {
    case "Refinement":
      walkPaths(ast.from, prefix, out, depth)
      return
    case "Transformation":
      walkPaths(ast.from, prefix, out, depth)
      return
    case "Suspend":
      walkPaths(ast.f(), prefix, out, depth + 1)
      return
    case "Union":
      for (const member of ast.types) walkPaths(member, prefix, out, depth)
      return
    case "TupleType":
      for (const e of ast.elements) walkPaths(e.type, `${prefix}[]`, out, depth + 1)
      for (const r of ast.rest) walkPaths(r.type, `${prefix}[]`, out, depth + 1)
      return
    case "TypeLiteral":
      for (const p of ast.propertySignatures) walkPaths(p.type, join(prefix, String(p.name)), out, depth + 1)
      for (const s of ast.indexSignatures) walkPaths(s.type, join(prefix, "*"), out, depth + 1)
      return
    default:
      return
  }
}

/**
 * Every marked path of a Schema, in the Schema's order.
 *
 * @since 0.1.0
 * @category getters
 */
export const paths = (schema: Schema.Schema.Any): ReadonlyArray<MarkedPath> => {
  const out = new Map<string, Kind>()
  walkPaths(schema.ast, "", out, 0)
  return [...out].map(([path, kind]) => ({ path, kind }))
}

/**
 * A marked value found in a value: its concrete path (`guests[2].phone`), segments and kind.
 *
 * @since 0.1.0
 * @category models
 */
export interface MarkedValue {
  readonly path: string
  readonly segments: ReadonlyArray<string | number>
  readonly kind: Kind
  readonly value: string | number | boolean
}

const formatSegments = (segments: ReadonlyArray<string | number>): string => {
  let out = ""
  for (const s of segments) out += typeof s === "number" ? `[${s}]` : out === "" ? s : `.${s}`
  return out === "" ? "(root)" : out
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

type Visit = (kind: Kind, segments: ReadonlyArray<string | number>, value: unknown) => unknown

/** Rebuilds `value` with `visit` applied to each marked leaf (REMOVE drops an optional property). */
const REMOVE: unique symbol = Symbol("remove")

const walkValue = (
  ast: AST.AST,
  value: unknown,
  segments: ReadonlyArray<string | number>,
  visit: Visit,
  depth: number
): unknown => {
  if (depth > MAX_DEPTH || value === undefined) return value
  const kind = kindOf(ast)
  if (kind !== undefined) return visit(kind, segments, value)
  if (!containsPersonal(ast)) return value
  switch (ast._tag) {
    case "Refinement":
    case "Transformation":
      return walkValue(ast.from, value, segments, visit, depth)
    case "Suspend":
      return walkValue(ast.f(), value, segments, visit, depth + 1)
    case "Union": {
      let out: unknown = value
      for (const member of ast.types) out = walkValue(member, out, segments, visit, depth)
      return out
    }
    case "TupleType": {
      if (!Array.isArray(value)) return value
      let changed = false
      const next = value.map((item, i) => {
        const type = ast.elements[i]?.type ?? ast.rest[0]?.type
        const v = type === undefined ? item : walkValue(type, item, [...segments, i], visit, depth + 1)
        if (v !== item) changed = true
        return v
      })
      return changed ? next : value
    }
    case "TypeLiteral": {
      if (!isRecord(value)) return value
      let next: Record<string, unknown> | undefined
      for (const p of ast.propertySignatures) {
        const name = p.name
        if (typeof name !== "string" || !Object.hasOwn(value, name)) continue
        const before = value[name]
        const after = walkValue(p.type, before, [...segments, name], visit, depth + 1)
        if (after === before) continue
        next ??= { ...value }
        if (after === REMOVE) {
          if (p.isOptional) delete next[name]
        } else next[name] = after
      }
      return next ?? value
    }
    default:
      return value
  }
}

/**
 * The marked values held in a value of a Schema (strings, numbers and booleans at marked paths),
 * in the Schema's order.
 *
 * @since 0.1.0
 * @category getters
 */
export const valuesOf = <A, I, R>(schema: Schema.Schema<A, I, R>, value: A): ReadonlyArray<MarkedValue> => {
  const out: Array<MarkedValue> = []
  walkValue(
    schema.ast,
    value,
    [],
    (kind, segments, v) => {
      if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") {
        out.push({ path: formatSegments(segments), segments, kind, value: v })
      }
      return v
    },
    0
  )
  return out
}

/**
 * The marked values that identify a person by themselves and are text: what free text is scrubbed
 * of. Sensitive details (gender, age, religion, …) and numbers are left out: alone they identify
 * nobody, and as text they are common words and digits found everywhere ("male" in "female", an age
 * of 51 in "510 CNY").
 *
 * @since 0.1.0
 * @category masking
 */
export const identifying = <V extends Pick<MarkedValue, "kind" | "value">>(
  values: ReadonlyArray<V>
): ReadonlyArray<V> => values.filter((v) => v.kind !== "sensitive" && typeof v.value === "string")

/**
 * The placeholder of the `n`th required marked field of an anonymised value.
 *
 * @since 0.1.0
 * @category anonymisation
 */
export const placeholder = (n: number): string => `匿名 anonymised ${n}`

/**
 * Whether a text is an anonymisation placeholder.
 *
 * @since 0.1.0
 * @category anonymisation
 */
export const isPlaceholder = (text: unknown): boolean => typeof text === "string" && /^匿名 anonymised \d+$/.test(text)

/**
 * Anonymises a value of a Schema: optional marked fields are removed, required ones replaced by
 * {@link placeholder}s. Only the marked paths accepted by `select` (all, by default) are touched.
 * Deterministic and idempotent.
 *
 * @since 0.1.0
 * @category anonymisation
 */
export const anonymise = <A, I, R>(
  schema: Schema.Schema<A, I, R>,
  value: A,
  select: (marked: MarkedValue) => boolean = () => true
): A => {
  let n = 0
  const optionalAt = new Set<string>()
  collectOptional(schema.ast, "", optionalAt, 0)
  return walkValue(
    schema.ast,
    value,
    [],
    (kind, segments, v) => {
      const generic = genericPath(segments)
      const optional = optionalAt.has(generic)
      if (!optional) n += 1
      if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") return v
      if (!select({ path: formatSegments(segments), segments, kind, value: v })) return v
      return optional ? REMOVE : placeholder(n)
    },
    0
  ) as A
}

const genericPath = (segments: ReadonlyArray<string | number>): string =>
  segments.map((s) => (typeof s === "number" ? "[]" : s)).join("/")

const collectOptional = (ast: AST.AST, prefix: string, out: Set<string>, depth: number): void => {
  if (depth > MAX_DEPTH || !containsPersonal(ast)) return
  switch (ast._tag) {
    case "Refinement":
    case "Transformation":
      collectOptional(ast.from, prefix, out, depth)
      return
    case "Suspend":
      collectOptional(ast.f(), prefix, out, depth + 1)
      return
    case "Union":
      for (const member of ast.types) collectOptional(member, prefix, out, depth)
      return
    case "TupleType":
      for (const e of ast.elements) collectOptional(e.type, join2(prefix, "[]"), out, depth + 1)
      for (const r of ast.rest) collectOptional(r.type, join2(prefix, "[]"), out, depth + 1)
      return
    case "TypeLiteral":
      for (const p of ast.propertySignatures) {
        const path = join2(prefix, String(p.name))
        if (p.isOptional && kindOf(p.type) !== undefined) out.add(path)
        collectOptional(p.type, path, out, depth + 1)
      }
      return
    default:
      return
  }
}

const join2 = (prefix: string, name: string) => (prefix === "" ? name : `${prefix}/${name}`)

/**
 * Replaces every occurrence of the given values in a text by what `replacement` says for each
 * (by default `‹personal data›`); longer values first, so a full name goes before a part of it.
 * Values shorter than two characters are left alone (they would match inside any word).
 *
 * @since 0.1.0
 * @category masking
 */
export const scrub = (
  text: string,
  values: ReadonlyArray<{ readonly value: string | number | boolean; readonly path?: string }>,
  replacement: (value: { readonly path?: string }) => string = () => "‹personal data›"
): string => {
  const sorted = values
    .map((v) => ({ ...v, text: String(v.value).trim() }))
    .filter((v) => v.text.length >= 2)
    .sort((a, b) => b.text.length - a.text.length)
  let out = text
  for (const v of sorted) if (out.includes(v.text)) out = out.split(v.text).join(replacement(v))
  return out
}

/**
 * What a parse error shows in place of a value that may hold personal data.
 *
 * @since 0.1.0
 * @category masking
 */
export class Withheld {
  constructor(readonly kind: Kind | undefined) {}
  toString(): string {
    return this.kind === undefined ? "‹withheld: may hold personal data›" : `‹withheld: personal data (${this.kind})›`
  }
  toJSON(): string {
    return this.toString()
  }
}

const withheld = (actual: unknown, kind: Kind | undefined): unknown =>
  actual === undefined || actual === null ? actual : new Withheld(kind)

const maskIssue = (
  issue: ParseResult.ParseIssue,
  marked: Kind | undefined,
  parentContains: boolean
): ParseResult.ParseIssue => {
  switch (issue._tag) {
    case "Missing":
      return issue
    case "Unexpected":
      return marked !== undefined || parentContains
        ? new ParseResult.Unexpected(withheld(issue.actual, marked), issue.message)
        : issue
    case "Pointer":
      return new ParseResult.Pointer(
        issue.path,
        marked !== undefined || parentContains ? withheld(issue.actual, marked) : issue.actual,
        maskIssue(issue.issue, marked, parentContains)
      )
    default: {
      const kind = marked ?? kindOf(issue.ast)
      const contains = kind !== undefined || containsPersonal(issue.ast)
      const actual = contains ? withheld(issue.actual, kind) : issue.actual
      switch (issue._tag) {
        case "Type":
          return contains ? new ParseResult.Type(issue.ast, actual, issue.message) : issue
        case "Forbidden":
          return contains ? new ParseResult.Forbidden(issue.ast, actual, issue.message) : issue
        case "Refinement":
          return new ParseResult.Refinement(issue.ast, actual, issue.kind, maskIssue(issue.issue, kind, contains))
        case "Transformation":
          return new ParseResult.Transformation(issue.ast, actual, issue.kind, maskIssue(issue.issue, kind, contains))
        case "Composite": {
          const issues = Array.isArray(issue.issues)
            ? (issue.issues.map((i) =>
                maskIssue(i, kind, contains)
              ) as unknown as ParseResult.SingleOrNonEmpty<ParseResult.ParseIssue>)
            : maskIssue(issue.issues as ParseResult.ParseIssue, kind, contains)
          return new ParseResult.Composite(issue.ast, actual, issues, issue.output)
        }
      }
    }
  }
}

/**
 * A parse error with every value that may hold personal data withheld: the value of a marked field
 * (and anything inside it), and a whole object, array or unknown key of a part of the Schema that
 * holds marked fields. Paths, expectations and the values of unmarked fields stay as they were, so
 * the formatted messages still say where and why.
 *
 * @since 0.1.0
 * @category masking
 */
export const maskParseError = (
  schema: Schema.Schema.Any | AST.AST,
  error: ParseResult.ParseError
): ParseResult.ParseError => {
  const ast: AST.AST = "ast" in schema ? schema.ast : schema
  if (!containsPersonal(ast)) return error
  return new ParseResult.ParseError({ issue: maskIssue(error.issue, undefined, containsPersonal(ast)) })
}
