/**
 * Readable output shared by the commands: terminal widths, aligned tables, plurals.
 */

/** Columns a string takes in a terminal: CJK characters and full-width forms take two. */
export const width = (text: string): number => {
  let n = 0
  for (const ch of text)
    n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1
  return n
}

/** Columns padded to their widest cell (by terminal width); the last column is not padded. */
export const table = (rows: ReadonlyArray<ReadonlyArray<string>>): ReadonlyArray<string> => {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? "")))) ?? []
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell + " ".repeat((widths[i] ?? 0) - width(cell))))
      .join("  ")
      .trimEnd()
  )
}

/** `1 working day`, `2 working days`. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`
