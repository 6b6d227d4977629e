"""The help (`-h`) in the user's language.

The English help is what the commands in qmonth/cli declare (each command's docstring, each option's `help=`) plus
Click's and Typer's own words, and Click formats it as usual. For Chinese, `formatter(ctx)` gives
Click a HelpFormatter that translates each text as it is written: the commands' and options' help
through `ZH`, keyed by the English text itself (so an English help that is edited has no
translation until `ZH` follows it, and tests/test_helptext.py fails), Click's fixed words ("Usage:",
"Options", "[default: …]", "[required]") through `CLICK`. Text is wrapped by terminal cells (a
Chinese character is two) with the rules of Chinese line breaking (qmonth/outputs/wrap.py), and written as
plain text: help is never read as Rich markup (the app's rich_markup_mode is None).

The language is picked as for usage errors (usage.lang_of): --lang, else $QMONTH_LANG, else the
campaign file's `language`, else zh. This module is imported only when help is shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import click
from rich.cells import cell_len

from qmonth.outputs.wrap import wrap_code

# Click's and Typer's own words in help, as Click passes them to the formatter.
CLICK: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Arguments": "参数",
    "Commands": "命令",
    "[OPTIONS]": "[选项]",
    "COMMAND [ARGS]...": "命令 [参数]...",
    "default": "默认",
    "required": "必填",
}

_DATE_NOW = "把这一天当作今天（2024-09-20、2024年9月20日、9/20）。默认：活动时区的今天。"
_TASKS = (
    "UNIT 是单位编号或其名称中唯一的一部分。每个 TASK 可以是任务编号、标题中唯一的一部分、主题编号或编号通配"
    "（publicity-*）；`qmonth tasks` 列出所有编号。"
)
_TASKS_EN = (
    "UNIT is a unit id or a unique part of its name. Each TASK is a task id, a unique part of a title, a theme id, "
    "or an id pattern (publicity-*); `qmonth tasks` lists them."
)

#: Every command's and option's help, English (as declared, see `key`) → Chinese.
ZH: dict[str, str] = {
    # ── Click and Typer ────────────────────────────────────────────────────────
    "Show this message and exit.": "显示此帮助并退出。",
    "Install completion for the current shell.": "为当前的 shell 安装命令补全。",
    "Show completion for the current shell, to copy it or customize the installation.": (
        "显示当前 shell 的补全脚本，以便复制或自行安装。"
    ),
    "Install completion for the specified shell.": "为指定的 shell 安装命令补全。",
    "Show completion for the specified shell, to copy it or customize the installation.": (
        "显示指定 shell 的补全脚本，以便复制或自行安装。"
    ),
    # ── qmonth and its shared options ──────────────────────────────────────────
    "Track a 质量月 campaign from one TOML file: who has done what, what is overdue, whom to call.": (
        "用一个 TOML 文件跟踪质量月活动：谁完成了什么、什么已逾期、该给谁打电话。"
    ),
    "Show qmonth's version and exit.": "显示 qmonth 的版本并退出。",
    "Campaign file (default: $QMONTH_FILE, else campaign.toml here or in a parent folder).": (
        "活动文件（默认：$QMONTH_FILE，否则为当前文件夹或上级文件夹中的 campaign.toml）。"
    ),
    "Pretend today is this date (2024-09-20, 2024年9月20日, 9/20). Default: today in the campaign's time zone.": _DATE_NOW,
    "Pretend it is this moment, in the campaign's time zone (2024-09-10T17:30, 9月10日17:30, or 17:30 with --today): "
    "decides deadlines with a time of day. Default: the clock.": (
        "把这一时刻当作现在，按活动时区（2024-09-10T17:30、9月10日17:30，或与 --today 同用时写 17:30）："
        "用于判断带具体时刻的截止时间。默认：当前时间。"
    ),
    "Language of the output (default: the campaign's).": "输出语言（默认：活动文件设定的语言）。",
    "Read the file as it was at a git revision: a commit, tag or branch, or a date (the last commit on or before it; "
    "that date is then today unless --today says otherwise).": (
        "读取文件在某个 git 版本时的内容：提交、标签或分支，或一个日期（取该日或之前的最后一次提交；"
        "除非 --today 另有指定，该日期即视为今天）。"
    ),
    "Only this unit (id or part of its name); repeatable.": "只看该单位（单位编号或名称的一部分）；可重复。",
    "table (default) or json.": "table（默认）或 json。",
    "text (default) or json.": "text（默认）或 json。",
    "Show the change as a diff; write nothing.": "以 diff 显示改动；不写入任何文件。",
    "Show the holidays qmonth assumes for YEAR, or import the State Council's notice into [calendar].": (
        "显示 qmonth 对某一年放假安排的假定，或把国务院放假安排通知原文读入 [calendar]。"
    ),
    "With import: the notice's year (default: from its title).": "与 import 同用：通知的年份（默认：从标题中读取）。",
    "File to write (replaced if it exists); - for standard output.": "要写入的文件（已存在则替换）；- 表示标准输出。",
    # ── status ─────────────────────────────────────────────────────────────────
    "Progress of every unit (done/total per theme, %, light) and the overdue list; after the campaign, the final summary.": (
        "各单位进度（每个主题的已完成/总数、完成率、红黄绿灯）和逾期清单；活动结束后显示最终总结。"
    ),
    "Show this unit's checklist (id or part of its name); repeatable.": (
        "显示该单位的任务清单（单位编号或名称的一部分）；可重复。"
    ),
    "table (default), json, csv (for Excel) or markdown.": "table（默认）、json、csv（供 Excel 使用）或 markdown。",
    "List every overdue item (by default one line per unit when the list would not fit one screen).": (
        "列出每一条逾期事项（默认在一屏放不下时每个单位只占一行）。"
    ),
    # ── remind ─────────────────────────────────────────────────────────────────
    "The 催办 reminders due today: a summary line, then units most urgent first; text prints nothing when nothing "
    "is due. --send also delivers them to the campaign's channels.": (
        "今天应发的催办提醒：先是一行汇总，再按紧急程度列出各单位；text 格式在没有应催办事项时什么也不输出。"
        "加 --send 还会把提醒发送到活动设定的各个渠道。"
    ),
    "Warning window in working days (default: the campaign's and each task's).": (
        "提前提醒的工作日数（默认：活动文件和各任务的设定）。"
    ),
    "Remind on rest days too (normally silent on weekends and holidays).": "休息日也提醒（平时周末和节假日不输出）。",
    "One unit's reminder, worded to paste into a chat (致…：贵单位尚有…); any day.": (
        "某一单位的催办消息，措辞适合直接粘贴到聊天中（致…：贵单位尚有…）；任何一天都可用。"
    ),
    "text (default; silent when nothing is due) or json (always printed).": (
        "text（默认；没有应催办事项时不输出）或 json（总是输出）。"
    ),
    "Also deliver them to every [notify.NAME] channel, and log them.": "同时发送到每个 [notify.NAME] 渠道，并记入催办记录。",
    "With --send: deliver again what a channel already had today.": "与 --send 同用：某渠道今天已收到的提醒也再发一次。",
    "Show what --send would deliver where; send and log nothing.": "显示 --send 会向哪里发送什么；不发送，也不记录。",
    "With -o DIR: one paste-ready letter per owing unit, a UTF-8 file named by unit.": (
        "与 -o 文件夹同用：每个有欠交事项的单位一封可直接粘贴的催办函（UTF-8 文本，以单位简称命名）。"
    ),
    "With --each: the folder the letters go to.": "与 --each 同用：催办函写入的文件夹。",
    # ── tasks ──────────────────────────────────────────────────────────────────
    "List the themes and tasks: ids (for done/undo/waive), deadlines, whom they apply to, the evidence asked for.": (
        "列出主题和任务：编号（供 done/undo/waive 使用）、截止日期、适用单位、要求的佐证材料。"
    ),
    "Only the tasks that apply to this unit.": "只列出适用于该单位的任务。",
    # ── setup-git ──────────────────────────────────────────────────────────────
    "Set git up for the campaign in this clone: .gitattributes, the merge driver, the pre-commit hook.\n\n"
    "git takes no merge driver from a repository's content: run this once in every clone. It adds the lines qmonth "
    "needs to .gitattributes (campaign*.toml and the campaign's own name merged by qmonth, the 催办 log by union), "
    "configures the merge driver in this clone (git config), and writes .pre-commit-config.yaml with a local hook "
    "running `qmonth check --tracked` (or prints the hook to add when the file exists). Running it again changes "
    "nothing.": (
        "在此克隆中为活动文件设置 git：.gitattributes、合并驱动、pre-commit 钩子。\n\n"
        "git 不会从仓库内容中读取合并驱动：每个克隆都要运行一次。它在 .gitattributes 中补上 qmonth 需要的行"
        "（campaign*.toml 及活动文件自己的文件名由 qmonth 合并，催办记录按 union 合并），在此克隆中配置合并驱动（git config），"
        "并写出 .pre-commit-config.yaml，其中的本地钩子运行 `qmonth check --tracked`（该文件已存在时，打印要加入的钩子）。"
        "再次运行不会改变任何东西。"
    ),
    # ── merge-file ─────────────────────────────────────────────────────────────
    "A git merge driver: merges three versions of a campaign file record by record.\n\n"
    "Set it up in every clone with `qmonth setup-git` (the line `campaign*.toml merge=qmonth` in .gitattributes, and "
    '`git config merge.qmonth.driver "qmonth merge-file %O %A %B --name %P"`). Records of different tasks merge cleanly; a '
    "record changed differently on both sides is written between conflict markers (exit 1), and `qmonth check` "
    "says which record and what to do.": (
        "git 合并驱动：逐条记录地合并活动文件的三个版本。\n\n"
        "在每个克隆中用 `qmonth setup-git` 设置（.gitattributes 中的 `campaign*.toml merge=qmonth` 一行，以及 "
        '`git config merge.qmonth.driver "qmonth merge-file %O %A %B --name %P"`）。不同任务的记录会自动合并；'
        "同一条记录在两边改得不同时，写在冲突标记之间（退出码 1），`qmonth check` 会指出是哪条记录、该怎么处理。"
    ),
    "Conflict marker length (git's %L).": "冲突标记的长度（即 git 的 %L）。",
    "With --from: record the sheet for UNIT although its 填报单位 names another unit (or none of them).": (
        "与 --from 同用：即使表中的填报单位是别的单位（或对不上任何单位），也记录给 UNIT。"
    ),
    "Instead: rewrite FILE, left with git's conflict markers by a line merge, merged record by record.": (
        "改为：把 git 逐行合并后留有冲突标记的 FILE 按记录重新合并并写回。"
    ),
    "The file's path in the repository (git's %P), named in messages.": "该文件在仓库中的路径（即 git 的 %P），用于提示信息。",
    # ── check, init ────────────────────────────────────────────────────────────
    "Validate campaign files; report every problem at once with its line. Exit 1 if any.": (
        "检查活动文件；一次报告所有问题及其所在行。有问题时退出码为 1。"
    ),
    "Fail on evidence files git does not track (committed or staged); the pre-commit hook uses it. "
    "Without it they are warnings.": (
        "佐证文件未被 git 跟踪（既未提交也未暂存）时判为不通过；pre-commit 钩子使用此选项。不加此选项时只作警告。"
    ),
    "Also fail on done records without a kind of evidence their task asks for (照片, 视频, 总结材料, 链接…).": (
        "完成记录缺少任务要求的某类佐证（照片、视频、总结材料、链接…）时也判为不通过。"
    ),
    "Write a commented starter campaign. Never overwrites an existing file.": (
        "写出一个带注释的活动文件模板。绝不覆盖已有文件。"
    ),
    # ── done, undo, waive ──────────────────────────────────────────────────────
    "Record tasks as done by a unit (today, or --on DATE), with evidence and a note.\n\n"
    "UNIT is a unit id or a unique part of its name (赤坎). Each TASK is a task id (receipt), a unique part of a "
    "task's title (回执), a theme id (all of that theme's tasks that apply to the unit: publicity), or an id "
    "pattern (publicity-*). `qmonth tasks` lists the ids.": (
        "记录某单位已完成的任务（今天，或 --on 指定的日期），可附佐证和备注。\n\n"
        "UNIT 是单位编号或其名称中唯一的一部分（赤坎）。每个 TASK 可以是任务编号（receipt）、任务标题中唯一的一部分"
        "（回执）、主题编号（该主题下适用于该单位的全部任务：publicity）或编号通配（publicity-*）。"
        "`qmonth tasks` 列出所有编号。"
    ),
    "Date it was done (2024-09-12, 9月12日; default: today in the campaign's time zone).": (
        "完成日期（2024-09-12、9月12日；默认：活动时区的今天）。"
    ),
    "A file (relative to the campaign file's folder) or URL; repeatable.": (
        "一个文件（相对于活动文件所在的文件夹）或网址；可重复。"
    ),
    "A note kept with the record.": "随记录保存的备注。",
    "For a recurring task: the occurrence (its due date). Default: the nearest open one.": (
        "用于周期性任务：指定哪一期（按其截止日期）。默认：最近一期未完成的。"
    ),
    "Remove the record of tasks for a unit (done or waived).\n\n" + _TASKS_EN: (
        "删除某单位的任务记录（已完成或已免除的）。\n\n" + _TASKS
    ),
    "Mark tasks as not applicable to a unit, with the reason.\n\n" + _TASKS_EN: (
        "将任务标记为不适用于某单位，并写明理由。\n\n" + _TASKS
    ),
    "Why the task does not apply to this unit (required).": "该任务为何不适用于此单位（必填）。",
    # ── receipt ────────────────────────────────────────────────────────────────
    "Record a returned form: the 联络员回执 (liaison) by default, or any form the campaign declares.\n\n"
    "UNIT is a unit id or a unique part of its name (赤坎). --name … --mobile are shortcuts for the liaison form; "
    "--set FIELD=VALUE fills any form's fields, --row adds one row of a multi-row form (after the rows recorded), "
    "--from reads the unit's whole sheet (it replaces the rows recorded). The form's task is recorded as done.": (
        "记录交回的表格：默认是联络员回执，也可以是活动文件声明的任何表格。\n\n"
        "UNIT 是单位编号或其名称中唯一的一部分（赤坎）。--name … --mobile 是填写联络员回执的快捷方式；"
        "--set 字段=值 填写任何表格的字段，--row 为多行表格添加一行（接在已记录的各行之后），"
        "--from 读取该单位交回的整张表格（替换已记录的各行）。表格对应的任务随之记为已完成。"
    ),
    "姓名 of the liaison.": "联络员的姓名。",
    "性别.": "性别。",
    "工作单位.": "工作单位。",
    "职务.": "职务。",
    "固定电话.": "固定电话。",
    "手机.": "手机。",
    "The form returned: its id in [forms] or its title (default: the liaison form).": (
        "交回的表格：[forms] 中的编号或表格标题（默认：联络员回执）。"
    ),
    "FIELD=VALUE (a field's id or label, e.g. 手机=13802715638); repeatable.": (
        "字段=值（字段的编号或标签，例如 手机=13802715638）；可重复。"
    ),
    'One row of a multi-row form: "活动名称=质量宣传周|内容简介=……"; repeatable.': (
        '多行表格中的一行："活动名称=质量宣传周|内容简介=……"；可重复。'
    ),
    "The sheet the unit sent back (.csv or .xlsx; header row = the labels).": (
        "该单位交回的表格文件（.csv 或 .xlsx；首行为各字段的标签）。"
    ),
    # ── intake ─────────────────────────────────────────────────────────────────
    "Record a folder of returned 回执 and 反馈表 (.csv, .xlsx, .docx) and evidence (photos, videos, PDFs).\n\n"
    "Each file goes to the unit its 填报单位 names (a sheet), else the unit its file name names; evidence "
    "to the task its file name names, else the one task of that unit asking for that kind. The preview "
    "says what would be recorded for whom and what could not be matched or read, and why; nothing is "
    "recorded until confirmed (--yes in a script). Evidence is copied into evidence/UNIT/ beside the "
    "campaign. A second run over the same folder records nothing.": (
        "记录一个文件夹中交回的回执、反馈表（.csv、.xlsx、.docx）和佐证材料（照片、视频、PDF）。\n\n"
        "表格归入表中“填报单位”所写的单位，没有写明时归入文件名中的单位；佐证材料归入文件名所写的任务，"
        "否则归入该单位唯一要求这类材料的任务。预览列出将为哪个单位记录什么、哪些文件无法匹配或读取及原因；"
        "确认后才记录（脚本中加 --yes）。佐证材料复制到活动文件旁的 evidence/单位编号/。"
        "对同一文件夹再运行一次不会重复记录。"
    ),
    "Record without asking (for scripts).": "不询问，直接记录（供脚本使用）。",
    # ── chase, log, trend ──────────────────────────────────────────────────────
    "Record a manual chase (电话催办 and the like) in the 催办 log beside the campaign.": (
        "在活动文件旁的催办记录中登记一次人工催办（电话催办等）。"
    ),
    "How (required): phone, visit, letter or meeting.": (
        "催办方式（必填）：phone（电话）、visit（上门）、letter（发函）或 meeting（约谈）。"
    ),
    "What they answered (答复), or what was agreed.": "对方的答复，或商定的事项。",
    "The day of the chase (default: today).": "催办日期（默认：今天）。",
    "Show the log line; write nothing.": "显示要记入的那一行；不写入任何文件。",
    "The 催办 log (催办台账): one entry per unit per delivery and every manual chase, oldest first.": (
        "催办台账：每次发送每个单位一条（内列所催事项），以及每一次人工催办，按时间先后排列。"
    ),
    "Only entries on or after this day.": "只列该日及以后的记录。",
    "Only entries on or before this day.": "只列该日及以前的记录。",
    "Only entries naming an item of this level: warn, chase, escalate or manual.": (
        "只列含该级别事项的记录：warn（提醒）、chase（催办）、escalate（通报）或 manual（人工催办）。"
    ),
    "Only entries of this channel: a [notify.NAME], or phone/visit/letter/meeting.": (
        "只列该渠道的记录：某个 [notify.NAME]，或 phone/visit/letter/meeting（人工催办方式）。"
    ),
    "Completion over time, overall and per unit, from the recorded done dates.": (
        "按已记录的完成日期，显示总体和各单位的完成进度随时间的变化。"
    ),
    "chart (default), json or csv (one row a day, for Excel).": "chart（默认）、json 或 csv（每天一行，供 Excel 使用）。",
    # ── rollover, report, export ───────────────────────────────────────────────
    "Next year's campaign: same themes, tasks and units, dates moved, records cleared. Never overwrites.": (
        "生成下一年的活动：主题、任务和单位不变，日期顺延，记录清空。绝不覆盖已有文件。"
    ),
    "Where to write it (default: campaign-YEAR.toml beside the file; - for stdout).": (
        "写到哪里（默认：原文件旁的 campaign-YEAR.toml；- 表示标准输出）。"
    ),
    "Keep each unit's liaison (default: cleared).": "保留各单位的联络员（默认：清空）。",
    "The draft 通报 (活动总结 once the campaign is over) as of --today: figures, ranking, what is owed.": (
        "截至 --today 的通报草稿（活动结束后为活动总结）：数据、排名、欠交事项。"
    ),
    "html, docx or markdown (default: from the file's extension).": "html、docx 或 markdown（默认：按文件扩展名判断）。",
    "Office files: the Excel 台账 (xlsx) and the deadlines as a calendar (ics).": (
        "办公文件：Excel 台账（xlsx），以及导出为日历的各截止日期（ics）。"
    ),
    "The 台账 workbook: 进度总表, 逾期清单, 联络员回执, 汇总 (with a chart).": (
        "台账工作簿：进度总表、逾期清单、联络员回执、汇总（附图表）。"
    ),
    "Every deadline as an all-day event with an alarm when its warning window opens.": (
        "每个截止日期作为一个全天日程，在提醒期开始时响铃提醒。"
    ),
    "Only this unit's open tasks (id or part of its name).": "只含该单位未完成的任务（单位编号或名称的一部分）。",
    # ── links, serve ───────────────────────────────────────────────────────────
    "Make the secret link of each unit that has none (and the coordinator's), shown once; --rotate, --revoke.": (
        "为还没有链接的每个单位（及协调人）生成秘密链接，只显示这一次；--rotate 更换，--revoke 作废。"
    ),
    "Only this unit (its id; @coordinator for the review link); repeatable.": (
        "只处理这个单位（编号；审核链接写 @coordinator）；可重复。"
    ),
    "text (default) or csv.": "text（默认）或 csv。",
    "Replace this unit's link (the old one stops working); repeatable.": "更换该单位的链接（旧链接随即失效）；可重复。",
    "End this unit's link; repeatable.": "作废该单位的链接；可重复。",
    "The address the links start with (where serve is reached; default: [serve] base_url, else http://127.0.0.1:8000).": (
        "链接开头的网址（访问 serve 的地址；默认：[serve] base_url，否则 http://127.0.0.1:8000）。"
    ),
    "The links file (hashes only, mode 0600; default: $QMONTH_LINKS, else one per campaign in ~/.local/share/qmonth).": (
        "链接文件（只存散列，权限 0600；默认：$QMONTH_LINKS，否则 ~/.local/share/qmonth 下每个活动一个）。"
    ),
    "Serve the units' pages and the coordinator's review (links from `qmonth links`).": (
        "提供各单位的填报页面和协调人的审核页面（凭 `qmonth links` 生成的链接进入）。"
    ),
    "The address to listen on (default: this machine only).": "监听的地址（默认：仅本机）。",
    "The port to listen on.": "监听的端口。",
    "Mark the session cookie Secure (behind an HTTPS proxy that does not say so).": (
        "会话 Cookie 标记为 Secure（用于未声明 HTTPS 的反向代理之后）。"
    ),
    "Trust X-Forwarded-For/-Proto from a reverse proxy on this machine.": "信任本机反向代理传来的 X-Forwarded-For/-Proto。",
}


def key(text: str) -> str:
    """An English help as a key of `ZH`: paragraphs (split at blank lines), spaces within each collapsed."""
    return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip())


def zh(text: str) -> str | None:
    """The Chinese of an English help, or None if `ZH` has none."""
    return ZH.get(key(text))


def formatter(ctx: click.Context) -> click.HelpFormatter:
    """The formatter Click writes `ctx`'s help with: Click's own in English, `Chinese` otherwise."""
    from qmonth.cli.usage import lang_of

    if lang_of(ctx) == "en":
        return click.HelpFormatter(width=ctx.terminal_width, max_width=ctx.max_content_width)
    return Chinese(ctx, width=ctx.terminal_width, max_width=ctx.max_content_width)


# A definition's value with Click's extras after it: "help  [default: table; required]".
_EXTRAS = re.compile(r"^(?P<help>.*?)(?:  )?\[(?P<extras>[^\[\]]*)\]$", re.DOTALL)


def _extras(text: str) -> str:
    out = []
    for part in text.split("; "):
        name, colon, value = part.partition(": ")
        if colon and name in CLICK:
            out.append(f"{CLICK[name]}：{value}")
        else:
            out.append(CLICK.get(part, part))
    return "[" + "；".join(out) + "]"


def option_help(text: str) -> str:
    """An option's or argument's help column in Chinese: its help, then Click's extras translated."""
    whole = zh(text)
    if whole is not None:
        return whole
    m = _EXTRAS.match(text)
    if m is None:
        return text
    help_ = m.group("help")
    translated = zh(help_) if help_ else ""
    if translated is None:
        return text
    extras = _extras(m.group("extras"))
    return f"{translated}  {extras}" if translated else extras


def short(text: str, width: int) -> str:
    """A command's help on one line of `width` cells, for the command list: its first sentence;
    when longer, without its asides in brackets; else cut after a clause (…)."""
    sentence = text.split("\n\n")[0].split("。")[0]
    if cell_len(sentence) > width:
        sentence = re.sub(r"（[^（）]*）", "", sentence)
    if cell_len(sentence) <= width:
        return sentence
    depth, cut = 0, ""
    for n, ch in enumerate(sentence):
        depth += (ch == "（") - (ch == "）")
        if depth == 0 and ch in "；：，、" and cell_len(sentence[:n]) + 2 <= width:
            cut = sentence[:n]
    if not cut:
        for ch in sentence:
            if cell_len(cut + ch) + 2 > width:
                break
            cut += ch
    return cut + "…"


class Chinese(click.HelpFormatter):
    """Click's help formatter, writing Chinese: texts translated, lines measured in terminal cells."""

    def __init__(self, ctx: click.Context, width: int | None = None, max_width: int | None = None) -> None:
        super().__init__(width=width, max_width=max_width)
        self.ctx = ctx
        self.heading = ""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        for english in ("COMMAND [ARGS]...", "[OPTIONS]"):
            args = args.replace(english, CLICK[english])
        head = f"{'':>{self.current_indent}}{CLICK['Usage:']}{prog}"
        indent = " " * cell_len(head + " ")
        lines = wrap_code(args, max(self.width - cell_len(indent), 20)) if args else []
        self.write(f"{head} {lines[0]}\n" if lines else f"{head}\n")
        for line in lines[1:]:
            self.write(f"{indent}{line}\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{CLICK.get(heading, heading)}：\n")

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        self.heading = name
        try:
            with super().section(name):
                yield
        finally:
            self.heading = ""

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        paragraphs = (zh(text) or text).split("\n\n")
        for n, paragraph in enumerate(paragraphs):
            if n:
                self.write("\n")
            for line in wrap_code(" ".join(paragraph.split()), max(self.width - self.current_indent, 20)):
                self.write(f"{indent}{line}\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        if not rows:
            return
        first_col = min(max(cell_len(first) for first, _ in rows), col_max) + col_spacing
        text_width = max(self.width - first_col - 2, 10)
        for first, second in rows:
            value = self._command(first, text_width) if self.heading == "Commands" else option_help(second)
            self.write(f"{'':>{self.current_indent}}{first}")
            if not value:
                self.write("\n")
                continue
            if cell_len(first) <= first_col - col_spacing:
                self.write(" " * (first_col - cell_len(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap_code(value, text_width)
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")

    def _command(self, name: str, width: int) -> str:
        group = self.ctx.command
        cmd = group.get_command(self.ctx, name) if isinstance(group, click.Group) else None
        text = (cmd.help or "") if cmd is not None else ""
        return short(zh(text) or text, width)
