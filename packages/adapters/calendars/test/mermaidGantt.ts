/**
 * A reading of Mermaid's Gantt syntax for the tests (the `mermaid` package is not installed):
 * the pre-processing and lexer rules of Mermaid's own sources, applied the way Mermaid applies
 * them, and the statements of its grammar that liaison's charts use.
 *
 * - `encodeEntities` / `decodeEntities` (mermaid `src/mermaidAPI.ts`, `src/utils.ts`): before
 *   parsing, `#<word>;` becomes placeholder characters; after rendering they become `&<word>;`
 *   (numeric ones `&#<n>;`), which the browser shows as the character.
 * - The lexer of `src/diagrams/gantt/parser/gantt.jison` (case-insensitive, first matching rule
 *   wins, as jison does without `%options flex`): comments (`%%…`, a character then `%…`,
 *   `#…`), newlines, whitespace, the keywords, `section\s[^#:\n;]+`, task text `[^#:\n;]+` and
 *   task data `:[^#\n;]+`.
 * - The grammar: `gantt` first, then statements, a task being task text followed by task data.
 * - `ganttDb.isInvalidDate`: a day is excluded when `includes` does not list it and `excludes`
 *   lists `weekends` (Saturday, Sunday), its weekday's name, or its date.
 */

const encodeEntities = (text: string): string =>
  text
    .replace(/style.*:\S*#.*;/g, (s) => s.substring(0, s.length - 1))
    .replace(/classDef.*:\S*#.*;/g, (s) => s.substring(0, s.length - 1))
    .replace(/#\w+;/g, (s) => {
      const inner = s.substring(1, s.length - 1)
      return /^\+?\d+$/.test(inner) ? `ﬂ°°${inner}¶ß` : `ﬂ°${inner}¶ß`
    })

const decodeEntities = (text: string): string => text.replace(/ﬂ°°/g, "&#").replace(/ﬂ°/g, "&").replace(/¶ß/g, ";")

/** What a browser shows for a text Mermaid wrote into its SVG (numeric references only). */
const shown = (text: string): string =>
  decodeEntities(text).replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))

type Token = { readonly type: string; readonly value: string; readonly at: number }

const RULES: ReadonlyArray<readonly [RegExp, string | null]> = [
  [/^%%\{/i, "open_directive"],
  [/^accTitle\s*:\s*/i, "acc_title"],
  [/^accDescr\s*:\s*/i, "acc_descr"],
  [/^accDescr\s*\{\s*/i, "acc_descr_multiline"],
  [/^%%(?!\{)*[^\n]*/i, null],
  [/^[^}]%%*[^\n]*/i, null],
  [/^%%*[^\n]*[\n]*/i, null],
  [/^[\n]+/i, "NL"],
  [/^\s+/i, null],
  [/^#[^\n]*/i, null],
  [/^%%[^\n]*/i, null],
  [/^href[\s]+["]/i, "href"],
  [/^call[\s]+/i, "call"],
  [/^click[\s]+/i, "click"],
  [/^gantt/i, "gantt"],
  [/^dateFormat\s[^#\n;]+/i, "dateFormat"],
  [/^inclusiveEndDates/i, "inclusiveEndDates"],
  [/^topAxis/i, "topAxis"],
  [/^axisFormat\s[^#\n;]+/i, "axisFormat"],
  [/^tickInterval\s[^#\n;]+/i, "tickInterval"],
  [/^includes\s[^#\n;]+/i, "includes"],
  [/^excludes\s[^#\n;]+/i, "excludes"],
  [/^todayMarker\s[^\n;]+/i, "todayMarker"],
  [/^weekday\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)/i, "weekday"],
  [/^weekend\s+(friday|saturday)/i, "weekend"],
  [/^\d\d\d\d-\d\d-\d\d/i, "date"],
  [/^title\s[^#\n;]+/i, "title"],
  [/^accDescription\s[^#\n;]+/i, "accDescription"],
  [/^section\s[^#:\n;]+/i, "section"],
  [/^[^#:\n;]+/i, "taskTxt"],
  [/^:[^#\n;]+/i, "taskData"],
  [/^:/i, ":"],
  [/^[\s\S]/, "INVALID"]
]

const lex = (source: string): ReadonlyArray<Token> => {
  const tokens: Array<Token> = []
  let pos = 0
  while (pos < source.length) {
    const rest = source.slice(pos)
    for (const [re, type] of RULES) {
      const m = re.exec(rest)
      if (m === null) continue
      if (type !== null) tokens.push({ type, value: m[0], at: pos })
      pos += Math.max(1, m[0].length)
      break
    }
  }
  return tokens
}

export interface GanttTask {
  /** The name as Mermaid shows it. */
  readonly name: string
  readonly tags: ReadonlyArray<string>
  readonly id: string
  readonly start: string
  readonly end: string
}

export interface GanttChart {
  readonly title: string | undefined
  readonly dateFormat: string | undefined
  readonly inclusiveEndDates: boolean
  readonly excludes: ReadonlyArray<string>
  readonly includes: ReadonlyArray<string>
  readonly sections: ReadonlyArray<{ readonly name: string; readonly tasks: ReadonlyArray<GanttTask> }>
}

/** Parses a Gantt chart as Mermaid would; throws saying where Mermaid would fail. */
export const parseGantt = (text: string): GanttChart => {
  const tokens = lex(encodeEntities(text)).filter((t) => t.type !== "NL")
  if (tokens[0]?.type !== "gantt") throw new Error("the chart does not begin with gantt")
  let title: string | undefined
  let dateFormat: string | undefined
  let inclusiveEndDates = false
  let excludes: ReadonlyArray<string> = []
  let includes: ReadonlyArray<string> = []
  const sections: Array<{ name: string; tasks: Array<GanttTask> }> = []
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i]!
    switch (t.type) {
      case "title":
        title = shown(t.value.slice(6)).trim()
        break
      case "dateFormat":
        dateFormat = t.value.slice(11).trim()
        break
      case "axisFormat":
      case "todayMarker":
        break
      case "inclusiveEndDates":
        inclusiveEndDates = true
        break
      case "excludes":
        excludes = t.value
          .slice(9)
          .toLowerCase()
          .split(/[\s,]+/)
          .filter((s) => s !== "")
        break
      case "includes":
        includes = t.value
          .slice(9)
          .toLowerCase()
          .split(/[\s,]+/)
          .filter((s) => s !== "")
        break
      case "section":
        sections.push({ name: shown(t.value.slice(8)).trim(), tasks: [] })
        break
      case "taskTxt": {
        const data = tokens[i + 1]
        if (data?.type !== "taskData") {
          throw new Error(`task text ${JSON.stringify(t.value)} at ${t.at} is followed by ${data?.type ?? "the end"}`)
        }
        i++
        const items = data.value
          .slice(1)
          .split(",")
          .map((s) => s.trim())
        const tags: Array<string> = []
        while (["active", "done", "crit", "milestone"].includes(items[0] ?? "")) tags.push(items.shift()!)
        if (items.length !== 3) throw new Error(`task data ${JSON.stringify(data.value)}: expected id, start, end`)
        const section = sections[sections.length - 1]
        if (section === undefined) throw new Error("a task before any section")
        section.tasks.push({ name: shown(t.value).trim(), tags, id: items[0]!, start: items[1]!, end: items[2]! })
        break
      }
      default:
        throw new Error(`Mermaid would not parse ${t.type} ${JSON.stringify(t.value)} at ${t.at}`)
    }
  }
  return { title, dateFormat, inclusiveEndDates, excludes, includes, sections }
}

const WEEKDAY = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const

/** Whether Mermaid excludes (shades) a day, as `ganttDb.isInvalidDate` decides. */
export const excluded = (chart: GanttChart, date: string): boolean => {
  if (chart.includes.includes(date)) return false
  const weekday = WEEKDAY[new Date(`${date}T00:00:00Z`).getUTCDay()]!
  if (chart.excludes.includes("weekends") && (weekday === "saturday" || weekday === "sunday")) return true
  if (chart.excludes.includes(weekday)) return true
  return chart.excludes.includes(date)
}
