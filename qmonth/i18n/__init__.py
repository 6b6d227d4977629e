"""Everything a user reads, in Chinese and English. `t(code, lang, **params)` picks one."""

from __future__ import annotations

from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

_DATE_FORMS_ZH = "请写成 2024-09-10、2024/9/10、2024年9月10日，或活动年份内的 9月10日、9/10"
_DATE_FORMS_EN = "write 2024-09-10, 2024/9/10, 2024年9月10日, or 9月10日 / 9/10 within the campaign's year"

_FORM_TOML = (
    "  [forms.activities]\n"
    '  title = "{title}"\n'
    '  task = "{task}"\n'
    "  rows = true\n"
    "  fields = [\n"
    '    {{{{ id = "name", label = "{name}", kind = "text", required = true }}}},\n'
    '    {{{{ id = "date", label = "{date}", kind = "date" }}}},\n'
    "  ]"
)
_FORM_TOML_ZH = _FORM_TOML.format(title="活动安排表", task="任务编号", name="活动名称", date="时间")
_FORM_TOML_EN = _FORM_TOML.format(title="Activity plan", task="TASK-ID", name="Activity", date="Date")

MESSAGES: dict[str, tuple[str, str]] = {
    # ── files ──────────────────────────────────────────────────────────────────
    "file_not_found": (
        "找不到活动文件 {path}。请用 --file 指定文件，或运行 `qmonth init` 新建一个。",
        "Campaign file not found: {path}. Pass --file PATH, or run `qmonth init` to create one.",
    ),
    "no_campaign_file": (
        "当前目录及其上级目录中没有 campaign.toml。请用 --file 指定文件、设置 QMONTH_FILE，或运行 `qmonth init` 新建一个。",
        "No campaign.toml in this directory or its parents. Pass --file PATH, set QMONTH_FILE, "
        "or run `qmonth init` to create one.",
    ),
    "file_unreadable": (
        "无法读取 {path}：{reason}。请检查文件是否存在以及读取权限。",
        "Cannot read {path}: {reason}. Check that it exists and that you may read it.",
    ),
    "file_is_folder": (
        "{path} 是一个文件夹，不是活动文件。请用 --file 指定 campaign.toml 文件。",
        "{path} is a folder, not a campaign file. Pass --file with the campaign.toml file.",
    ),
    "file_not_regular": (
        "{path} 不是普通文件（可能是管道、设备或套接字），qmonth 只读取普通文件。请指定 campaign.toml 文件。",
        "{path} is not a regular file (a pipe, a device or a socket); qmonth reads regular files only. "
        "Pass the campaign.toml file.",
    ),
    "output_failed": (
        "读写失败：{reason}。",
        "Input/output failed: {reason}.",
    ),
    "interrupted": ("已中断。", "Interrupted."),
    "empty_option": (
        "{option} 的值不能为空：请给出一个值，或去掉 {option}。",
        "{option} needs a value: give one, or leave {option} out.",
    ),
    "file_unwritable": (
        "无法写入 {path}：{reason}。文件未被修改。",
        "Cannot write {path}: {reason}. The file was not changed.",
    ),
    "invalid_file": (
        "{path} 有 {count} 个问题，请逐项修改后重试：",
        "{path} has {count} problem(s); fix each and try again:",
    ),
    "file_valid": ("{path} 检查通过：{units} 个单位，{tasks} 项任务。", "{path} is valid: {units} units, {tasks} tasks."),
    "warnings_only": ("另有 {count} 条提醒（不影响通过）：", "{count} warning(s) (the file is still valid):"),
    # ── problems in a file ────────────────────────────────────────────────────
    "not_utf8": ("文件不是 UTF-8 编码：请用 UTF-8 保存。", "The file is not UTF-8: save it as UTF-8."),
    "toml_syntax": (
        "TOML 语法错误：{detail}。请检查这一行（及其前几行）的方括号、引号和等号是否完整、成对。",
        "TOML syntax error: {detail}. Check the brackets, quotes and = on this line (and the lines just before it).",
    ),
    "toml_too_deep": (
        "数组或表嵌套过深：活动文件只需要几层嵌套。请检查这一行的方括号是否成对。",
        "Arrays or tables are nested too deep (a campaign needs only a few levels); check the brackets on this line.",
    ),
    "toml_number_too_big": (
        "{key}：数字太长（超过 4000 位）。请检查这一行。",
        "{key}: the number is too long (over 4,000 digits); check this line.",
    ),
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
    "duplicate_key": (
        "{key} 被重复定义：每个编号只能出现一次，请删除或改名其中一处。",
        "{key} is defined twice: each id may appear once; delete or rename one of them.",
    ),
    "missing": ("缺少必填项 {key}。", "Required key {key} is missing."),
    "extra_forbidden": (
        "未知的键 {key}（拼写错误？）。此处可用的键：{allowed}。",
        "Unknown key {key} (a typo?). Keys allowed here: {allowed}.",
    ),
    "control_chars": (
        "{key} 含有控制字符、换行或文字方向控制符（显示为 {shown}）：名称和标题只能是一行普通文字，请删除这些字符。",
        "{key} holds control characters, line breaks or bidi controls (shown as {shown}): names and titles "
        "are one line of plain text; remove them.",
    ),
    "wrong_type": ("{key} 的值 {value} 类型不对：应为{expected}。", "{key}: {value} is not {expected}."),
    "too_low": ("{key} 的值 {value} 太小：不能小于 {limit}。", "{key}: {value} is too small; the least allowed is {limit}."),
    "too_high": ("{key} 的值 {value} 太大：不能大于 {limit}。", "{key}: {value} is too large; the most allowed is {limit}."),
    "too_few": ("{key} 不能为空，请至少写一项。", "{key} must not be empty; give at least one entry."),
    "bad_pattern": ("{key} 的值 {value} 格式不对。", "{key}: {value} is not in the expected form."),
    "not_one_of": ("{key} 的值 {value} 不在可选范围内：{expected}。", "{key}: {value} must be one of {expected}."),
    "bad_value": ("{key} 的值不对：{detail}。", "{key}: {detail}."),
    "date_text": (
        "{key}：无法识别的日期 “{text}”，" + _DATE_FORMS_ZH + "。",
        "{key}: not a date: “{text}”; " + _DATE_FORMS_EN + ".",
    ),
    "date_has_time": ("{key}：只写日期，不要写时间。", "{key}: give a date without a time of day."),
    "invalid_id": (
        "编号 “{id}”（{key}）只能包含英文字母、数字、- 和 _。",
        "Id “{id}” ({key}) may contain only letters, digits, - and _.",
    ),
    "unknown_kind": (
        "{key}：单位类别 “{kind}” 未在 [kinds] 中定义。可用：{known}。",
        "{key}: unit kind “{kind}” is not defined in [kinds]. Known: {known}.",
    ),
    "unknown_theme": (
        "{key}：主题 “{theme}” 未在 [themes] 中定义。可用：{known}。",
        "{key}: theme “{theme}” is not defined in [themes]. Known: {known}.",
    ),
    "unknown_target": (
        "{key}：“{target}” 既不是单位类别也不是单位编号。类别：{kinds}。",
        "{key}: “{target}” is neither a unit kind nor a unit id. Kinds: {kinds}.",
    ),
    "id_collision": (
        "“{id}” 同时是单位编号和单位类别，applies_to 会有歧义：请改名其中一个。",
        "“{id}” is both a unit id and a unit kind, which makes applies_to ambiguous: rename one.",
    ),
    "unknown_task_progress": (
        "{key}：没有编号为 “{task}” 的任务。相近的有：{matches}。",
        "{key}: there is no task “{task}”. Closest: {matches}.",
    ),
    "task_not_applicable": (
        "{key}：任务 “{task}” 不适用于该单位（适用于：{applies}）。请删除这条记录，或把单位加入 applies_to。",
        "{key}: task “{task}” does not apply to this unit (applies to: {applies}). "
        "Remove the record or add the unit to applies_to.",
    ),
    "record_both": (
        "{key}：同一条记录不能既有 done 又有 waived，请保留一个。",
        "{key}: a record cannot have both done and waived; keep one.",
    ),
    "record_none": (
        '{key}：记录需要 done = 日期（已完成）或 waived = "理由"（不适用）。',
        '{key}: a record needs done = DATE (done) or waived = "reason" (not applicable).',
    ),
    "waive_needs_reason": ("{key}：请写明不适用的理由。", "{key}: give the reason it does not apply."),
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
    "evidence_form_spaces": (
        "{key}：佐证材料 “{path}” 前后有空格：请删除空格（前面有空格的网址会被当成文件路径）。",
        "{key}: evidence “{path}” has spaces around it; remove them (a URL after a space is read as a file path).",
    ),
    "evidence_form_backslash": (
        "{key}：佐证材料路径 “{path}” 含反斜杠 \\：请用 / 分隔目录（如 evidence/赤坎/照片.jpg），"
        "不要用 Windows 路径或网络共享路径。",
        "{key}: evidence path “{path}” contains a backslash: separate folders with / (evidence/chikan/photo.jpg); "
        "Windows and network-share paths are refused on every system.",
    ),
    "evidence_form_drive": (
        "{key}：佐证材料路径 “{path}” 带有盘符（如 C:）：请用活动文件所在目录内的相对路径，或网址。",
        "{key}: evidence path “{path}” names a drive (C:): use a relative path inside the campaign's folder, or a URL.",
    ),
    "evidence_escape": (
        "{key}：佐证材料路径 “{path}” 超出活动文件所在目录；请用该目录内的相对路径或网址。",
        "{key}: evidence path “{path}” leaves the campaign file's folder; use a relative path inside it, or a URL.",
    ),
    "evidence_missing": (
        "{key}：佐证材料文件 “{path}” 不存在（相对于 {base}）。",
        "{key}: evidence file “{path}” does not exist (relative to {base}).",
    ),
    "calendar_both": (
        "calendar：{date} 同时列在 holidays 和 workdays 中，请只保留一处。",
        "calendar: {date} is listed in both holidays and workdays; keep one.",
    ),
    "deadline_rest_day": (
        "{key}：截止日期 {date} 是休息日；如非有意，请改到工作日。",
        "{key}: deadline {date} falls on a rest day; move it to a working day unless intended.",
    ),
    "year_unknown": (
        "提示：{year} 年的调休安排尚未公布（或未填入 [calendar]）：周末和法定节假日（元旦、春节、清明、劳动节、端午、"
        "中秋、国庆，按《全国年节及纪念日放假办法》推算）已计为休息日，只有调休上班日（补班的周末）未知。"
        "国务院公布后，请在 campaign.toml 的 [calendar] 中填写 workdays（调休上班日）和 holidays"
        '（可写区间，如 "{year}-10-01..{year}-10-07"）；没有调休的年份写 published = [{year}]。',
        "Note: the {year} holiday schedule is not published (or not in [calendar]): weekends and the statutory "
        "holidays (New Year, Spring Festival, Qingming, Labour Day, Dragon Boat, Mid-Autumn, National Day, by "
        "the national holiday rules) count as rest days; only the make-up working days (调休) are unknown. "
        "Once the State Council publishes it, add workdays (make-up days) and holidays (ranges such as "
        '"{year}-10-01..{year}-10-07" work) to [calendar] in campaign.toml; for a year without make-up days, '
        "published = [{year}].",
    ),
    "calendar_range": (
        '{key}：“{text}” 不是有效的日期区间：请写成 "2027-10-01..2027-10-07"（起止都算，最长 60 天）。',
        '{key}: “{text}” is not a range of days; write "2027-10-01..2027-10-07" (both ends included, at most 60 days).',
    ),
    "field_phone": (
        "{key}：“{value}” 不是电话号码；请写成 0759-3216047 或 13802715638 这样的号码。",
        "{key}: {value} is not a phone number; write it like 0759-3216047 or 13802715638.",
    ),
    "field_email": (
        "{key}：“{value}” 不是电子邮箱地址；请写成 name@example.com 这样的地址。",
        "{key}: {value} is not an e-mail address; write it like name@example.com.",
    ),
    # ── usage ─────────────────────────────────────────────────────────────────
    "bad_date_option": (
        "{option}：无法识别的日期 “{text}”，" + _DATE_FORMS_ZH + "。",
        "{option}: not a date: “{text}”; " + _DATE_FORMS_EN + ".",
    ),
    "date_out_of_range": (
        "{option}：日期 “{text}” 超出 1900–2100 年范围。",
        "{option}: “{text}” is outside the years 1900–2100.",
    ),
    "date_impossible_option": ("{option}：没有 “{text}” 这一天。", "{option}: “{text}” is not a day of the calendar."),
    "unknown_unit": (
        "没有编号或名称为 “{text}” 的单位。相近的有：{matches}。",
        "No unit has the id or name “{text}”. Closest: {matches}.",
    ),
    "ambiguous_unit": (
        "“{text}” 对应多个单位：{matches}。请写得更具体，或使用编号。",
        "“{text}” matches several units: {matches}. Be more specific, or use the id.",
    ),
    "unknown_task": (
        "没有编号或名称为 “{text}” 的任务或主题。相近的有：{matches}。",
        "No task or theme has the id or name “{text}”. Closest: {matches}.",
    ),
    "ambiguous_task": (
        "“{text}” 对应多项任务：{matches}。请写得更具体，或使用编号。",
        "“{text}” matches several tasks: {matches}. Be more specific, or use the id.",
    ),
    "lock_timeout": (
        "{path} 正被另一个进程写入（{holder}），等了 {seconds} 秒仍未结束，本次未写入。请等它完成后重试。",
        "{path} is being written by another process ({holder}); it did not finish within {seconds} s, so nothing "
        "was written. Try again once it is done.",
    ),
    "lock_failed": (
        "无法锁定 {path}：{reason}。为免丢失记录，本次未写入（该文件系统可能不支持文件锁）。",
        "Cannot lock {path}: {reason}. Nothing was written, so that no record is lost (the file system may not support locks).",
    ),
    "file_read_only": (
        "{path} 是只读文件，qmonth 不会改写它。如确需记录，请先恢复写权限（chmod u+w）。",
        "{path} is read-only; qmonth does not rewrite it. To record, make it writable first (chmod u+w).",
    ),
    "file_hard_linked": (
        "{path} 有 {links} 个硬链接：改写会使各链接的内容不再一致，本次未写入。请改用普通文件或符号链接。",
        "{path} has {links} hard links: a write would split them (the other names would keep the old text); "
        "nothing was written. Use a plain file or a symbolic link instead.",
    ),
    "changed_on_disk": (
        "{path} 在写入过程中被反复修改，未写入。请稍后重试。",
        "{path} kept changing while qmonth was writing; nothing was written. Try again.",
    ),
    "edit_failed": (
        "{where}：qmonth 无法原样修改 [{table}]，文件未改动。请把它改写成 [{table}] 这样的独立表格"
        "（见 campaign.toml 开头的说明）后重试，或手工编辑。{detail}",
        "{where}: qmonth cannot edit [{table}] in place; the file was not changed. Rewrite it as a "
        "table of its own, [{table}], and try again, or edit it by hand. {detail}",
    ),
    "not_applicable_here": (
        "任务 “{task}” 不适用于 {unit}（适用于：{applies}）。",
        "Task “{task}” does not apply to {unit} (applies to: {applies}).",
    ),
    "no_tasks_selected": ("“{text}” 没有选中适用于 {unit} 的任务。", "“{text}” selects no task that applies to {unit}."),
    "no_receipt_task": (
        "活动中没有编号为 “{task}” 的回执任务；请在 [campaign] 中设置 receipt_task。",
        "The campaign has no receipt task “{task}”; set receipt_task in [campaign].",
    ),
    "nothing_to_undo": ("{unit} · {task}：没有记录，无需撤销。", "{unit} · {task}: nothing recorded, nothing to undo."),
    "recorded_done": ("已记录：{unit} · {task} · 完成于 {date}", "Recorded: {unit} · {task} · done on {date}"),
    "recorded_done_kept": (
        "{unit} · {task} · 已于 {date} 完成（日期未变）",
        "{unit} · {task} · done on {date} already (date unchanged)",
    ),
    "recorded_waived": ("已记录：{unit} · {task} · 不适用（{reason}）", "Recorded: {unit} · {task} · waived ({reason})"),
    "recorded_done_moved": (
        "已记录：{unit} · {task} · 完成于 {date}（原记录 {old} → {date}）",
        "Recorded: {unit} · {task} · done on {date} (was {old} → {date})",
    ),
    "recorded_done_was_waived": (
        "已记录：{unit} · {task} · 完成于 {date}（原记录为不适用：{old}）",
        "Recorded: {unit} · {task} · done on {date} (was waived: {old})",
    ),
    "recorded_waived_replaced": (
        "已记录：{unit} · {task} · 不适用（{reason}）（原理由：{old}）",
        "Recorded: {unit} · {task} · waived ({reason}) (the reason was: {old})",
    ),
    "recorded_waived_was_done": (
        "已记录：{unit} · {task} · 不适用（{reason}）（原记录完成于 {old}，已改为不适用）",
        "Recorded: {unit} · {task} · waived ({reason}) (was done on {old}; now waived)",
    ),
    "dry_run_no_change": (
        "（试运行：没有需要修改的内容，文件已是这个状态）",
        "(dry run: nothing to change, the file already says so)",
    ),
    "chase_needs_by": (
        "请用 --by 说明怎样催办的：{choices}（电话、上门、发函、会议），例如 --by phone。文件和催办记录都未修改。",
        "Say how the chase was made with --by: {choices}, e.g. --by phone. Nothing was recorded.",
    ),
    "recorded_undo": ("已撤销：{unit} · {task}{gone}", "Removed: {unit} · {task}{gone}"),
    "recorded_receipt": ("已记录回执：{unit} · 联络员 {name}", "Recorded the receipt: {unit} · liaison {name}"),
    "recorded_receipt_no_name": (
        "已记录回执：{unit} · 联络员姓名未填（可用 --name 补上）",
        "Recorded the receipt: {unit} · no liaison name yet (add it with --name)",
    ),
    "dry_run_note": ("（试运行：文件未修改）", "(dry run: the file was not changed)"),
    "no_change": ("没有变化：文件已是这个状态。", "No change: the file already says so."),
    "evidence_not_found": (
        "提示：佐证材料 “{path}” 目前不存在（相对于 {base}）；`qmonth check` 会一直提示，直到文件放到位。",
        "Note: evidence “{path}” does not exist yet (relative to {base}); `qmonth check` flags it until it does.",
    ),
    "future_date": (
        "--on {date} 在今天（{today}）之后：只能记录已经完成的事项。",
        "--on {date} is after today ({today}): only record what is already done.",
    ),
    "receipt_needs_fields": (
        "请至少填写回执中的一项：--name、--gender、--workplace、--position、--phone、--mobile。",
        "Give at least one field of the receipt: --name, --gender, --workplace, --position, --phone, --mobile.",
    ),
    "done_before_start_option": (
        "--on {date} 早于活动开始（{first}）：请核对日期。",
        "--on {date} is before the campaign began ({first}); check the date.",
    ),
    "today_before_start": (
        "今天（{today}）活动尚未开始（{first}）：请用 --on 写明完成日期。",
        "Today ({today}) is before the campaign began ({first}); give the date with --on.",
    ),
    "recorded_after_campaign": (
        "提示：活动已于 {until} 结束催办（今天 {today}），此记录照常保存，仅供存档。",
        "Note: the campaign is over (reminders stopped after {until}; today is {today}); recorded all the same, for the record.",
    ),
    "option_outside_span": (
        "{option}：“{text}” 不在本次活动的时间范围（{low} 至 {high}）内。请写上年份，如 2024-09-10。",
        "{option}: “{text}” falls nowhere in the campaign's span ({low} to {high}); write the year, e.g. 2024-09-10.",
    ),
    "option_ambiguous": (
        "{option}：“{text}” 在活动时间范围内可指 {found}，请写上年份。",
        "{option}: “{text}” could mean {found} within the campaign's span; write the year.",
    ),
    "bad_now_option": (
        "--now：无法识别 “{text}”，请写成 2024-09-10T17:30、9月10日17:30，或与 --today 同用的 17:30。",
        "--now: not a moment: “{text}”; write 2024-09-10T17:30, 9月10日17:30, or 17:30 together with --today.",
    ),
    "now_conflicts": (
        "--now {now} 与 --today {today} 不是同一天，请只写一个。",
        "--now {now} and --today {today} name different days; give one of them.",
    ),
    "form_field_mobile": (
        "{form}{where}：{label} “{value}” 不是手机号码（应为 11 位数字，如 13802715638）。文件未修改。",
        "{form}{where}: {label} “{value}” is not a mobile number (11 digits, e.g. 13802715638). The file was not changed.",
    ),
    "form_field_landline": (
        "{form}{where}：{label} “{value}” 不是固定电话：应为区号（可省略）加 7–8 位号码，号码不能以 0 或 1 开头"
        "（如 0759-3216047）；手机号请填在手机一栏。文件未修改。",
        "{form}{where}: {label} “{value}” is not a landline number: an optional area code, then 7–8 digits that do "
        "not start with 0 or 1 (e.g. 0759-3216047); a mobile goes in the mobile field. The file was not changed.",
    ),
    "form_field_phone": (
        "{form}{where}：{label} “{value}” 不是电话号码。文件未修改。",
        "{form}{where}: {label} “{value}” is not a phone number. The file was not changed.",
    ),
    "form_field_email": (
        "{form}{where}：{label} “{value}” 不是电子邮箱地址（如 name@example.com）。文件未修改。",
        "{form}{where}: {label} “{value}” is not an e-mail address (e.g. name@example.com). The file was not changed.",
    ),
    "form_field_too_long": (
        "{form}{where}：{label} 超过 {max} 字，请精简。文件未修改。",
        "{form}{where}: {label} is longer than {max} characters; shorten it. The file was not changed.",
    ),
    "form_field_choice": (
        "{form}{where}：{label} “{value}” 不在可选项内：{options}。文件未修改。",
        "{form}{where}: {label} “{value}” is not one of: {options}. The file was not changed.",
    ),
    "form_field_date": (
        "{form}{where}：{label} “{value}” 不是活动期间的日期。文件未修改。",
        "{form}{where}: {label} “{value}” is not a date within the campaign. The file was not changed.",
    ),
    "form_field_no_such_day": (
        "{form}{where}：{label}：没有 “{value}” 这一天。文件未修改。",
        "{form}{where}: {label} “{value}” is not a day of the calendar. The file was not changed.",
    ),
    "form_field_not_a_date": (
        "{form}{where}：{label} “{value}” 不是日期，" + _DATE_FORMS_ZH + "。文件未修改。",
        "{form}{where}: {label} “{value}” is not a date; " + _DATE_FORMS_EN + ". The file was not changed.",
    ),
    "form_field_date_ambiguous": (
        "{form}{where}：{label} “{value}” 在活动期间可指 {found}，请写上年份。文件未修改。",
        "{form}{where}: {label} “{value}” could mean {found} within the campaign; write the year. The file was not changed.",
    ),
    "form_field_required": (
        "{form}{where}：必须填写 {label}。文件未修改。",
        "{form}{where}: {label} is required. The file was not changed.",
    ),
    "form_needs_values": (
        "{form}：请用 --set 字段=值、--row 或 --from 文件 给出内容。",
        "{form}: give its values with --set FIELD=VALUE, --row, or --from FILE.",
    ),
    "form_one_row": (
        "{form} 只有一行，但给出了 {count} 行：请只保留一行（或一组 --set）。文件未修改。",
        "{form} takes one row, but {count} were given: keep one row (or one set of --set). The file was not changed.",
    ),
    "unknown_form": (
        "没有名为 “{text}” 的表格。可用：{known}。要登记另一张表，请在活动文件中声明它，例如：",
        "No form is called “{text}”. Known: {known}. To record another form, declare it in the campaign file, e.g.:",
    ),
    # `CODE_more`: lines of our own (no data) printed as they are below the message CODE
    "unknown_form_more": (_FORM_TOML_ZH, _FORM_TOML_EN),
    "unknown_form_none_declared_more": (_FORM_TOML_ZH, _FORM_TOML_EN),
    "unknown_form_none_declared": (
        "没有名为 “{text}” 的表格：活动文件没有声明任何 [forms.*] 表格，只有内置的联络员回执（liaison）。"
        "要登记其他表格，请在活动文件中加上，例如：",
        "No form is called “{text}”: the campaign file declares no [forms.*], only the built-in liaison receipt "
        "(liaison) is available. To record another form, add it to the campaign file, e.g.:",
    ),
    "no_liaison_form": (
        "活动文件没有联络员回执表格（也没有回执任务可用于内置表格）。请用 --form 指定表格，可用：{known}。",
        "The campaign has no liaison form (and no receipt task for the built-in one). Name the form with --form; known: {known}.",
    ),
    "ambiguous_form": ("“{text}” 对应多个表格：{known}，请用编号。", "“{text}” matches several forms: {known}; use the id."),
    "unknown_field": (
        "{form} 中没有 “{text}” 这一项。可填：{known}。",
        "{form} has no field “{text}”. Fields: {known}.",
    ),
    "bad_assignment": ("“{text}” 应写成 字段=值（如 姓名=张三）。", "“{text}” should be FIELD=VALUE (e.g. 姓名=张三)."),
    "form_options_mix": (
        "--set/--row/--from 用于 --form 表格；--name 等选项只用于联络员回执，请不要混用。",
        "--set/--row/--from go with --form; --name and the other shortcuts are for the liaison receipt only: do not mix them.",
    ),
    "sheet_unreadable": ("无法读取 {path}：{reason}。", "Cannot read {path}: {reason}."),
    "sheet_format": ("{path}：请提供 .csv 或 .xlsx 文件。", "{path}: give a .csv or .xlsx file."),
    "sheet_empty": ("{path} 是空表。", "{path} is empty."),
    "sheet_no_rows": (
        "{path} 只有表头，没有数据行：请在表头下面填写内容后再登记。文件未修改。",
        "{path} has a header row but no data rows: fill in the rows below the header, then record it. The file was not changed.",
    ),
    "sheet_not_xlsx": (
        "{path} 不是有效的 Excel 工作簿（.xlsx）：文件可能已损坏，或其实是别的格式。请在 Excel/WPS 中打开后另存为 .xlsx 或 CSV。",
        "{path} is not a valid Excel workbook (.xlsx): it may be damaged or another format. Open it in Excel/WPS "
        "and save it as .xlsx or CSV.",
    ),
    "sheet_not_text": (
        "{path} 不是文本格式的 CSV：应为 UTF-8 或 GB18030（GBK）编码。请在 Excel/WPS 中另存为“CSV UTF-8”或 .xlsx。",
        "{path} is not a text CSV: it should be UTF-8 or GB18030 (GBK). In Excel/WPS, save it as “CSV UTF-8” or .xlsx.",
    ),
    "form_problems": (
        "{form}：有 {count} 处问题，文件未修改：{list}",
        "{form}: {count} problems, the file was not changed: {list}",
    ),
    "sheet_too_long": ("{path} 超过 {limit} 行。", "{path} has more than {limit} rows."),
    "sheet_no_fields": (
        "{path}：表头中没有找到表格的任何一项（应有：{labels}）。",
        "{path}: the header row names none of the form's fields ({labels}).",
    ),
    "recorded_form": ("已记录：{unit} · {form}", "Recorded: {unit} · {form}"),
    "recorded_form_rows": ("已记录：{unit} · {form}（{rows}）", "Recorded: {unit} · {form} ({rows})"),
    "recorded_form_rows_added": (
        "已记录：{unit} · {form}（新增 {rows}，共 {total}）",
        "Recorded: {unit} · {form} ({rows} added, {total} in all)",
    ),
    "recorded_form_rows_replaced": (
        "已记录：{unit} · {form}（{rows}，替换原有的 {old}）",
        "Recorded: {unit} · {form} ({rows}, replacing the {old} recorded)",
    ),
    "liaison_renamed_numbers_kept": (
        "提示：{unit} 的联络员由 {old} 改为 {new}，但 {kept} 仍是原联络员的；如已更换，请一并更新（--mobile、--phone）。",
        "Note: {unit}'s liaison is now {new} instead of {old}, but these are still {old}'s: {kept}; "
        "if they changed too, record them (--mobile, --phone).",
    ),
    "form_unknown_task": (
        "{key}：任务 “{task}” 不存在；表格的 task 应为交回该表即完成的任务编号。",
        "{key}: there is no task “{task}”; a form's task is the task its return completes.",
    ),
    "form_bad_field": ("{key}：{detail}", "{key}: {detail}"),
    "form_value_problem": (
        "{key}：{label} 的值 “{value}” 不符合要求（{kind}）。",
        "{key}: {label} “{value}” is not valid ({kind}).",
    ),
    "unknown_form_values": (
        "{key}：没有编号为 “{form}” 的表格（[forms] 中可用：{known}）。",
        "{key}: there is no form “{form}” (declared in [forms]: {known}).",
    ),
    "unknown_form_field": (
        "{key}：表格 “{form}” 中没有 “{field}” 这一项。可填：{known}。",
        "{key}: form “{form}” has no field “{field}”. Fields: {known}.",
    ),
    "form_rows_shape": (
        "{key}：多行表格的每一项应是长度相同的列表（每行一个值）。",
        "{key}: each field of a multi-row form is a list, all of the same length (one value per row).",
    ),
    "forms_title": ("回执与反馈表", "Reply forms"),
    "form_not_returned": ("（未报送）", " (not returned)"),
    "col_form": ("表格内容", "Form"),
    "evidence_not_a_file": (
        "--evidence “{path}” 不是文件：请写活动文件所在目录 {base} 内的文件路径，或 http(s) 网址。",
        "--evidence “{path}” is not a file: give a file inside {base}, or an http(s) URL.",
    ),
    "evidence_escape_option": (
        "--evidence “{path}” 超出活动文件所在目录 {base}：请用该目录内的相对路径，或网址。",
        "--evidence “{path}” leaves the campaign file's folder {base}: use a relative path inside it, or a URL.",
    ),
    "init_exists": ("{path} 已存在，未做任何修改。", "{path} already exists; nothing was changed."),
    "init_done": ("已创建 {path}。编辑后运行 `qmonth check` 检查。", "Created {path}. Edit it, then run `qmonth check`."),
    "internal_error": (
        "内部错误（{kind}）：{detail}。这是 qmonth 的缺陷，请报告；设置 QMONTH_DEBUG=1 可查看详情。",
        "Internal error ({kind}): {detail}. This is a bug in qmonth; please report it (QMONTH_DEBUG=1 shows details).",
    ),
    "none": ("无", "none"),
    # ── office outputs (qmonth export, qmonth report) ─────────────────────────
    "output_written": ("已生成 {path}", "Wrote {path}"),
    "xlsx_sheet_progress": ("进度总表", "Progress"),
    "xlsx_sheet_overdue": ("逾期清单", "Overdue"),
    "xlsx_sheet_receipts": ("联络员回执", "Liaisons"),
    "xlsx_sheet_summary": ("汇总", "Summary"),
    "xlsx_waived": ("已免", "waived"),
    "xlsx_not_applicable": ("不适用", "not applicable"),
    "xlsx_legend": ("图例", "Legend"),
    "xlsx_total": ("合计", "Total"),
    "xlsx_done_late": ("已完成（逾期完成）", "done (late)"),
    "xlsx_header": ("{title}　截至 {date}", "{title} as of {date}"),
    "xlsx_footer": ("第 &P 页，共 &N 页", "Page &P of &N"),
    "xlsx_chart_units": ("各单位完成率", "Completion by unit"),
    "xlsx_chart_trend": ("累计完成情况", "Completion over time"),
    "col_deadline_date": ("截止日期", "Deadline"),
    "col_overdue_days": ("逾期天数", "Days overdue"),
    "col_mobile": ("手机", "Mobile"),
    "col_chases": ("催办次数", "Reminders sent"),
    "col_name": ("姓名", "Name"),
    "col_gender": ("性别", "Gender"),
    "col_workplace": ("工作单位", "Workplace"),
    "col_position": ("职务", "Position"),
    "col_phone": ("固定电话", "Landline"),
    "col_total": ("应做", "To do"),
    "col_done": ("已完成", "Done"),
    "col_overdue": ("逾期", "Overdue"),
    "col_due_soon": ("临近截止", "Due soon"),
    "col_open": ("未完成", "Open"),
    "col_waived": ("不适用", "Waived"),
    "col_done_on_time": ("按时完成", "On time"),
    "col_rank": ("排名", "Rank"),
    "col_date": ("日期", "Date"),
    "col_done_cumulative": ("累计完成", "Done so far"),
    "col_items_done": ("完成项数", "Items done"),
    "col_units_done": ("单位数", "Units"),
    "ev_photo": ("照片", "Photos"),
    "ev_video": ("视频", "Videos"),
    "ev_document": ("文档", "Documents"),
    "ev_link": ("链接", "Links"),
    "ev_other": ("其他", "Other"),
    "report_title": ("关于{title}开展情况的通报", "{title}: progress report"),
    "report_title_over": ("{title}总结", "{title}: summary"),
    "report_draft": ("（草稿）", "(draft)"),
    "report_as_of": ("截至 {date}", "As of {date}"),
    "report_as_of_not_yet_issued": (
        "截至 {date}；通知尚未印发，将于 {day}印发，本稿仅为预览",
        "As of {date}; the notice is not issued yet (it is issued on {day}): a preview only",
    ),
    "report_as_of_not_yet_start": (
        "截至 {date}；活动尚未开始，将于 {day}开始，本稿仅为预览",
        "As of {date}; the campaign has not started yet (it starts on {day}): a preview only",
    ),
    "report_s_overview": ("一、总体情况", "1. Overview"),
    "report_s_ranking": ("二、各单位完成情况", "2. Units ranked by completion"),
    "report_s_owed": ("三、尚未完成的任务", "3. What each unit still owes"),
    "report_s_evidence": ("四、佐证材料报送情况", "4. Evidence received, by theme"),
    "report_s_trend": ("五、完成进度", "5. Completion over time"),
    "report_overview": (
        "本次活动共涉及 {units} 个单位、{tasks} 项任务，各单位应完成 {items} 项，已完成 {done} 项，完成率 {percent}%。",
        "The campaign covers {units} units and {tasks} tasks: {items} items to do, {done} done ({percent}%).",
    ),
    "report_on_time": (
        "截止日期已过的 {due} 项中，按时完成 {on_time} 项，按时完成率 {rate}%。",
        "Of the {due} items whose deadline has passed, {on_time} were done on time ({rate}%).",
    ),
    "report_on_time_none": ("目前尚无已到截止日期的任务。", "No deadline has passed yet."),
    "report_receipts": (
        "已收到联络员回执 {receipts} 份（应报 {expected} 份）。",
        "Liaison receipts received: {receipts} of {expected}.",
    ),
    "report_open_counts": (
        "目前逾期 {overdue} 项，临近截止 {due_soon} 项。",
        "Now overdue: {overdue}; due soon: {due_soon}.",
    ),
    "report_all_done": ("各单位的任务均已完成。", "Every unit has done all its tasks."),
    "report_owed_unit": ("{unit}（{n} 项）：", "{unit} ({n}): "),
    "report_owed_item": ("{task}（截止 {date}{late}）", "{task} (due {date}{late})"),
    "report_owed_late": ("，已逾期 {n} 天", ", {n} d overdue"),
    "report_sep": ("；", "; "),
    "report_owed_theme": ("{theme}{n}项", "{theme}: {n}"),
    "report_owed_rest": ("其余 {n} 项，最早于{date}截止：{themes}", "{n} more, the first due {date}: {themes}"),
    "report_owed_grouped": ("最早于{date}截止，分别为{themes}", "the first due {date}: {themes}"),
    "report_trend_text": (
        "{start} 至 {end}，累计完成由 {first} 项增至 {last} 项（完成率 {percent}%）。",
        "From {start} to {end}, items done rose from {first} to {last} ({percent}%).",
    ),
    "report_trend_empty": ("尚无完成记录。", "Nothing has been done yet."),
    "report_generated": ("由 qmonth 根据 {file} 生成，数据截至 {date}。", "Generated by qmonth from {file}, as of {date}."),
    "chart_done": ("累计完成率", "done"),
    "chart_due": ("按截止日期应完成的比例", "share already due"),
    "ics_due": ("截止：{task}", "Due: {task}"),
    "ics_due_unit": ("{unit}截止：{task}", "{unit} due: {task}"),
    "ics_alarm": ("{task}将于 {date} 截止", "{task} is due on {date}"),
    "ics_open_units": ("尚未完成（截至 {date}）：{units}", "Not done yet (as of {date}): {units}"),
    "ics_all_done": ("已全部完成（截至 {date}）", "All done (as of {date})"),
    "ics_calendar_name": ("{title} 截止日期", "{title}: deadlines"),
    # ── history: trend, past revisions, rollover, recurring deadlines (issue 12) ──
    "stdin_is_terminal": (
        "-f - 从标准输入读取活动文件，但标准输入是终端。请用管道传入，例如：git show REV:campaign.toml | qmonth status -f -",
        "-f - reads the campaign from standard input, but standard input is a terminal. "
        "Pipe a file into it: git show REV:campaign.toml | qmonth status -f -",
    ),
    "stdin_empty": (
        "-f -：标准输入是空的，没有读到活动文件。",
        "-f -: standard input is empty; no campaign was read.",
    ),
    "stdin_not_writable": (
        "-f - 从标准输入读取，无法写回：请用 --file 指定要修改的活动文件。",
        "-f - reads standard input, which cannot be written back: pass --file with the campaign file to change.",
    ),
    "at_with_stdin": (
        "--at 读取 git 仓库中某个版本的文件，不能与 -f -（标准输入）同用。",
        "--at reads the file at a git revision; it cannot be combined with -f - (standard input).",
    ),
    "file_too_big": (
        "{path} 超过 {limit} 字节，不像活动文件，未读取。",
        "{path} is larger than {limit} bytes, too big for a campaign file; it was not read.",
    ),
    "git_missing": (
        "--at 需要 git，但找不到 git 命令。请先安装 git。",
        "--at needs git, and no git command was found. Install git.",
    ),
    "not_a_repository": (
        "--at：{path} 不在 git 仓库中，没有历史版本可读。",
        "--at: {path} is not in a git repository, so it has no past revisions.",
    ),
    "unknown_revision": (
        "--at：“{rev}” 既不是该仓库中的提交、标签或分支，也不是完整日期（如 2024-09-20）。",
        "--at: “{rev}” is neither a commit, tag or branch of the repository nor a full date (such as 2024-09-20).",
    ),
    "no_commit_before": (
        "--at {rev}：{date} 当天及之前没有任何提交。",
        "--at {rev}: there is no commit on or before {date}.",
    ),
    "absent_at_revision": (
        "--at {rev}：该版本（{commit}）中没有 {path}。",
        "--at {rev}: {path} did not exist at that revision ({commit}).",
    ),
    "rollover_header": (
        "由 `qmonth rollover {year}` 根据 {source}（{old} 年）生成：主题、任务、单位照旧，日期已顺延到 {year} 年，\n"
        "进度、回执记录已清空。标有“待更新”的内容（标题、依据文件、主题、印发日期）请按 {year} 年的通知修改；\n"
        "标有“注意”的截止日期落在休息日或长假刚结束时，请核对。",
        "Made by `qmonth rollover {year}` from {source} ({old}): the same themes, tasks and units, every date\n"
        "moved to {year}, progress and receipts cleared. Update what is marked UPDATE (title, basis documents,\n"
        "theme, issue date) from the {year} notice; check the deadlines marked NOTE (a rest day, or just after a\n"
        "long holiday).",
    ),
    "rollover_mark_title": (
        "待更新：年份已改为 {year}，请按新通知核对",
        "UPDATE: year changed to {year}; check it against the new notice",
    ),
    "rollover_mark_basis": ("待更新：请换成 {year} 年的依据文件", "UPDATE: replace with the {year} basis documents"),
    "rollover_mark_theme": ("待更新：请换成 {year} 年的活动主题", "UPDATE: replace with the {year} theme"),
    "rollover_mark_issued": ("待更新：请改为 {year} 年通知的印发日期", "UPDATE: the date the {year} notice was issued"),
    "rollover_calendar": (
        "已删除 {year} 年的节假日调整，请按新一年的安排补充",
        "{year}'s own entries removed: add the new year's schedule",
    ),
    "rollover_rest_day": ("注意：{date} 是休息日（{weekday}）", "NOTE: {date} is a rest day ({weekday})"),
    "rollover_after_holiday": (
        "注意：{date} 是 {start}–{end} 连休 {days} 天后的第 {nth} 个工作日",
        "NOTE: {date} is working day {nth} after a {days}-day holiday ({start}–{end})",
    ),
    "rollover_flag_line": ("{where}：{key}：{message}，请核对。", "{where}: {key}: {message}; check it."),
    "rollover_done": (
        "已写入 {path}（{year} 年）：{flags} 个截止日期需核对，{marked} 处待更新。",
        "Wrote {path} ({year}): {flags} deadline(s) to check, {marked} item(s) to update.",
    ),
    "rollover_exists": (
        "{path} 已存在，未做任何修改：请用 -o 指定新文件。",
        "{path} already exists; nothing was changed. Pass -o NEW_PATH.",
    ),
    "rollover_same_year": ("活动已是 {year} 年的，无需顺延。", "The campaign is already for {year}; nothing to roll over."),
    "rollover_year_range": ("年份 {year} 超出支持范围（1900–2100）。", "Year {year} is outside the supported range (1900–2100)."),
    "bad_repeat": (
        "{key}：无法识别的重复规则 “{rule}”（{detail}）。请写 RFC 5545 的 RRULE，如 FREQ=WEEKLY;BYDAY=FR（每周五）"
        "或 FREQ=MONTHLY;BYMONTHDAY=5（每月5日）。",
        "{key}: cannot use the repeat rule “{rule}” ({detail}). Write an RFC 5545 RRULE such as "
        "FREQ=WEEKLY;BYDAY=FR (every Friday) or FREQ=MONTHLY;BYMONTHDAY=5 (the 5th of each month).",
    ),
    "repeat_empty": (
        "{key}：重复规则 “{rule}” 在 {start} 至 {end} 之间没有任何一天。",
        "{key}: the repeat rule “{rule}” gives no day from {start} to {end}.",
    ),
    "repeat_and_deadline": (
        "{key}：重复任务的截止日期由 repeat 规则给出，请删除 deadline（或删除 repeat）。",
        "{key}: a recurring task is due on each occurrence of its repeat rule; remove deadline (or repeat).",
    ),
    "until_without_repeat": (
        "{key}：until 只用于重复任务（需要 repeat）。",
        "{key}: until is for recurring tasks (with repeat).",
    ),
    "repeat_until_before": (
        "{key}：until（{until}）早于活动开始（{start}）。",
        "{key}: until ({until}) is before the campaign starts ({start}).",
    ),
    "record_needs_occurrence": (
        '{key}：“{task}” 是重复任务，每次的记录要写明日期，如 [units.ID.progress."{example}"]。',
        '{key}: “{task}” recurs; record each occurrence with its date, as in [units.ID.progress."{example}"].',
    ),
    "occurrence_not_recurring": (
        "{key}：任务 “{task}” 不是重复任务，记录不要带 @日期。",
        "{key}: task “{task}” does not recur; its record takes no @date.",
    ),
    "not_an_occurrence": (
        "{key}：{date} 不是任务 “{task}” 的截止日之一。相近的有：{near}。",
        "{key}: {date} is not one of the days task “{task}” is due. Nearest: {near}.",
    ),
    "for_not_recurring": ("--for 只用于重复任务；“{task}” 不是。", "--for is for recurring tasks; “{task}” does not recur."),
    "for_not_occurrence": (
        "--for {date}：不是任务 “{task}” 的截止日之一。相近的有：{near}。",
        "--for {date}: not one of the days task “{task}” is due. Nearest: {near}.",
    ),
    "no_open_occurrence": (
        "{unit} · {task}：每一次都已有记录；要改某一次，请用 --for 日期。",
        "{unit} · {task}: every occurrence is recorded already; use --for DATE to change one.",
    ),
    "trend_overall": ("总体完成率 {percent}%（{done}/{total}）", "Overall {percent}% done ({done}/{total})"),
    "trend_recent": ("；近 {days} 天 {points} 个百分点", "; {points} points in the last {days} days"),
    "trend_legend": (
        "     █ 完成率（按记录的完成日期）  · 按截止日期应完成的比例",
        "     █ done (by the recorded dates)  · share already due by its deadline",
    ),
    "trend_units_title": ("各单位走势", "By unit"),
    "trend_col_line": ("走势", "Trend"),
    "trend_col_recent": ("近{days}天", "Last {days} d"),
    "trend_col_done": ("完成/应做", "Done/total"),
    "trend_csv_day": ("日期", "day"),
    "trend_csv_done": ("总体完成", "done"),
    "trend_csv_total": ("总体应做", "total"),
    "trend_csv_due": ("已到期", "due"),
    "trend_csv_percent": ("总体完成率", "percent"),
    # ── screen labels ─────────────────────────────────────────────────────────
    "today": ("今天", "Today"),
    "campaign_over": (
        "活动已结束（最后截止日 {date}），以下为最终状态。",
        "The campaign is over (last deadline {date}); final state below.",
    ),
    "not_yet_issued": ("通知尚未印发（{date} 印发）。", "The notice has not been issued yet (issued {date})."),
    "not_yet_start": ("活动尚未开始（{date} 开始）。", "The campaign has not started yet (it starts {date})."),
    "col_unit": ("单位", "Unit"),
    "csv_done": ("完成", "done"),
    "csv_total": ("应做", "total"),
    "col_percent": ("完成率", "Done %"),
    "col_light": ("状态", "Light"),
    "col_task": ("任务", "Task"),
    "col_theme": ("主题", "Theme"),
    "col_deadline": ("截止", "Deadline"),
    "col_days_overdue": ("逾期", "Overdue"),
    "col_liaison": ("联络员", "Liaison"),
    "col_state": ("进度", "State"),
    "col_done_on": ("完成日期", "Done on"),
    "col_evidence": ("佐证材料", "Evidence"),
    "col_note": ("备注", "Note"),
    "col_left": ("剩余", "Left"),
    "overdue_title": ("逾期事项（{count}）", "Overdue ({count})"),
    "no_overdue": ("没有逾期事项。", "Nothing is overdue."),
    "matrix_title": ("各单位进度（完成/应做）", "Progress by unit (done/total)"),
    "summary_lights": ("红 {red} · 黄 {yellow} · 绿 {green}", "red {red} · yellow {yellow} · green {green}"),
    "light_red": ("红", "red"),
    "light_yellow": ("黄", "yellow"),
    "light_green": ("绿", "green"),
    "state_done": ("已完成", "done"),
    "state_overdue": ("逾期", "overdue"),
    "state_due_soon": ("临近截止", "due soon"),
    "state_open": ("未完成", "open"),
    "state_waived": ("不适用", "waived"),
    "days": ("{n} 天", "{n} d"),
    "workdays": ("{n} 个工作日", "{n} working d"),
    "workdays_short": ("剩{n}个工作日", "{n} wd left"),
    "due_today_short": ("今天截止", "due today"),
    "late_by": ("（迟 {n} 天）", " ({n} d late)"),
    "long_break": ("节前", "holiday"),
    "long_break_note": (
        "截止前有长假（{start}–{end}），请提前安排",
        "a long holiday ({start}–{end}) comes before the deadline: plan ahead",
    ),
    "missing_file": ("（缺失）", "(missing)"),
    "unit_header": ("{name}（{id}）", "{name} ({id})"),
    "liaison_unknown": ("联络员：未报回执", "Liaison: no receipt yet"),
    "liaison_line": ("联络员：{who}", "Liaison: {who}"),
    "phone": ("电话", "tel"),
    "mobile": ("手机", "mobile"),
    "remind_title": ("{title} 催办提醒（{date}）", "{title}: reminders ({date})"),
    "remind_overdue": ("已逾期 {n} 天", "{n} day(s) overdue"),
    "remind_due_today": ("今天截止", "due today"),
    "remind_due_in": ("还有 {n} 天、{w} 个工作日", "due in {n} day(s), {w} working"),
    "remind_item": ("（截止 {date}，{when}）", " (due {date}, {when})"),
    "remind_contact": ("报送：{who}", "Report to: {who}"),
    "no_receipt_short": ("未报回执", "no receipt yet"),
    "due_soon_title": ("临近截止的单位（{count}）", "Units with tasks due soon ({count})"),
    "col_soon_count": ("项数", "Tasks"),
    "col_workdays_left": ("最近剩余工作日", "Working d left"),
    "office_contact": ("单位电话 {who}", "office {who}"),
    "office_contact_line": ("联络员：未报回执；单位联系方式：{who}", "Liaison: no receipt yet; office: {who}"),
    "no_receipt_office": ("未报回执 {who}", "no receipt; office {who}"),
    "optional_mark": ("（可选）", " (optional)"),
    "overdue_since_time": ("今天 {time} 已过", "past {time} today"),
    "days_and_workdays": ("{n} 天/{w} 工作日", "{n} d/{w} wd"),
    "remind_overdue_wd": ("已逾期 {n} 天、{w} 个工作日", "{n} day(s) overdue, {w} working"),
    "col_workdays_overdue": ("逾期工作日", "Working d overdue"),
    "no_contact": (
        "联络员：未报回执，也没有单位电话（可在 [units.{id}] 中填写 phone）",
        "Liaison: no receipt yet and no office phone (add phone to [units.{id}])",
    ),
    "no_receipt_line": ("联络员：未报回执", "Liaison: no receipt yet"),
    "no_contact_short": ("未报回执，无电话", "no receipt, no phone"),
    "remind_summary_overdue": ("今日催办：逾期 {n} 项", "To chase today: {n} overdue"),
    "remind_summary_soon": ("{w}个工作日内到期 {n} 项", "{n} due within {w} working days"),
    "remind_summary_units": ("（{units} 个单位）", " ({units} units)"),
    "msg_to": ("致{name}：", "To {name}:"),
    "msg_overdue": (
        "贵单位在{title}中尚有 {n} 项工作已过截止日期仍未报送",
        "Your unit still has {n} item(s) of the {title} past their deadline and not reported",
    ),
    "msg_soon": ("，另有 {n} 项即将到期", ", and {n} more due soon"),
    "msg_soon_only": (
        "贵单位在{title}中有 {n} 项工作即将到期",
        "Your unit has {n} item(s) of the {title} due soon",
    ),
    "msg_ask": ("请抓紧办理，并按要求报送佐证材料。", "Please see to them and send the evidence as required."),
    "msg_contact": ("如有疑问，请联系{who}（{phone}）。", "Questions: {who} ({phone})."),
    "msg_nothing": ("{name}：目前没有逾期或即将到期的事项，无需催办。", "{name}: nothing overdue or due soon; nothing to chase."),
    "col_id": ("编号", "Id"),
    "col_task_id": ("任务 / 编号", "Task / id"),
    "col_task_id_evidence": ("任务 / 编号 / 佐证材料", "Task / id / evidence"),
    "col_applies": ("适用于", "Applies to"),
    "tasks_footer": ("编号用于 qmonth done/undo/waive。", "Ids are what qmonth done/undo/waive take."),
    "tasks_footer_star": (
        "* 表示通知未写截止日期，按活动结束日 {end} 计。",
        "* no deadline in the notice: due at the campaign's end, {end}.",
    ),
    "merge_conflict": (
        "git 合并冲突未解决（第 {line}–{end} 行，涉及 {tables}）：<<<<<<< 与 =======（第 {middle} 行）之间是本分支的版本，"
        "======= 与 >>>>>>> 之间是合并进来的版本。请保留正确的一个（或合成一个），删除这三行标记，再运行 qmonth check。"
        "配置合并驱动（见 README「git」一节）后，不同记录的修改会自动合并。",
        "Unresolved git merge conflict (lines {line}–{end}, {tables}): between <<<<<<< and ======= (line {middle}) is "
        "this branch's version, between ======= and >>>>>>> the one merged in. Keep the right one (or combine them), "
        "delete the three marker lines, then run qmonth check. With the merge driver set up (README, git), changes to "
        "different records merge by themselves.",
    ),
    "merge_conflict_same_record": (
        "git 合并冲突未解决（第 {line}–{end} 行，涉及 {tables}）：两个分支把同一条记录改得不同。"
        "<<<<<<< 与 =======（第 {middle} 行）之间是本分支的版本，======= 与 >>>>>>> 之间是合并进来的版本。"
        "请保留正确的一个（或合成一个），删除这三行标记，再运行 qmonth check。",
        "Unresolved git merge conflict (lines {line}–{end}, {tables}): the two branches changed the same record differently. "
        "Between <<<<<<< and ======= (line {middle}) is this branch's version, between ======= and >>>>>>> the one merged in. "
        "Keep the right one (or combine them), delete the three marker lines, then run qmonth check.",
    ),
    "merge_failed": (
        "{path}：无法按记录合并（{detail}），已改用 git 的逐行合并。",
        "{path}: could not merge record by record ({detail}); fell back to git's line merge.",
    ),
    "merge_conflicts_left": (
        "{path}：{count} 条记录两边都改了且改得不同，已写入冲突标记；qmonth check 会指出位置。",
        "{path}: {count} record(s) changed differently on both sides; conflict markers written, qmonth check points at them.",
    ),
    "evidence_untracked": (
        "{key}：佐证材料 “{path}” 在磁盘上，但 git 没有跟踪它：下一个克隆里会缺这个文件。请 git add 它（或改记网址）。",
        "{key}: evidence “{path}” is on disk but git does not track it: the next clone will miss it. "
        "git add it (or record a URL).",
    ),
    "lacking_kinds": ("缺{kinds}", "no {kinds}"),
    "evidence_lacking": (
        "{key}：已记为完成，但缺少任务要求的佐证材料：{kinds}（任务要求：{required}）。请补充，"
        "或在记录时注明类别，如 -e 视频:https://… 、-e 总结材料:evidence/x.pdf。",
        "{key}: recorded as done, but without the evidence the task asks for: {kinds} (asked: {required}). "
        "Add it, or name the kind when recording: -e 视频:https://…, -e 总结材料:evidence/x.pdf.",
    ),
    "col_done_total": ("完成/应做", "Done/total"),
    "matrix_title_narrow": ("各单位进度", "Progress by unit"),
    "themes_hidden": (
        "（窗口较窄，已省略各主题列；加宽窗口或用 --format csv 查看）",
        "(narrow window: theme columns hidden; widen it or use --format csv)",
    ),
    "overdue_units_title": ("逾期事项（{count} 项，{units} 个单位）", "Overdue ({count} items, {units} units)"),
    "col_count": ("项数", "Items"),
    "col_worst": ("最久", "Worst"),
    "col_call": ("联系谁", "Whom to call"),
    "col_owed": ("欠交（主题与项数）", "Owed (themes, items)"),
    "col_owed_short": ("欠交", "Owed"),
    "overdue_more_units": ("…另有 {n} 个单位逾期，见 qmonth status --all", "…{n} more units overdue: see qmonth status --all"),
    "overdue_all_hint": (
        "逐项：status --all · 单位详情：status --unit 单位 · 催办消息：remind --unit 单位",
        "Every item: status --all · one unit: status --unit UNIT · a message: remind --unit UNIT",
    ),
    "due_soon_folded": (
        "另有 {count} 项临近截止（{units} 个单位，最早 {date} 截止），见 qmonth status --all",
        "Also {count} items due soon ({units} units, the first on {date}): see qmonth status --all",
    ),
    "matrix_folded_some": (
        "另有 {n} 个单位未列出（完成率 {range}），见 qmonth status --all",
        "{n} more units not shown (done {range}): see qmonth status --all",
    ),
    "matrix_folded_all": (
        "各单位进度：{n} 个单位，完成率 {range}，见 qmonth status --all",
        "Progress by unit ({n} units, done {range}): see qmonth status --all",
    ),
    "final_title": ("最终结果（按单位）", "Final results by unit"),
    "col_on_time": ("按时率", "On time"),
    "col_never": ("始终未完成", "Never done"),
    "never_all": ("全部未完成", "nothing done"),
    "final_more_units": ("…另有 {n} 个单位未列出，见 qmonth status --all", "…{n} more units not shown: see qmonth status --all"),
    "final_total": (
        "合计：完成 {done}/{total} 项（{pct}%），按时完成率 {on_time}%，始终未完成 {never} 项。",
        "In all: {done}/{total} done ({pct}%), {on_time}% on time, {never} never done.",
    ),
    "final_hint": (
        "按时率 = 截止日前完成的项数 / 应做项数。各主题明细：qmonth status --all；某单位：qmonth status --unit 单位",
        "On time = items done by their deadline / items due. Per theme: qmonth status --all; one unit: qmonth status --unit UNIT",
    ),
    "nothing_recorded_hint": ("这个文件还没有记录任何进度。试试：", "Nothing has been recorded in this file yet. Try:"),
    "try_status_day": ("活动期间某一天的情况", "the campaign as it stood on a day"),
    "try_tasks": ("各项任务及其编号", "the tasks and their ids"),
    "try_done": ("记录一项完成", "record a task as done"),
    "try_done_command": ("qmonth done 单位 任务编号 --on 日期", "qmonth done UNIT TASK --on DATE"),
    "try_demo": ("带示例进度的演示", "the demo"),
    "unit_checklist": ("{name} 任务清单", "{name}: checklist"),
}


# ── delivery (remind --send), the 催办 log, chase ────────────────────────────
MESSAGES.update(
    {
        "template_placeholder": (
            "{key}：占位符 {field} 不可用。此处可用：{allowed}。",
            "{key}: the placeholder {field} cannot be used here. Allowed: {allowed}.",
        ),
        "template_malformed": (
            "{key}：模板格式不对（{detail}）。占位符写作 {{units}}；要写花括号本身，请写 {{{{ 或 }}}}。",
            "{key}: malformed template ({detail}). Placeholders are written {{units}}; write {{{{ or }}}} for a brace.",
        ),
        "secret_in_file": (
            "{key}：这里像是写了{what}。网址和密钥不能写进活动文件（会随 git 传播）："
            "请删除，改用环境变量 {var} 或仓库外的密钥文件（见 README“发送”一节），并尽快更换该密钥。",
            "{key}: this looks like {what}. Endpoints and secrets must not be in the campaign file (git spreads them): "
            "remove it, use the environment variable {var} or a secrets file outside the repository "
            "(README, “Delivery”), and rotate the secret.",
        ),
        "secret_webhook": ("机器人 webhook 地址（含密钥）", "a robot webhook URL (with its key)"),
        "secret_token": ("密钥或口令", "a secret, token or password"),
        "log_lines_skipped": (
            "注意：{path} 第 {line} 行不是催办记录，已跳过（共 {count} 行）；"
            "催办次数可能不全。运行 qmonth log 查看每一行的问题。",
            "Note: line {line} of {path} is not a log entry and was skipped ({count} line(s) in all); "
            "chase counts may be incomplete. Run qmonth log to see each bad line.",
        ),
        "log_bad_line": (
            "这一行不是催办记录：{text}。每行应为一条 JSON 记录（如有合并冲突标记，请删除）。",
            "this line is not a log entry: {text}. Each line is one JSON entry (remove any merge-conflict markers).",
        ),
        "no_channels": (
            "{path} 中没有配置发送渠道：请添加 [notify.NAME]（kind = wecom|dingtalk|feishu|mail）。提醒已输出，未发送。",
            "{path} configures no channel: add a [notify.NAME] table (kind = wecom|dingtalk|feishu|mail). "
            "The reminders were printed, not sent.",
        ),
        "channel_no_endpoint": (
            "渠道 {channel}：未设置环境变量 {var}（机器人 webhook 地址，或邮件的 smtp:// 地址），密钥文件中也没有。未发送。",
            "channel {channel}: {var} is not set (the robot's webhook URL, or an smtp:// URL for mail), "
            "nor is it in the secrets file. Nothing sent.",
        ),
        "channel_bad_url": (
            "渠道 {channel}：{var} 不是 http(s) 网址。未发送。",
            "channel {channel}: {var} is not an http(s) URL. Nothing sent.",
        ),
        "channel_bad_smtp": (
            "渠道 {channel}：{var} 应写成 smtp://[用户:密码@]主机:端口?from=发件地址（smtps:// 为 TLS）。未发送。",
            "channel {channel}: {var} must read smtp://[user:password@]host:port?from=ADDRESS (smtps:// for TLS). Nothing sent.",
        ),
        "secrets_in_repo": (
            "密钥文件 {path} 位于活动所在的仓库内，可能被提交：请移到仓库外（如 ~/.config/qmonth/secrets.toml）。未发送。",
            "The secrets file {path} is inside the campaign's repository and could be committed: move it out "
            "(e.g. ~/.config/qmonth/secrets.toml). Nothing sent.",
        ),
        "secrets_file_open": (
            "密钥文件 {path} 的权限为 {mode}，其他用户可读：请执行 chmod 600 {path}。未发送。",
            "The secrets file {path} has mode {mode} and others may read it: run chmod 600 {path}. Nothing sent.",
        ),
        "secrets_unreadable": (
            "无法读取密钥文件 {path}：{detail}。未发送。",
            "Cannot read the secrets file {path}: {detail}. Nothing sent.",
        ),
        "delivery_timeout": (
            "渠道 {channel}：{host} 在 {seconds} 秒内无响应（已重试）。未发送，下次运行会再发。",
            "channel {channel}: {host} did not answer within {seconds} s (retried). Not delivered; the next run sends it.",
        ),
        "delivery_unreachable": (
            "渠道 {channel}：无法连接 {host}（{detail}，已重试）。未发送，下次运行会再发。",
            "channel {channel}: cannot reach {host} ({detail}; retried). Not delivered; the next run sends it.",
        ),
        "delivery_http": (
            "渠道 {channel}：{host} 返回 HTTP {status}。未发送，下次运行会再发。",
            "channel {channel}: {host} answered HTTP {status}. Not delivered; the next run sends it.",
        ),
        "delivery_bad_answer": (
            "渠道 {channel}：{host} 的应答无法识别（{text}）。按未发送处理，下次运行会再发。",
            "channel {channel}: {host} gave an answer qmonth does not understand ({text}); taken as not delivered.",
        ),
        "delivery_refused": (
            "渠道 {channel}：机器人拒收（错误码 {errcode}：{detail}）。未发送；请检查机器人地址、加签密钥或关键词设置。",
            "channel {channel}: the robot refused the message (code {errcode}: {detail}). Not delivered; "
            "check the webhook URL, the signing secret or the keyword setting.",
        ),
        "mail_refused": (
            "渠道 {channel}：发往 {to} 的邮件被拒（{detail}）。未发送。",
            "channel {channel}: mail to {to} was refused ({detail}). Not delivered.",
        ),
        "mail_no_recipients": (
            "渠道 {channel}：没有收件人。请在 [campaign.contact] 中填写 email，或为单位填写 email。",
            "channel {channel}: nobody to mail. Set email in [campaign.contact], or units' email.",
        ),
        "sent_summary": (
            "已发送：{channel}（{kind}）{messages} 条消息，{items} 项提醒。",
            "Sent: {channel} ({kind}) {messages} message(s), {items} reminder(s).",
        ),
        "sent_already": (
            "{channel}：{count} 项提醒今天已发送过，未重复发送（--resend 可强制重发）。",
            "{channel}: {count} reminder(s) already delivered today, not sent again (--resend forces it).",
        ),
        "dry_run_channel": (
            "── 试运行：{channel}（{kind}）{to}── 将发送，不会记录 ──",
            "── dry run: {channel} ({kind}) {to}── would be sent, nothing logged ──",
        ),
        "dry_run_mentions": ("@ 提醒：{mobiles}", "@-mentions: {mobiles}"),
        "dry_run_nothing": ("（试运行：没有需要发送的内容）", "(dry run: nothing to send)"),
        "chased_recorded": (
            "已记录催办：{unit} · {task} · {by} · {at}",
            "Recorded a chase: {unit} · {task} · {by} · {at}",
        ),
        "chase_nothing_owed": (
            "{unit} 在 “{text}” 下的各项任务都已完成或不适用：没有可催办的事项，未记录。",
            "{unit} owes nothing under “{text}”: every task is done or waived; nothing logged.",
        ),
        "chased_but_done": (
            "提示：{unit} · {task} 已于 {what} 完成；催办照常记录。",
            "Note: {unit} · {task} was done on {what}; the chase is recorded all the same.",
        ),
        "chased_but_waived": (
            "提示：{unit} · {task} 已标为不适用（{what}）；催办照常记录。",
            "Note: {unit} · {task} is waived ({what}); the chase is recorded all the same.",
        ),
        "log_needs_file": (
            "催办记录写在活动文件旁边：请用 --file 指定活动文件（不能是标准输入或 --at 的历史版本）。",
            "The 催办 log lives beside the campaign file: name the file with --file (not stdin, not an --at revision).",
        ),
        "chase_whole_unit": ("（整体）", "(the unit as a whole)"),
        "by_phone": ("电话", "phone"),
        "by_visit": ("上门", "visit"),
        "by_letter": ("发函", "letter"),
        "by_meeting": ("会议", "meeting"),
        "level_warn": ("提醒", "warn"),
        "level_chase": ("催办", "chase"),
        "level_escalate": ("通报", "escalate"),
        "level_manual": ("人工催办", "manual"),
        "log_title": ("催办记录（{count}）", "Chase log ({count})"),
        "log_empty": ("暂无催办记录。", "Nothing has been chased yet."),
        "col_at": ("时间", "When"),
        "col_level": ("级别", "Level"),
        "col_channel": ("渠道/方式", "Channel / by"),
        "col_chased": ("催办", "Chased"),
        "chased_cell": ("{n}次 {date}", "{n}× {date}"),
        "history_title": ("催办记录", "Chase history"),
    }
)


# ── usage errors (bad options and arguments; qmonth/cli/usage.py) ─────────────────
MESSAGES.update(
    {
        "init_no_folder": (
            "无法写入 {path}：文件夹 {folder} 不存在。请先创建它（mkdir -p {folder}），或换一个已有的文件夹。",
            "Cannot write {path}: the folder {folder} does not exist. Create it first (mkdir -p {folder}), "
            "or choose a folder that exists.",
        ),
        "unknown_unit_list": (
            "没有编号或名称为 “{text}” 的单位。单位编号有：{ids}。",
            "No unit has the id or name “{text}”. The unit ids are: {ids}.",
        ),
        "unknown_unit_none": (
            "没有编号或名称为 “{text}” 的单位。运行 `qmonth status` 查看所有单位。",
            "No unit has the id or name “{text}”. Run `qmonth status` to see every unit.",
        ),
        "unknown_task_list": (
            "没有编号或名称为 “{text}” 的任务或主题。编号有：{ids}。",
            "No task or theme has the id or name “{text}”. The ids are: {ids}.",
        ),
        "unknown_task_none": (
            "没有编号或名称为 “{text}” 的任务或主题。运行 `qmonth tasks` 查看所有任务编号。",
            "No task or theme has the id or name “{text}”. Run `qmonth tasks` to see every task id.",
        ),
        "report_suffix_unknown": (
            "不知道 {output} 应写成哪种格式：请用 .html、.docx 或 .md 结尾的文件名，"
            "或用 --format html|docx|markdown 指定。未写入任何文件。",
            "Cannot tell which format {output} should be: name it .html, .docx or .md, or pass --format html|docx|markdown. "
            "Nothing was written.",
        ),
        "binary_to_terminal": (
            "这是二进制文件（Excel/Word），不能输出到终端：请用 -o 文件名 保存，或重定向到文件（> 台账.xlsx）。",
            "This is a binary file (Excel/Word) and cannot be shown on a terminal: save it with -o FILE, "
            "or redirect it to a file (> ledger.xlsx).",
        ),
        "usage_help": ("用 `{command} -h` 查看用法。", "Run `{command} -h` for usage."),
        "usage_bad_choice": (
            "{option} 的值 “{value}” 无效，可选：{choices}。",
            "Invalid value “{value}” for {option}; choose one of: {choices}.",
        ),
        "usage_out_of_range": ("{option} 的值 “{value}” 超出范围：{range}。", "{option} “{value}” is out of range: {range}."),
        "usage_range_between": ("应在 {low} 到 {high} 之间", "it must be between {low} and {high}"),
        "usage_range_min": ("应不小于 {low}", "it must be at least {low}"),
        "usage_range_max": ("应不大于 {high}", "it must be at most {high}"),
        "usage_not_integer": ("{option} 的值 “{value}” 不是整数。", "{option} “{value}” is not a whole number."),
        "usage_bad_value": ("{option} 的值 “{value}” 无效。", "Invalid value “{value}” for {option}."),
        "usage_missing_option": ("缺少选项 {option}，请给出它的值。", "Missing option {option}; give it a value."),
        "usage_missing_argument": ("缺少参数 {option}。", "Missing argument {option}."),
        "usage_no_such_option": ("没有选项 {option}。", "No such option: {option}."),
        "usage_no_such_command": ("没有命令 “{name}”。", "No such command “{name}”."),
        "usage_did_you_mean": ("你是不是想输入 {names}？", " Did you mean {names}?"),
        "usage_commands_are": ("可用的命令：{names}。", " Commands: {names}."),
        "usage_needs_value": ("选项 {option} 需要一个值。", "Option {option} needs a value."),
        "usage_takes_no_value": ("选项 {option} 不接受值。", "Option {option} does not take a value."),
        "usage_extra_args": ("多余的参数：{args}。", "Unexpected extra argument(s): {args}."),
        "usage_other": ("用法错误：{detail}", "Usage error: {detail}"),
    }
)

MESSAGES.update(
    {
        # ── shell completion (qmonth --install-completion / --show-completion) ──
        "completion_installed": ("已为 {shell} 安装命令补全：{path}", "{shell} completion installed in {path}"),
        "completion_restart": ("重新打开终端后补全即生效。", "Completion will take effect once you restart the terminal."),
        "completion_unsupported": (
            "不支持为 {shell} 安装补全：qmonth 支持 bash、zsh、fish 和 PowerShell。",
            "Shell {shell} is not supported: qmonth completes in bash, zsh, fish and PowerShell.",
        ),
        "completion_no_shell": (
            "无法识别当前使用的 shell：命令补全支持 bash、zsh、fish 和 PowerShell，请在其中之一里运行。",
            "Cannot tell which shell this is: completion works in bash, zsh, fish and PowerShell; run it from one of them.",
        ),
    }
)


def t(code: str, lang: Lang = "zh", **params: object) -> str:
    """The message `code` in `lang`, filled with `params`; unknown codes fall back to the code."""
    pair = MESSAGES.get(code)
    if pair is None:
        return code + (" " + repr(params) if params else "")
    template = pair[0] if lang == "zh" else pair[1]
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template
