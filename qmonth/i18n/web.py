"""`qmonth serve` and `qmonth links`: the pages, the uploads, the review, the links store."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # ── the links store ────────────────────────────────────────────────────────
    "links_not_a_file": (
        "链接文件 {path} 不是普通文件，qmonth 不会使用它。",
        "The links file {path} is not a regular file; qmonth does not use it.",
    ),
    "links_too_open": (
        "链接文件 {path} 的权限是 {mode}，他人可读：请执行 chmod 600 {path}，再用 qmonth links --rotate 更换所有链接。",
        "The links file {path} has mode {mode}, readable by others: run chmod 600 {path}, then replace every link "
        "(qmonth links --rotate).",
    ),
    "links_not_ours": (
        "链接文件 {path} 不属于当前用户，qmonth 不会使用它。",
        "The links file {path} belongs to another user; qmonth does not use it.",
    ),
    "links_unreadable": ("无法读取链接文件 {path}：{reason}。", "Cannot read the links file {path}: {reason}."),
    "links_damaged": (
        "链接文件 {path} 已损坏（不是 qmonth 写的 JSON）。删除它后重新执行 qmonth links（所有旧链接作废）。",
        "The links file {path} is damaged (not the JSON qmonth writes). "
        "Delete it and run qmonth links again (every old link ends).",
    ),
    "links_unwritable": ("无法写入链接文件 {path}：{reason}。", "Cannot write the links file {path}: {reason}."),
    "links_unknown_unit": (
        "没有编号为 {unit} 的单位（协调人的链接写作 @coordinator）。qmonth status 列出单位编号。",
        "No unit has the id {unit} (the coordinator's link is @coordinator). qmonth status lists the unit ids.",
    ),
    "links_rotate_and_revoke": (
        "{unit} 不能同时更换和作废链接：请二选一。",
        "{unit}: a link cannot be both rotated and revoked; choose one.",
    ),
    "links_coordinator": ("协调人（审核）", "coordinator (review)"),
    "links_kept": (
        "已有链接（只在生成时显示一次；更换请用 --rotate {who}）",
        "has a link (shown once, when made; --rotate {who} replaces it)",
    ),
    "links_revoked": ("链接已作废", "link revoked"),
    "links_where": (
        "链接只显示这一次：请逐个单位私下发送（不要发到群里）。链接的散列保存在 {path}（权限 0600）。",
        "Each link is shown this once: send it to its unit privately (never to a group). "
        "Their hashes are kept in {path} (mode 0600).",
    ),
    "links_none_made": ("没有新链接。", "No new links."),
    "serve_listening": (
        "qmonth serve：{url}（Ctrl-C 停止）。单位凭 qmonth links 生成的链接进入。",
        "qmonth serve: {url} (Ctrl-C stops). Units come in through the links qmonth links makes.",
    ),
    "serve_no_links": (
        "还没有任何链接：先执行 qmonth links -f {path} 生成各单位和协调人的链接。",
        "No links yet: run qmonth links -f {path} first to make the units' and the coordinator's links.",
    ),
    "serve_public_host": (
        "注意：绑定到 {host}，其他机器可以访问。请放在 HTTPS 反向代理之后（见使用说明「网页填报」：docs/guide/serve.md）。",
        "Note: bound to {host}, reachable from other machines. Put it behind an HTTPS reverse proxy "
        "(the manual, 'qmonth serve': docs/en/guide/serve.md).",
    ),
    "serve_needs_web": (
        "qmonth serve 需要网页组件：pip install 'qmonth[serve]' 或 pip install starlette jinja2 uvicorn python-multipart。",
        "qmonth serve needs the web stack: pip install starlette jinja2 uvicorn python-multipart.",
    ),
    # ── uploads ────────────────────────────────────────────────────────────────
    "csrf_refused": (
        "表单已过期或不是从本页面提交的，未予接收。请刷新页面后重新提交。",
        "The form has expired or was not sent from this page; nothing was taken. Reload the page and send it again.",
    ),
    "upload_path_in_name": (
        "文件名“{name}”带有路径，未予接收。请直接选择文件上传。",
        "The file name “{name}” carries a path; refused. Choose the file itself.",
    ),
    "upload_wrong_type": (
        "“{name}”不是照片、视频、PDF 或 Word 文件（按文件内容判断，与扩展名无关），未予接收。",
        "“{name}” is not a photo, video, PDF or Word file (judged by its content, not its name); refused.",
    ),
    "upload_too_large": (
        "“{name}”超过 {mb} MB，未予接收。请压缩后再传。",
        "“{name}” is over {mb} MB; refused. Make it smaller and send it again.",
    ),
    "upload_body_too_large": ("本次提交超过 {mb} MB，未予接收。", "This submission is over {mb} MB; refused."),
    "upload_too_many": ("一次最多上传 {count} 个文件，未予接收。", "At most {count} files per report; refused."),
    "upload_too_many_fields": ("表单字段过多，未予接收。", "Too many form fields; refused."),
    "upload_field_too_long": ("字段 {field} 过长，未予接收。", "The field {field} is too long; refused."),
    "upload_malformed": (
        "提交的内容不完整或格式有误，未予接收。请重新提交。",
        "The submission was incomplete or malformed; refused. Send it again.",
    ),
    # ── git ────────────────────────────────────────────────────────────────────
    "commit_subject": ("qmonth serve：采纳 {units}", "qmonth serve: accepted {units}"),
    "commit_more_units": ("等另外 {count} 个单位", "and {count} more units"),
    # ── pages ──────────────────────────────────────────────────────────────────
    "web_no_session": (
        "请用发给本单位的链接打开本页（链接可能已更换或作废，请联系协调人）。",
        "Open this page through the link sent to your unit (it may have been replaced or revoked: ask the coordinator).",
    ),
    "web_bad_link": (
        "链接无效或已作废，请联系协调人索取新链接。",
        "This link is not valid or has been revoked; ask the coordinator for a new one.",
    ),
    "web_rate_limited": ("操作过于频繁，请一分钟后再试。", "Too many requests; try again in a minute."),
    "web_forbidden": ("本链接无权访问此页面。", "This link gives no access to this page."),
    "web_not_found": ("没有这个页面。", "No such page."),
    "web_receipt_lacks": (
        "回执缺少：{fields}。请在本页填写并提交“{form}”，提交后即记为完成。",
        "The receipt lacks {fields}. Fill in and send “{form}” on this page: that records it done.",
    ),
    "web_note_too_long": ("说明最多 {max} 个字。", "The note may be at most {max} characters."),
    "web_bad_day": (
        "“{text}”不是日期：请写 2024-09-20 或 9月20日。",
        "“{text}” is not a date: write 2024-09-20 or 9/20.",
    ),
    "web_today": ("今天：{day}", "Today: {day}"),
    "web_sent_review": ("已提交，等待协调人审核。", "Sent: waiting for the coordinator's review."),
    "web_sent_written": ("已提交并记录。", "Sent and recorded."),
    "web_deadline": ("截止 {day}", "Due {day}"),
    "web_state_done": ("已完成（{day}）", "done ({day})"),
    "web_state_waived": ("免做：{reason}", "waived: {reason}"),
    "web_state_overdue": ("已逾期 {days} 个工作日", "overdue by {days} working days"),
    "web_workdays_left": ("还剩 {days} 个工作日", "{days} working days left"),
    "web_optional": ("（可组织）", "(optional)"),
    "web_asks": ("需提交：{kinds}", "Evidence asked: {kinds}"),
    "web_lacking": ("尚缺：{kinds}", "Still missing: {kinds}"),
    "web_pending": ("待审核", "awaiting review"),
    "web_accepted": ("已采纳", "accepted"),
    "web_returned": ("退回", "returned"),
    "web_done_on": ("完成于 {day}", "done on {day}"),
    "web_report_open": ("填报：已完成", "Report: done"),
    "web_report_more": ("补充材料", "Send more evidence"),
    "web_day_label": ("完成日期", "Day done"),
    "web_files_label": (
        "佐证材料（照片、视频、PDF、Word；最多 {count} 个，每个不超过 {mb} MB，视频不超过 {video} MB）",
        "Evidence (photos, videos, PDF, Word; up to {count} files, {mb} MB each, videos {video} MB)",
    ),
    "web_note_label": ("说明（可不填）", "Note (optional)"),
    "web_submit": ("已完成，提交", "Done: send"),
    "web_forms_title": ("回执与报表", "Reply forms"),
    "web_form_rows": ("已填报 {count} 行；本次提交再加一行。", "{count} rows recorded; this adds one more."),
    "web_form_submit": ("提交", "Send"),
    "web_form_empty": ("请至少填写一项。", "Fill in at least one field."),
    "web_field_too_long": ("最多 {max} 个字。", "At most {max} characters."),
    "review_title": ("填报审核", "Reports to review"),
    "review_stuck": (
        "已采纳但未能写入（原因如下，修正后可再次采纳）",
        "Accepted but not written (the reason; fix it and accept again)",
    ),
    "review_empty": ("没有待审核的填报。", "No report is waiting for review."),
    "review_sent": ("提交于 {when}", "sent {when}"),
    "review_accept": ("采纳所选", "Accept the chosen"),
    "review_return": ("退回所选", "Return the chosen"),
    "review_reason_label": ("退回原因（单位可见）", "Why it is returned (the unit sees it)"),
    "review_recent": ("最近处理", "Recently decided"),
    "review_none_chosen": ("请先勾选要处理的填报。", "Choose the reports first."),
    "review_needs_reason": ("退回需写明原因。", "Returning needs a reason."),
}
