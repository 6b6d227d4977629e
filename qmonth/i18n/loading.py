"""Reading and writing the campaign file, and what `qmonth check` finds wrong in it.

Dates and deadlines in the file are in `dates.py`; forms in `forms.py`.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # ── files ──────────────────────────────────────────────────────────────────
    "file_not_found": (
        "找不到活动文件 {path}。请用 --file 指定文件，或运行 `qmonth init` 新建一个。",
        "Campaign file not found: {path}. Pass --file PATH, or run `qmonth init` to create one.",
    ),
    "no_campaign_file": (
        "当前目录及其上级目录中没有 campaign.toml（也没有指明活动文件的 qmonth.toml）。"
        "请用 --file 指定文件、设置 QMONTH_FILE，或运行 `qmonth init` 新建一个。",
        "No campaign.toml (nor a qmonth.toml naming the campaign) in this directory or its parents. "
        "Pass --file PATH, set QMONTH_FILE, "
        "or run `qmonth init` to create one.",
    ),
    "requires_newer": (
        "{key}：此文件需要 qmonth ≥ {need}，当前运行的是 {running}。请升级：pipx upgrade qmonth"
        "（或 uv tool upgrade qmonth、pip install -U qmonth；从源码安装的，在源码目录 git pull 后重新 pip install .）。",
        "{key}: this file needs qmonth ≥ {need}; this is {running}. Upgrade with: pipx upgrade qmonth "
        "(or uv tool upgrade qmonth, pip install -U qmonth; installed from source: git pull there, then pip install . again).",
    ),
    "requires_bad": (
        '{key}：“{value}” 不是版本要求；请写成 ">=0.3" 这样。',
        '{key}: {value} is not a version requirement; write it like ">=0.3".',
    ),
    "project_file_bad": (
        '{path} 无法读取（{detail}）：它只应有一行 campaign = "campaign-2025.toml"，指明命令默认读取的活动文件。',
        '{path} cannot be read ({detail}): it should hold one line, campaign = "campaign-2025.toml", naming the '
        "campaign file the commands read by default.",
    ),
    "project_file_missing": (
        "{path} 指定的活动文件 {name} 不存在。请改正 {path} 中的文件名，或用 --file 指定文件。",
        "{path} names the campaign file {name}, which does not exist. Correct the name in {path}, or pass --file.",
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
    # ── writing the file: locks, permissions, edits in place ──────────────────
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
    "title_lines": (
        "{key}：各段连起来必须正好是 title（“{title}”）：只在可以换行处把标题切开，不增删字。",
        "{key}: the pieces must join to exactly the title (“{title}”): cut it where a line may break, adding nothing.",
    ),
    "bad_value": ("{key} 的值不对：{detail}。", "{key}: {detail}."),
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
    "unit_class_has": (
        "[units.{id}] 是一类单位（named = false），没有自己的 {what}：各单位的联系人、回执和进度"
        "在列出名称后各自记录。请删去 {what}，或在 [units] 中列出各单位名称并去掉 named = false。",
        "[units.{id}] is a class of units (named = false) and has no {what} of its own: contacts, receipts and "
        "progress are recorded for each unit once they are named. Remove {what}, or list the units by name in "
        "[units] and drop named = false.",
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
    "field_phone": (
        "{key}：“{value}” 不是电话号码；请写成 0759-3216047 或 13802715638 这样的号码。",
        "{key}: {value} is not a phone number; write it like 0759-3216047 or 13802715638.",
    ),
    "webhook_body": (
        "{key}：webhook 的 body 应为 JSON，字符串中只可使用占位符 {{title}} {{text}} {{today}} {{mentions}}（{detail}）。",
        "{key}: a webhook's body must be JSON whose strings use only {{title}} {{text}} {{today}} {{mentions}} ({detail}).",
    ),
    "field_email": (
        "{key}：“{value}” 不是电子邮箱地址；请写成 name@example.com 这样的地址。",
        "{key}: {value} is not an e-mail address; write it like name@example.com.",
    ),
    # ── git: merge conflicts, the merge driver, untracked or missing evidence ──
    "merge_conflict": (
        "git 合并冲突未解决（第 {line}–{end} 行，涉及 {tables}）：两边是同一条记录，改得不同。"
        "<<<<<<< 与 =======（第 {middle} 行）之间是本分支的版本，"
        "======= 与 >>>>>>> 之间是合并进来的版本。请保留正确的一个（或合成一个），删除这三行标记，再运行 qmonth check。"
        "在此克隆中运行 qmonth setup-git 配置合并驱动后，不同记录的修改会自动合并。",
        "Unresolved git merge conflict (lines {line}–{end}, {tables}): both sides hold the same record, changed "
        "differently. Between <<<<<<< and ======= (line {middle}) is "
        "this branch's version, between ======= and >>>>>>> the one merged in. Keep the right one (or combine them), "
        "delete the three marker lines, then run qmonth check. With the merge driver set up in this clone "
        "(qmonth setup-git), changes to different records merge by themselves.",
    ),
    "merge_conflict_both": (
        "git 合并冲突未解决（第 {line}–{end} 行）：两边是不同的记录（本分支 {ours}，合并进来的 {theirs}），"
        "两边的记录都要保留，不要只留一边。运行 qmonth merge-file --fix 此文件，按记录合并：只在一边的记录都保留，"
        "两边都有且改得不同的记录仍留在标记之间由你选择。git 的逐行合并不认识记录；在此克隆中运行 qmonth setup-git "
        "配置合并驱动后，这样的修改会自动合并。",
        "Unresolved git merge conflict (lines {line}–{end}): the two sides are different records (this branch: "
        "{ours}; merged in: {theirs}), and both are to be kept, not one. Run qmonth merge-file --fix on this file to "
        "merge it record by record: every record only one side has is kept; a record both sides changed differently "
        "stays between markers for you to choose. git's line merge does not know records; with the merge driver set "
        "up in this clone (qmonth setup-git), such changes merge by themselves.",
    ),
    "merge_conflict_keep_a_side": (
        "合并冲突未解决（第 {line}–{end} 行，涉及 {tables}）：两边的改动不能同时成立"
        "（一边删除了某个单位或表单而另一边在其下记录，或同一批键一边写成表、一边写成点号键）。"
        "<<<<<<< 与 =======（第 {middle} 行）之间是本分支的全部版本，"
        "======= 与 >>>>>>> 之间是合并进来的全部版本：请整段保留其中一边，删除这三行标记，再运行 qmonth check。",
        "Unresolved merge conflict (lines {line}–{end}, {tables}): the two sides' changes cannot both stand (one side "
        "removed a unit or form the other recorded under, or wrote the same keys as a table where the other wrote "
        "dotted keys). Between <<<<<<< and ======= (line {middle}) is this branch's whole version, between ======= and "
        ">>>>>>> the one merged in: keep one side whole, delete the three marker lines, then run qmonth check.",
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
    "merge_orphan": (
        "{path}：一边删除了 {tables} 中的第一个，另一边却在它下面记录或修改了内容；已把两边的版本写入冲突标记"
        "（保留一边：整个删除，或整个保留）；qmonth check 会指出位置。",
        "{path}: one side removed the first of {tables} while the other recorded or changed something under it; "
        "both sides' versions are written between conflict markers (keep one: all removed, or all kept); "
        "qmonth check points at them.",
    ),
    "merge_clash": (
        "{path}：{tables} 在两边以不同写法定义了同一批键（一边是表，一边是点号键），合在一起会重复定义；"
        "已把两边的版本写入冲突标记，请保留一种写法；qmonth check 会指出位置。",
        "{path}: {tables} define the same keys in two forms on the two sides (a table on one, dotted keys on the "
        "other); together they would be defined twice. Both sides' versions are written between conflict markers: "
        "keep one form; qmonth check points at them.",
    ),
    "merge_invalid": (
        "{path}：合并结果有 {count} 个问题，每个命令都会拒绝这个文件，合并已停下（文件已写出，未提交）。"
        "请修正下列各处后 git add 并提交：",
        "{path}: the merged result has {count} problem(s) every command would refuse, so the merge stopped "
        "(the file is written, not committed). Fix these, then git add and commit:",
    ),
    "git_driver_missing": (
        "注意：{root} 的 .gitattributes 要求用 qmonth 的合并驱动合并 {path}，但这个克隆没有配置它"
        "（git 的配置按克隆保存，不随仓库传开）：两人记录同一单位时 git 会逐行合并并报冲突。"
        "请在此克隆中运行一次：qmonth setup-git",
        "Note: the .gitattributes of {root} asks for qmonth's merge driver for {path}, but this clone does not "
        "configure it (git's config belongs to each clone, it does not travel with the repository): two people "
        "recording for one unit get a line conflict. Run once in this clone: qmonth setup-git",
    ),
    "setup_git_attributes": ("{path}：已添加 {lines}", "{path}: added {lines}"),
    "setup_git_attributes_kept": ("{path}：已包含所需各行，未改动", "{path}: already has every line needed, unchanged"),
    "setup_git_driver": (
        "已在此克隆中配置合并驱动：merge.qmonth.driver = {command}",
        "Configured the merge driver in this clone: merge.qmonth.driver = {command}",
    ),
    "setup_git_hook_written": (
        "{path}：已写入 pre-commit 钩子（repo: local，language: system，每次提交活动文件时运行 qmonth check --tracked）",
        "{path}: wrote the pre-commit hook (repo: local, language: system: qmonth check --tracked on every commit "
        "of a campaign file)",
    ),
    "setup_git_hook_present": ("{path}：已有 qmonth-check 钩子，未改动", "{path}: already has the qmonth-check hook, unchanged"),
    "setup_git_hook_add": (
        "{path} 已存在、但没有 qmonth 的钩子；请把下面几行加到其中的 repos: 之下：",
        "{path} exists without qmonth's hook; add these lines under its repos: key:",
    ),
    "setup_git_next": (
        "下一步：git add .gitattributes .pre-commit-config.yaml 并提交（同事拉取后在各自的克隆中运行一次 qmonth setup-git）；"
        "装有 pre-commit 时运行 pre-commit install 启用钩子。",
        "Next: git add .gitattributes .pre-commit-config.yaml and commit (colleagues run qmonth setup-git once in "
        "their own clones after pulling); with pre-commit installed, run pre-commit install to turn the hook on.",
    ),
    "setup_git_no_repo": (
        "{path} 不在 git 仓库中（{detail}）。请在活动文件所在的仓库中运行 qmonth setup-git（或先 git init）。",
        "{path} is not in a git repository ({detail}). Run qmonth setup-git in the campaign's repository (or git init first).",
    ),
    "setup_git_no_git": ("找不到 git 程序。请先安装 git。", "git could not be run. Install git first."),
    "merge_file_args": (
        "merge-file 需要 BASE OURS THEIRS 三个文件（git 的 %O %A %B），或用 --fix FILE 处理留有冲突标记的文件。",
        "merge-file needs three files, BASE OURS THEIRS (git's %O %A %B), or --fix FILE for a file left with conflict markers.",
    ),
    "merge_fix_alone": (
        "--fix FILE 单独使用，不与 BASE OURS THEIRS 同用。",
        "--fix FILE is used alone, without BASE OURS THEIRS.",
    ),
    "merge_fix_nothing": ("{path}：没有冲突标记，无需处理。", "{path}: no conflict markers; nothing to do."),
    "merge_fix_done": (
        "{path}：已按记录合并，两边的记录都已保留。请运行 qmonth check，再 git add 此文件并提交。",
        "{path}: merged record by record, both sides' records kept. Run qmonth check, then git add the file and commit.",
    ),
    "merge_fix_left": (
        "{path}：已按记录合并，只在一边的记录都已保留；仍有 {count} 处两边都改了且改得不同，留在冲突标记之间，"
        "qmonth check 会指出位置（请保留一个）。",
        "{path}: merged record by record, every record only one side has kept; {count} place(s) both sides changed "
        "differently stay between conflict markers, and qmonth check points at them (keep one).",
    ),
    "merge_fix_unreadable": (
        "{path}：标记两边的版本无法按记录读取（{detail}），文件未改动；请手工解决。",
        "{path}: the versions between the markers cannot be read record by record ({detail}); the file is unchanged, "
        "resolve it by hand.",
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
    "receipt_done_lacking": (
        "{key}：回执已记为完成，但缺少：{fields}（各页面会显示已报回执却无人可联系）。请用 {command} 补录；"
        "check 不会改动文件。",
        "{key}: the receipt is recorded done but lacks {fields} (screens would show a done receipt with nobody "
        "to call). Record them with {command}; check never changes the file.",
    ),
    "evidence_lacking": (
        "{key}：已记为完成，但缺少任务要求的佐证材料：{kinds}（任务要求：{required}）。请补充，"
        "或在记录时注明类别，如 -e 视频:https://… 、-e 总结材料:evidence/x.pdf。",
        "{key}: recorded as done, but without the evidence the task asks for: {kinds} (asked: {required}). "
        "Add it, or name the kind when recording: -e 视频:https://…, -e 总结材料:evidence/x.pdf.",
    ),
}
