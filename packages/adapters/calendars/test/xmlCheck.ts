/**
 * A strict XML 1.0 well-formedness check for the tests (no parser in node_modules is strict:
 * htmlparser2 forgives what XML refuses). It reads the subset a generated SVG uses: an XML
 * declaration, elements, attributes in quotes, character data with the five predefined entities
 * and numeric character references, comments. Anything else, an unbalanced tag, a duplicate
 * attribute, a raw `<` or `&`, or a character XML cannot hold is an error with its offset.
 */

export interface XmlElement {
  readonly name: string
  readonly attributes: Readonly<Record<string, string>>
  readonly children: ReadonlyArray<XmlElement>
  /** The element's own character data, decoded (not its descendants'). */
  readonly text: string
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*/
const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }

const isXmlChar = (cp: number) =>
  cp === 0x9 ||
  cp === 0xa ||
  cp === 0xd ||
  (cp >= 0x20 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd) ||
  (cp >= 0x10000 && cp <= 0x10ffff)

class XmlError extends Error {}

const fail = (at: number, message: string): never => {
  throw new XmlError(`offset ${at}: ${message}`)
}

/** Decodes references in character data or an attribute value, refusing a bare `&`. */
const decode = (raw: string, at: number): string =>
  raw.replace(/&([^;&]*);?/g, (whole, body: string, offset: number) => {
    if (!whole.endsWith(";")) fail(at + offset, `"&" not starting a reference: ${JSON.stringify(whole.slice(0, 12))}`)
    if (body in PREDEFINED) return PREDEFINED[body]!
    const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(body)
    if (!m) return fail(at + offset, `unknown entity &${body};`)
    const cp = m[1] !== undefined ? Number.parseInt(m[1], 16) : Number.parseInt(m[2]!, 10)
    if (!isXmlChar(cp)) fail(at + offset, `reference to a character XML cannot hold: &${body};`)
    return String.fromCodePoint(cp)
  })

/** Parses a document; throws an Error saying where it is not well-formed. */
export const parseXml = (source: string): XmlElement => {
  for (let i = 0; i < source.length; i++) {
    const cp = source.codePointAt(i)!
    if (cp >= 0xd800 && cp <= 0xdfff) fail(i, "lone surrogate")
    if (!isXmlChar(cp)) fail(i, `character U+${cp.toString(16)} is not allowed in XML`)
    if (cp > 0xffff) i++
  }
  let pos = 0
  if (source.startsWith("<?xml")) {
    const end = source.indexOf("?>")
    if (end < 0) fail(0, "unterminated XML declaration")
    if (
      !/^<\?xml version="1\.[0-9]"( encoding="[A-Za-z0-9._-]+")?( standalone="(yes|no)")?\s*\?>$/.test(
        source.slice(0, end + 2)
      )
    )
      fail(0, "malformed XML declaration")
    pos = end + 2
  }
  const skipMisc = () => {
    for (;;) {
      const ws = /^\s*/.exec(source.slice(pos))![0]
      pos += ws.length
      if (source.startsWith("<!--", pos)) {
        const end = source.indexOf("-->", pos + 4)
        if (end < 0) fail(pos, "unterminated comment")
        if (source.slice(pos + 4, end).includes("--")) fail(pos, '"--" inside a comment')
        pos = end + 3
      } else return
    }
  }
  const element = (): XmlElement => {
    const open = pos
    if (source[pos] !== "<") fail(pos, "expected an element")
    pos++
    const name = NAME.exec(source.slice(pos))?.[0] ?? fail(pos, "expected an element name")
    pos += name.length
    const attributes: Record<string, string> = {}
    for (;;) {
      const ws = /^\s*/.exec(source.slice(pos))![0]
      pos += ws.length
      if (source.startsWith("/>", pos)) {
        pos += 2
        return { name, attributes, children: [], text: "" }
      }
      if (source[pos] === ">") {
        pos++
        break
      }
      if (ws.length === 0) fail(pos, `expected whitespace before an attribute of <${name}>`)
      const attr = NAME.exec(source.slice(pos))?.[0] ?? fail(pos, `expected an attribute name in <${name}>`)
      pos += attr.length
      const eq = /^\s*=\s*/.exec(source.slice(pos))?.[0] ?? fail(pos, `expected "=" after ${attr}`)
      pos += eq.length
      const quote = source[pos]
      if (quote !== '"' && quote !== "'") fail(pos, `attribute ${attr} is not quoted`)
      const end = source.indexOf(quote!, pos + 1)
      if (end < 0) fail(pos, `unterminated attribute ${attr}`)
      const raw = source.slice(pos + 1, end)
      if (raw.includes("<")) fail(pos, `"<" in attribute ${attr}`)
      if (attr in attributes) fail(pos, `duplicate attribute ${attr} in <${name}>`)
      attributes[attr] = decode(raw, pos + 1)
      pos = end + 1
    }
    const children: Array<XmlElement> = []
    let text = ""
    for (;;) {
      if (pos >= source.length) fail(open, `<${name}> is never closed`)
      if (source.startsWith("</", pos)) {
        const m = /^<\/([A-Za-z_:][A-Za-z0-9_.:-]*)\s*>/.exec(source.slice(pos))
        if (!m) fail(pos, "malformed end tag")
        if (m![1] !== name) fail(pos, `</${m![1]}> closes <${name}>`)
        pos += m![0].length
        return { name, attributes, children, text }
      }
      if (source.startsWith("<!--", pos)) {
        skipMisc()
        continue
      }
      if (source[pos] === "<") {
        children.push(element())
        continue
      }
      const next = source.indexOf("<", pos)
      const raw = source.slice(pos, next < 0 ? source.length : next)
      if (raw.includes("]]>")) fail(pos, '"]]>" in character data')
      text += decode(raw, pos)
      pos += raw.length
    }
  }
  skipMisc()
  const root = element()
  skipMisc()
  if (pos !== source.length) fail(pos, "content after the root element")
  return root
}

/** Every element of a tree, depth first. */
export const descendants = (e: XmlElement): ReadonlyArray<XmlElement> => [
  e,
  ...e.children.flatMap((c) => descendants(c))
]

/** The text of an element and its descendants. */
export const allText = (e: XmlElement): string => e.text + e.children.map(allText).join("")
