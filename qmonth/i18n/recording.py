"""Recording progress: qmonth done, undo, waive, chase --by, receipt (the liaison shortcuts), --evidence."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # ── recording (done, undo, waive, receipt) ────────────────────────────────
    "not_open_yet": (
        "“{task}” 所在阶段 {opens} 才开始，{date} 不能记为完成。阶段开始后再记录（或用 --on 写开始后的日期）。",
        "“{task}” belongs to a stage that opens on {opens}: it cannot be recorded done on {date}. Record it once "
        "the stage has opened (or give --on a day from then).",
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
    "receipt_lacks_values": (
        "{unit} 的回执（{task}）缺少{form}的必填项：{fields}，不能记为完成。"
        "请用 {command} 记录回执（会同时记为完成）。文件未修改。",
        "{unit}'s receipt ({task}) lacks what {form} requires: {fields}; it cannot be recorded done without them. "
        "Record the receipt with {command} (that also records it done). The file was not changed.",
    ),
    "receipt_needs_fields": (
        "请至少填写回执中的一项：--name、--gender、--workplace、--position、--phone、--mobile。",
        "Give at least one field of the receipt: --name, --gender, --workplace, --position, --phone, --mobile.",
    ),
    "recorded_after_campaign": (
        "提示：活动已于 {until} 结束催办（今天 {today}），此记录照常保存，仅供存档。",
        "Note: the campaign is over (reminders stopped after {until}; today is {today}); recorded all the same, for the record.",
    ),
    "evidence_not_a_file": (
        "--evidence “{path}” 不是文件：请写活动文件所在目录 {base} 内的文件路径，或 http(s) 网址。",
        "--evidence “{path}” is not a file: give a file inside {base}, or an http(s) URL.",
    ),
    "evidence_escape_option": (
        "--evidence “{path}” 超出活动文件所在目录 {base}：请用该目录内的相对路径，或网址。",
        "--evidence “{path}” leaves the campaign file's folder {base}: use a relative path inside it, or a URL.",
    ),
}
