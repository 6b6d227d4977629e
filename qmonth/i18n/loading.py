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
    "evidence_lacking": (
        "{key}：已记为完成，但缺少任务要求的佐证材料：{kinds}（任务要求：{required}）。请补充，"
        "或在记录时注明类别，如 -e 视频:https://… 、-e 总结材料:evidence/x.pdf。",
        "{key}: recorded as done, but without the evidence the task asks for: {kinds} (asked: {required}). "
        "Add it, or name the kind when recording: -e 视频:https://…, -e 总结材料:evidence/x.pdf.",
    ),
}
