"""The command line itself: unknown units and tasks, bad options and arguments (qmonth/cli/usage.py),
qmonth init, internal errors, shell completion.

`unknown_unit`, `unknown_task` and their kin stand next to `unknown_unit_list` (same wording).
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # ── units and tasks named on the command line ─────────────────────────────
    "unknown_unit": (
        "没有编号或名称为 “{text}” 的单位。相近的有：{matches}。",
        "No unit has the id or name “{text}”. Closest: {matches}.",
    ),
    "ambiguous_unit": (
        "“{text}” 对应多个单位：{matches}。请写得更具体，或使用编号。",
        "“{text}” matches several units: {matches}. Be more specific, or use the id.",
    ),
    "unit_class": (
        "{unit}（{id}）是一类单位，尚未列出名称（[units.{id}] named = false），不能按它记录或发链接。"
        "请先在 [units] 中列出各单位名称（每个单位一个 [units.编号]，kind 相同），删去 [units.{id}]，再记录。",
        "{unit} ({id}) is a class of units not named yet ([units.{id}] named = false): nothing can be recorded "
        "against it, nor a link made for it. List the units by name in [units] first (one [units.ID] each, "
        "the same kind), remove [units.{id}], then record.",
    ),
    "unknown_task": (
        "没有编号或名称为 “{text}” 的任务或主题。相近的有：{matches}。",
        "No task or theme has the id or name “{text}”. Closest: {matches}.",
    ),
    "ambiguous_task": (
        "“{text}” 对应多项任务：{matches}。请写得更具体，或使用编号。",
        "“{text}” matches several tasks: {matches}. Be more specific, or use the id.",
    ),
    # ── usage errors (bad options and arguments; qmonth/cli/usage.py) ─────────────────
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
    # ── qmonth init; internal errors; the word for nothing ────────────────────
    "init_exists": ("{path} 已存在，未做任何修改。", "{path} already exists; nothing was changed."),
    # the comments of the starter campaign `qmonth init` writes (qmonth/edit/starter.py), and its placeholders
    "starter_head": (
        "# qmonth 活动文件。照着通知填写，写好后用 `qmonth check` 检查。标着“待确认”的地方请核对后改掉。",
        "# qmonth campaign file. Fill it in from the notice, then check it with `qmonth check`. Replace every "
        "“to be confirmed”.",
    ),
    "starter_campaign": (
        "# 活动：标题、印发单位、印发日期、活动主题、起止日期。截止日期指本时区当天结束前。",
        "# The campaign: title, issuer, issue date, theme, start and end. A deadline means "
        "\"by the end of that day\" in this time zone.",
    ),
    "starter_kinds": ("# 单位类别；任务适用于类别或单位编号。", "# Kinds of unit; tasks apply to kinds or to unit ids."),
    "starter_calendar": (
        "# 内置日历还不知道的休息日和调休上班日（holidays、workdays）。",
        "# Extra rest days and make-up working days (调休) not yet known to the built-in calendar.",
    ),
    "starter_themes": (
        "# 主题：把任务分组，在 `qmonth status` 中各占一列。",
        "# Themes group tasks: one column each in `qmonth status`.",
    ),
    "starter_tasks": (
        "# 任务：固定的编号、所属主题、标题、截止日期（不写 = 活动结束日）、适用于谁、要哪些佐证材料。",
        "# Tasks: a stable id, a theme, a title, a deadline (none = end of campaign), who it applies to, the evidence asked.",
    ),
    "starter_units": (
        "# 单位。进度记在各单位下：[units.ID.progress.TASK] done = 日期（用 qmonth done 记录）。",
        "# Units. Progress goes under each unit: [units.ID.progress.TASK] done = DATE (qmonth done).",
    ),
    "starter_tbc": ("待确认", "to be confirmed"),
    "starter_title": ("质量月活动", "Quality Month"),
    "starter_kind_county": ("县（市、区）住建部门", "county housing bureaus"),
    "starter_theme_publicity": ("主题宣传", "Publicity"),
    "starter_task_receipt": ("报送联络员回执", "Send the liaison receipt"),
    "starter_task_summary": ("报送总结材料", "Send the summary"),
    "starter_evidence_summary": ("总结材料", "document"),
    "starter_evidence_photo": ("照片", "photo"),
    "starter_unit_name": ("示例单位", "Example unit"),
    "starter_unit_short": ("示例", "Example"),
    "init_done": ("已创建 {path}。编辑后运行 `qmonth check` 检查。", "Created {path}. Edit it, then run `qmonth check`."),
    "internal_error": (
        "内部错误（{kind}）：{detail}。这是 qmonth 的缺陷，请报告；设置 QMONTH_DEBUG=1 可查看详情。",
        "Internal error ({kind}): {detail}. This is a bug in qmonth; please report it (QMONTH_DEBUG=1 shows details).",
    ),
    "none": ("无", "none"),
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
