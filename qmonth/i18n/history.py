"""History: reading the file from stdin or a past git revision (--at), qmonth trend, qmonth rollover,
recurring deadlines (repeat, --for): one area, issue 12.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
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
    "at_link_outside": (
        "--at {rev}：该版本（{commit}）中的 {path} 是符号链接，指向仓库之外或循环指向（{target}），不予读取。"
        "请用 -f 指定链接所指的、纳入 git 管理的活动文件。",
        "--at {rev}: at that revision ({commit}) {path} is a symbolic link that leads out of the repository or "
        "round in a loop ({target}); it is not read. Give -f the tracked campaign file itself.",
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
    "rollover_next": (
        "下一步：按新通知核对标有 # 待更新 的各处，再运行 qmonth check。此文件夹中的命令不加 -f 时现在读取 {new}"
        "（{project} 指明；去年的文件用 -f {old} 读取，想改回就编辑 {project}）。"
        "提交：git add {new} {project}；去年的文件留在原处即可，也可以 git mv 到 archive/ 之类的文件夹。",
        "Next: check the items marked # 待更新 against the new notice, then run qmonth check. Without -f the commands "
        "in this folder now read {new} ({project} names it; read last year's with -f {old}, or edit {project} to switch "
        "back). Commit: git add {new} {project}; last year's file can stay where it is, or git mv it to a folder such "
        "as archive/.",
    ),
    "rollover_next_elsewhere": (
        "下一步：按新通知核对标有 # 待更新 的各处。命令不加 -f 时仍读取 {old}；要读取新文件，请加 -f {new}。",
        "Next: check the items marked # 待更新 against the new notice. Without -f the commands still read {old}; "
        "pass -f {new} to read the new file.",
    ),
    "rollover_next_setup_git": (
        "这个仓库的 .gitattributes 还没有让 qmonth 合并 {new}：请运行 qmonth setup-git"
        "（合并驱动和 pre-commit 钩子都会覆盖 campaign*.toml）。",
        "This repository's .gitattributes does not yet have qmonth merge {new}: run qmonth setup-git (the merge driver "
        "and the pre-commit hook then cover campaign*.toml).",
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
}
