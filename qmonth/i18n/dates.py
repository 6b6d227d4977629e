"""Dates and times: how they are written, in the file and on the command line (--on, --today, --now).

`_DATE_FORMS_ZH`/`_DATE_FORMS_EN` (the forms a date may take) are shared with `forms.py`, which imports them.
"""

from __future__ import annotations

_DATE_FORMS_ZH = "请写成 2024-09-10、2024/9/10、2024年9月10日，或活动期间的 9月10日、9/10（按活动起止推定年份）"
_DATE_FORMS_EN = "write 2024-09-10, 2024/9/10, 2024年9月10日, or 9月10日 / 9/10 (read inside the campaign's span)"

MESSAGES: dict[str, tuple[str, str]] = {
    # ── dates in the file: deadlines, the campaign's span, the holiday calendar ──
    "toml_bad_date": (
        "{key}：不是有效的日期（例如 2 月没有 30 日）。请写成存在的日期，如 2024-09-10。",
        "{key}: not a valid date (e.g. February has no 30th); write a day that exists, such as 2024-09-10.",
    ),
    "toml_no_such_date": (
        "{key}：{text} 不是有效日期（没有这一天）。请写成存在的日期，如 2024-09-10。",
        "{key}: {text} is not a valid date (no such day); write a day that exists, such as 2024-09-10.",
    ),
    "toml_date_digits": (
        "{key}：日期 {text} 的月和日要写两位数：{fixed}。",
        "{key}: the date {text} needs a two-digit month and day: {fixed}.",
    ),
    "date_text": (
        "{key}：无法识别的日期 “{text}”，" + _DATE_FORMS_ZH + "。",
        "{key}: not a date: “{text}”; " + _DATE_FORMS_EN + ".",
    ),
    "date_needs_year": (
        "{key}：“{text}” 没有写年份。活动的起止和发文日期决定其他日期按哪一年读，必须写全，如 2024-09-10。",
        "{key}: “{text}” has no year. The campaign's start, end and issue dates decide how every other date is "
        "read, so they carry the year, e.g. 2024-09-10.",
    ),
    "remind_until_before_start": (
        "{key}：remind_until {date} 早于活动开始（{first}）：remind 将整个活动期间不发提醒。"
        "应在 {end} 至 {high} 之间（笔误？请核对，或删去此行用默认值：最后截止日期后 30 天）。",
        "{key}: remind_until {date} is before the campaign begins ({first}): remind would send nothing for the "
        "whole campaign. It belongs between {end} and {high} (a slip? check it, or drop the line for the default: "
        "30 days after the last deadline).",
    ),
    "remind_until_before_end": (
        "{key}：remind_until {date} 早于活动结束（{end}）：remind 将在 {date} 之后不再提醒，活动余下的截止日期无人催办。"
        "应在 {end} 至 {high} 之间，请核对。",
        "{key}: remind_until {date} is before the campaign ends ({end}): remind would go quiet after {date} and "
        "nothing due later would be chased. It belongs between {end} and {high}; check it.",
    ),
    "remind_until_after_span": (
        "{key}：remind_until {date} 远在活动结束之后（应在 {end} 至 {high} 之间）：请核对年份。",
        "{key}: remind_until {date} is long after the campaign ends (it belongs between {end} and {high}); check the year.",
    ),
    "deadline_late_month_day": (
        "{key}：“{text}” 没写年份，按规则读作 {date}，比活动结束（{end}）晚 {days} 天。是 {meant}（{meant_iso}）的笔误吗？"
        "请写上年份确认：deadline = {date}，或改为 {meant}。",
        "{key}: “{text}” has no year and reads as {date}, {days} days after the campaign ends ({end}). Did you mean "
        "{meant} ({meant_iso})? Write the year to confirm: deadline = {date}, or correct it to {meant}.",
    ),
    "deadline_late_month_day_plain": (
        "{key}：“{text}” 没写年份，按规则读作 {date}，比活动结束（{end}）晚 {days} 天。是笔误吗？"
        "如无误，请写上年份确认：deadline = {date}。",
        "{key}: “{text}” has no year and reads as {date}, {days} days after the campaign ends ({end}). A slip? "
        "If not, write the year to confirm: deadline = {date}.",
    ),
    "date_has_time": ("{key}：只写日期，不要写时间。", "{key}: give a date without a time of day."),
    "deadline_before_issued": (
        "{key}：截止日期 {date} 早于发文日期 {low}（笔误？）。截止日期应在 {low} 至 {high} 之间，请核对。",
        "{key}: deadline {date} is before the notice was issued ({low}) (a slip?). A deadline falls "
        "between {low} and {high}; check it.",
    ),
    "deadline_before_start": (
        "{key}：截止日期 {date} 早于活动开始日期 {low}（笔误？）。截止日期应在 {low} 至 {high} 之间，请核对。",
        "{key}: deadline {date} is before the campaign starts ({low}) (a slip?). A deadline falls "
        "between {low} and {high}; check it.",
    ),
    "deadline_after_span": (
        "{key}：截止日期 {date} 远在活动结束之后。截止日期应在 {low} 至 {high} 之间，请核对年份。",
        "{key}: deadline {date} is long after the campaign ends. A deadline falls between {low} and {high}; check the year.",
    ),
    "date_outside_span": (
        "{key}：“{text}” 不在本次活动的时间范围（{low} 至 {high}）内（笔误？）。请核对日期，或写上年份。",
        "{key}: “{text}” falls nowhere in the campaign's span ({low} to {high}) (a slip?). Check the date, or write the year.",
    ),
    "date_ambiguous": (
        "{key}：“{text}” 在活动时间范围（{low} 至 {high}）内可指 {found}，请写上年份。",
        "{key}: “{text}” could mean {found} within the campaign's span ({low} to {high}); write the year.",
    ),
    "deadline_offset": (
        "{key}：截止时间不要带时区（活动时区见 campaign.timezone），写成 2024-09-10T17:00。",
        "{key}: give the deadline's time without a UTC offset (the campaign's time zone applies), like 2024-09-10T17:00.",
    ),
    "deadline_bad_time": (
        "{key}：“{text}” 中的时间不对；请写成 9月10日17:00前 或 2024-09-10T17:00:00。",
        "{key}: the time in “{text}” is not a time of day; write 9月10日17:00前 or 2024-09-10T17:00:00.",
    ),
    "done_before_start": (
        "{key}：完成日期 {date} 早于活动开始（{first}）：请核对日期。",
        "{key}: done on {date}, before the campaign began ({first}); check the date.",
    ),
    "campaign_year_range": (
        "{key}：{date} 超出支持的年份范围（{low}–{high} 年），请核对年份。",
        "{key}: {date} is outside the supported years ({low}–{high}); check the year.",
    ),
    "campaign_dates": (
        "campaign.start（{start}）晚于 campaign.end（{end}）。",
        "campaign.start ({start}) is after campaign.end ({end}).",
    ),
    "unknown_timezone": (
        "campaign.timezone：未知时区 “{tz}”，应写成 Asia/Shanghai 这样的 IANA 名称。",
        "campaign.timezone: unknown time zone “{tz}”; use an IANA name such as Asia/Shanghai.",
    ),
    "calendar_both": (
        "calendar：{date} 同时列在 holidays 和 workdays 中，请只保留一处。",
        "calendar: {date} is listed in both holidays and workdays; keep one.",
    ),
    "deadline_rest_day": (
        "{key}：截止日期 {date} 是休息日；如非有意，请改到工作日。",
        "{key}: deadline {date} falls on a rest day; move it to a working day unless intended.",
    ),
    "task_keys_conflict": (
        "{key}：{a} 与 {b} 不能同时使用，请只保留一个。",
        "{key}: {a} and {b} cannot be used together; keep one.",
    ),
    "after_unknown": (
        "{key}：after = “{ref}” 不是任务或主题的编号（相近的：{matches}）。",
        "{key}: after = “{ref}” is not a task or theme id (close: {matches}).",
    ),
    "after_cycle": (
        "{key}：after = “{ref}” 绕回了本任务（循环引用），无法推算截止日期。请改为引用前一阶段。",
        "{key}: after = “{ref}” leads back to this task (a cycle), so no deadline can be worked out; refer to an earlier stage.",
    ),
    "offset_without_after": (
        "{key}：months / days 只与 after 一起使用（after = 前一阶段的任务或主题编号）。",
        "{key}: months / days go with after (after = the earlier stage's task or theme id).",
    ),
    "opens_after_deadline": (
        "{key}：开始日期 {opens} 晚于截止日期 {date}，请核对。",
        "{key}: opens {opens} is after the deadline {date}; check it.",
    ),
    "done_before_opens": (
        "{key}：完成日期 {date} 早于该阶段开始（{opens}）。",
        "{key}: done {date}, before the stage opens ({opens}).",
    ),
    "end_rest_day": (
        "{key}：活动结束日 {date} 是休息日，没有截止日期的任务在这一天到期；如非有意，请改到工作日。",
        "{key}: the campaign's end {date} falls on a rest day, and tasks without a deadline are due that day; "
        "move it to a working day unless intended.",
    ),
    "occurrence_rest_day": (
        '{key}：有 {n} 次落在休息日（{dates}）。如通知写明“遇节假日顺延”，请加 shift = "next"（提前则 "previous"）。',
        "{key}: {n} occurrence(s) fall on a rest day ({dates}). If the notice moves them (遇节假日顺延), add "
        'shift = "next" (or "previous" to bring them forward).',
    ),
    "year_unknown": (
        "提示：{year} 年的调休安排尚未公布（或未填入 [calendar]）：周末、法定节假日（按《全国年节及纪念日放假办法》推算），"
        "以及按惯例预计的长假（国庆 10月1日至7日，中秋与之相邻时合并至 8 日；春节自除夕起 8 天；劳动节 5月1日至5日）"
        "暂计为休息日（预计，非公布）；调休上班日（补班的周末）未知，届时可能有周末要上班。"
        "国务院公布后，用 qmonth calendar import 读入通知原文，或在 campaign.toml 的 [calendar] 中填写 workdays"
        '（调休上班日）和 holidays（可写区间，如 "{year}-10-01..{year}-10-07"）；没有调休的年份写 published = [{year}]。',
        "Note: the {year} holiday schedule is not published (or not in [calendar]): weekends, the statutory "
        "holidays (by the national holiday rules) and the customary long holidays (National Day 10/1-10/7, to 10/8 "
        "when Mid-Autumn is next to it; Spring Festival 8 days from New Year's Eve; Labour Day 5/1-5/5) count as "
        "rest days, as expected, not published; the make-up working days (调休) are unknown, so a weekend may yet "
        "be a working day. Once the State Council publishes it, read the notice in with qmonth calendar import, or "
        'add workdays (make-up days) and holidays (ranges such as "{year}-10-01..{year}-10-07" work) to [calendar] '
        "in campaign.toml; for a year without make-up days, published = [{year}].",
    ),
    "calendar_range": (
        '{key}：“{text}” 不是有效的日期区间：请写成 "2027-10-01..2027-10-07"（起止都算，最长 60 天）。',
        '{key}: “{text}” is not a range of days; write "2027-10-01..2027-10-07" (both ends included, at most 60 days).',
    ),
    # ── qmonth calendar YEAR / calendar import ───────────────────────────────────
    "calendar_head_published": (
        "{year} 年：放假安排已公布（chinesecalendar 或 [calendar]）。",
        "{year}: the holiday schedule is published (chinesecalendar or [calendar]).",
    ),
    "calendar_head_expected": (
        "{year} 年：放假安排尚未公布：休息日为周末、法定节假日和按惯例预计的长假；调休上班日未知。",
        "{year}: the holiday schedule is not published: rest days are weekends, statutory holidays and the "
        "customary long holidays (expected); make-up working days are unknown.",
    ),
    "calendar_rest": ("周一至周五的休息日（{count} 天）：", "Rest days on weekdays ({count}):"),
    "calendar_work": ("周末上班的调休日（{count} 天）：", "Weekend make-up working days ({count}):"),
    "calendar_work_unknown": ("未知（尚未公布）", "unknown (not published)"),
    "calendar_work_none": ("无", "none"),
    "calendar_source_published": ("公布", "published"),
    "calendar_source_entered": ("[calendar] 填写", "entered in [calendar]"),
    "calendar_source_statutory": ("法定（推算）", "statutory (computed)"),
    "calendar_source_expected": ("预计（惯例）", "expected (customary)"),
    "calendar_what": (
        "qmonth calendar：“{text}” 既不是年份也不是 import。用法：qmonth calendar 2027，或 qmonth calendar import 通知.txt。",
        "qmonth calendar: “{text}” is neither a year nor import. Use qmonth calendar 2027, or qmonth calendar import notice.txt.",
    ),
    "notice_needs_file": (
        "qmonth calendar import：请给出通知原文的文件，或 - 从标准输入读取。",
        "qmonth calendar import: give the notice's text file, or - to read standard input.",
    ),
    "notice_unreadable": ("无法读取 “{path}”（需为 UTF-8 文本文件）。", "Cannot read “{path}” (a UTF-8 text file is expected)."),
    "notice_no_year": (
        "通知中没有找到年份（如“关于2026年部分节假日安排的通知”）：请用 --year 2026 指明。",
        "No year found in the notice (as in “关于2026年部分节假日安排的通知”); give it with --year 2026.",
    ),
    "notice_nothing": (
        "通知中没有找到放假安排（如“国庆节：10月1日至7日放假调休，共7天。”）：文件未修改。",
        "No holiday found in the notice (such as “国庆节：10月1日至7日放假调休，共7天。”); the file was not changed.",
    ),
    "notice_bad_sentence": (
        "无法读懂这一句中的日期：“{text}”。文件未修改。",
        "Cannot read the dates in: “{text}”. The file was not changed.",
    ),
    "notice_count_mismatch": (
        "“{text}”：写的是共 {days} 天，但日期区间是 {found} 天（笔误？）。文件未修改。",
        "“{text}”: it says {days} days, but the range is {found} days (a slip?). The file was not changed.",
    ),
    "notice_statutory_workday": (
        "{date} 是法定节假日，不能是调休上班日：请核对通知原文。文件未修改。",
        "{date} is a statutory holiday, so it cannot be a make-up working day; check the notice. The file was not changed.",
    ),
    "notice_both": (
        "{date} 既在放假区间内又列为上班日：请核对通知原文。文件未修改。",
        "{date} is both inside a holiday and listed as a working day; check the notice. The file was not changed.",
    ),
    "notice_imported": (
        "已将 {year} 年放假安排写入 {path} 的 [calendar]：放假 {days} 天，调休上班 {work} 天。",
        "Wrote the {year} holiday schedule to [calendar] in {path}: {days} days off, {work} make-up working days.",
    ),
    # ── dates in options (--on, --today, --now, --for, --at) ───────────────────────────────
    "bad_date_option": (
        "{option}：无法识别的日期 “{text}”，" + _DATE_FORMS_ZH + "。",
        "{option}: not a date: “{text}”; " + _DATE_FORMS_EN + ".",
    ),
    "date_out_of_range": (
        "{option}：日期 “{text}” 超出 1900–2100 年范围。",
        "{option}: “{text}” is outside the years 1900–2100.",
    ),
    "date_impossible_option": ("{option}：没有 “{text}” 这一天。", "{option}: “{text}” is not a day of the calendar."),
    "future_date": (
        "--on {date} 在今天（{today}）之后：只能记录已经完成的事项。",
        "--on {date} is after today ({today}): only record what is already done.",
    ),
    "done_before_start_option": (
        "--on {date} 早于活动开始（{first}）：请核对日期。",
        "--on {date} is before the campaign began ({first}); check the date.",
    ),
    "today_before_start": (
        "今天（{today}）活动尚未开始（{first}）：请用 --on 写明完成日期。",
        "Today ({today}) is before the campaign began ({first}); give the date with --on.",
    ),
    "option_outside_span": (
        "{option}：“{text}” 不在本次活动的时间范围（{low} 至 {high}）内。请写上年份，如 2024-09-10。",
        "{option}: “{text}” falls nowhere in the campaign's span ({low} to {high}); write the year, e.g. 2024-09-10.",
    ),
    "option_ambiguous": (
        "{option}：“{text}” 在活动时间范围内可指 {found}，请写上年份。",
        "{option}: “{text}” could mean {found} within the campaign's span; write the year.",
    ),
    "at_needs_year": (
        "--at：“{text}” 没有写年份，而当前的 campaign.toml 无法读取，无从确定是哪一年：请写全，如 2024-09-20。",
        "--at: “{text}” has no year, and campaign.toml as it stands does not load to tell which year; "
        "write it in full, e.g. 2024-09-20.",
    ),
    "bad_now_option": (
        "--now：无法识别 “{text}”，请写成 2024-09-10T17:30、9月10日17:30，或与 --today 同用的 17:30。",
        "--now: not a moment: “{text}”; write 2024-09-10T17:30, 9月10日17:30, or 17:30 together with --today.",
    ),
    "now_conflicts": (
        "--now {now} 与 --today {today} 不是同一天，请只写一个。",
        "--now {now} and --today {today} name different days; give one of them.",
    ),
}
