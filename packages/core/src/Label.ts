/**
 * Bilingual labels (双语标签): the zh-CN and English names of form fields, tiers, levels and roles.
 *
 * A field's label is a Schema annotation, so a form renderer can list a Schema's fields with their
 * names ({@link fields}) and a decode problem can name the field in the reader's language ({@link at}).
 *
 * @since 0.1.0
 */
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as AST from "effect/SchemaAST"

/**
 * A name in simplified Chinese and in English.
 *
 * @since 0.1.0
 * @category models
 */
export interface Label {
  readonly "zh-CN": string
  readonly en: string
}

/**
 * The Schema of a {@link Label}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Label: Schema.Schema<Label> = Schema.Struct({
  "zh-CN": Schema.NonEmptyTrimmedString,
  en: Schema.NonEmptyTrimmedString
}).annotations({ identifier: "Label" })

/**
 * A locale of a {@link Label}.
 *
 * @since 0.1.0
 * @category models
 */
export type Locale = keyof Label

/**
 * The annotation key under which a field's {@link Label} is stored.
 *
 * @since 0.1.0
 * @category annotations
 */
export const LabelId: unique symbol = Symbol.for("@liaison/core/Label")

/**
 * A label from its two names.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (zhCN: string, en: string): Label => ({ "zh-CN": zhCN, en })

/**
 * Annotates a field's Schema with its label. (Not as the Schema's `title`: Effect would then write "Expected
 * Name" where "Expected string" says what is wrong.)
 *
 * @since 0.1.0
 * @category annotations
 */
export const labelled = <A, I, R>(schema: Schema.Schema<A, I, R>, zhCN: string, en: string): Schema.Schema<A, I, R> =>
  schema.annotations({ [LabelId]: make(zhCN, en) })

const own = (ast: AST.AST): Label | undefined => {
  const label = ast.annotations[LabelId] as Label | undefined
  if (label !== undefined) return label
  return ast._tag === "Refinement" ? own(ast.from) : undefined
}

const descend = (ast: AST.AST, key: PropertyKey): AST.AST | undefined => {
  switch (ast._tag) {
    case "Refinement":
    case "Transformation":
      return descend(ast.from, key)
    case "Suspend":
      return descend(ast.f(), key)
    case "TypeLiteral":
      return ast.propertySignatures.find((p) => p.name === key)?.type
    case "TupleType":
      return typeof key === "number" ? (ast.elements[key]?.type ?? ast.rest[0]?.type) : undefined
    case "Union":
      for (const member of ast.types) {
        const found = descend(member, key)
        if (found !== undefined) return found
      }
      return undefined
    default:
      return undefined
  }
}

const labelOfField = (ast: AST.AST): Label | undefined => {
  const label = own(ast)
  if (label !== undefined || ast._tag !== "Union") return label
  // optional fields are unions with `undefined`; the label sits on the defined member
  for (const member of ast.types) {
    const found = own(member)
    if (found !== undefined) return found
  }
  return undefined
}

/**
 * The label of the field at a decode path (`["guests", 2, "title"]` → 职务 / Title), if it has one.
 * Paths are those of the encoded input, as `ParseResult.ArrayFormatter` reports them.
 *
 * @since 0.1.0
 * @category getters
 */
export const at = (schema: Schema.Schema.Any, path: ReadonlyArray<PropertyKey>): Option.Option<Label> => {
  let ast: AST.AST | undefined = schema.ast
  for (const key of path) {
    if (ast === undefined) return Option.none()
    ast = descend(ast, key)
  }
  return Option.fromNullable(ast === undefined ? undefined : labelOfField(ast))
}

/**
 * A labelled field of a form: its path (`guests[].title`) and its label.
 *
 * @since 0.1.0
 * @category models
 */
export interface Field {
  readonly path: string
  readonly label: Label
}

const collect = (ast: AST.AST, prefix: string, out: Array<Field>, depth: number): void => {
  if (depth > 8) return
  switch (ast._tag) {
    case "Refinement":
    case "Transformation":
      collect(ast.from, prefix, out, depth)
      return
    case "Suspend":
      collect(ast.f(), prefix, out, depth + 1)
      return
    case "Union":
      for (const member of ast.types) collect(member, prefix, out, depth)
      return
    case "TupleType":
      for (const element of ast.elements) collect(element.type, prefix + "[]", out, depth + 1)
      for (const rest of ast.rest) collect(rest.type, prefix + "[]", out, depth + 1)
      return
    case "TypeLiteral":
      for (const p of ast.propertySignatures) {
        const path = prefix === "" ? String(p.name) : `${prefix}.${String(p.name)}`
        const label = labelOfField(p.type)
        if (label !== undefined && !out.some((f) => f.path === path)) out.push({ path, label })
        collect(p.type, path, out, depth + 1)
      }
      return
    default:
      return
  }
}

/**
 * Every labelled field of a Schema, depth first, for rendering a form in either language.
 *
 * @since 0.1.0
 * @category getters
 */
export const fields = (schema: Schema.Schema.Any): ReadonlyArray<Field> => {
  const out: Array<Field> = []
  collect(schema.ast, "", out, 0)
  return out
}
