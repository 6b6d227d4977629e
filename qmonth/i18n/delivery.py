"""Delivery: remind --send (robots, mail, secrets), the 催办 log, qmonth chase and qmonth log."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # ── delivery (remind --send), the 催办 log, chase ────────────────────────────
    "each_needs_dir": (
        "remind --each 与 -o 须同时使用，-o 指向一个文件夹（每个单位一封催办函）。",
        "remind --each and -o go together, -o naming a folder (one letter per unit).",
    ),
    "letter_written": ("已写入 {path}", "Wrote {path}"),
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
        "请删除，改用环境变量 {var} 或仓库外的密钥文件（见使用说明“机器人和邮件”：docs/guide/robots.md），并尽快更换该密钥。",
        "{key}: this looks like {what}. Endpoints and secrets must not be in the campaign file (git spreads them): "
        "remove it, use the environment variable {var} or a secrets file outside the repository "
        "(the manual, “Delivery”: docs/en/guide/delivery.md), and rotate the secret.",
    ),
    "secret_webhook": ("机器人 webhook 地址（含密钥）", "a robot webhook URL (with its key)"),
    "secret_token": ("密钥或口令", "a secret, token or password"),
    "log_lines_skipped": (
        "注意：{path} 第 {line} 行不是催办记录，已跳过（共 {count} 行）；催办次数可能不全。运行 qmonth log 查看每一行的问题。",
        "Note: line {line} of {path} is not a log entry and was skipped ({count} line(s) in all); "
        "chase counts may be incomplete. Run qmonth log to see each bad line.",
    ),
    "log_bad_line": (
        "这一行不是催办记录：{text}。每行应为一条 JSON 记录（如有合并冲突标记，请删除）。",
        "this line is not a log entry: {text}. Each line is one JSON entry (remove any merge-conflict markers).",
    ),
    "log_line_too_long": (
        "这一行超过 {limit} 字节，不是催办记录（每条记录只有几百字节）。请删除或改正这一行。",
        "this line is over {limit} bytes and is not a log entry (an entry is a few hundred bytes). Remove or fix it.",
    ),
    "log_outside": (
        "{path} 是指向活动文件夹之外（{target}）的符号链接：qmonth 不读写活动文件夹以外的催办记录。"
        "请把它换成普通文件（或删除它，下次发送时会新建）。",
        "{path} is a symbolic link out of the campaign's folder (to {target}): qmonth does not read or write a "
        "催办 log outside the folder. Replace it with a regular file (or delete it; the next delivery creates it).",
    ),
    "log_not_regular": (
        "{path} 不是普通文件（可能是管道、设备、套接字或文件夹）：催办记录只能是活动文件旁的普通文件。请删除或替换它。",
        "{path} is not a regular file (a pipe, a device, a socket or a folder): the 催办 log must be a regular "
        "file beside the campaign. Remove or replace it.",
    ),
    "log_too_big": (
        "{path} 超过 {limit} MB，不像是催办记录：请把旧的记录移到别处存档后重试。",
        "{path} is over {limit} MB, too big for a 催办 log: move old entries to an archive and try again.",
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
    "delivery_too_long": (
        "渠道 {channel}：{host} 的应答超过 {limit} 字节，已停止读取。按未发送处理，下次运行会再发。",
        "channel {channel}: {host}'s answer passed {limit} bytes; qmonth stopped reading it and takes the message "
        "as not delivered (the next run sends it).",
    ),
    "delivery_deadline": (
        "渠道 {channel}：用完了每个渠道 {seconds} 秒的时限，余下的提醒未发送，下次运行会再发。",
        "channel {channel}: its time limit of {seconds} s ran out; the rest was not delivered (the next run sends it).",
    ),
    "delivery_run_deadline": (
        "渠道 {channel}：本次运行已用完 {seconds} 秒的总时限，未尝试发送，下次运行会再发。",
        "channel {channel}: not tried, the run's time limit of {seconds} s ran out (the next run sends it).",
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
    "log_copy_unit": ("协调人副本", "coordinator"),
    "log_items": ("{count} 项：{titles}", "{count} items: {titles}"),
    "log_copy_items": ("{units} 个单位共 {count} 项", "{count} items of {units} units"),
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
