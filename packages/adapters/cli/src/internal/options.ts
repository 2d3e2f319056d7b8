/**
 * Options shared by several commands, so each is spelled and described once.
 */
import * as Options from "@effect/cli/Options"
import { OfficialCalendars } from "@liaison/core"

/** `--json`: one JSON object on stdout instead of text. */
export const json = Options.boolean("json").pipe(
  Options.withDescription("Print exactly one JSON object on stdout (ISO-8601 dates), also on failure.")
)

/** `--provisional`: answer beyond the calendar's coverage, marked provisional, instead of failing. */
export const provisional = Options.boolean("provisional").pipe(
  Options.withDescription(
    "Beyond the calendar's coverage, answer provisionally (only weekends off), marked provisional with the assumption, instead of failing with exit code 3."
  )
)

/** `--calendar id`: a shipped calendar. */
export const calendar = Options.text("calendar").pipe(
  Options.withPseudoName("id"),
  Options.withDescription(`A shipped calendar: ${OfficialCalendars.ids.join(" or ")} (default cn-mainland).`),
  Options.optional
)

/** `--calendar-file path.json`: a host app's calendar as JSON. */
export const calendarFile = Options.text("calendar-file").pipe(
  Options.withPseudoName("path.json"),
  Options.withDescription("A calendar as JSON (BusinessCalendar.CalendarData), instead of --calendar."),
  Options.optional
)

const noticeDescription =
  "A year's holiday notice as JSON (BusinessCalendar.CalendarNotice) to load into the calendar; repeat for several years."

/** In calendar commands `--notice path.json` (or `--notice-file`) loads a holiday notice. */
export const noticeFiles = Options.text("notice").pipe(
  Options.withAlias("notice-file"),
  Options.withPseudoName("path.json"),
  Options.withDescription(noticeDescription),
  Options.repeated
)

/** In `deadline`, `--notice` is when notice was received, so holiday notices come with `--notice-file`. */
export const noticeFileOnly = Options.text("notice-file").pipe(
  Options.withPseudoName("path.json"),
  Options.withDescription(noticeDescription),
  Options.repeated
)
