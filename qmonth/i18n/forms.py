"""Reply forms: qmonth receipt --form, --set/--row/--from, spreadsheets read with --from, [forms] in the file."""

from __future__ import annotations

from qmonth.i18n.dates import _DATE_FORMS_EN, _DATE_FORMS_ZH

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
    # ── forms (qmonth receipt --form; [forms] in the file) ────────────────────
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
    "form_field_phone_or_email": (
        "{form}{where}：{label} “{value}” 既不是电话号码，也不是电子邮箱地址（如 0759-3216047、name@example.com）。文件未修改。",
        "{form}{where}: {label} “{value}” is neither a phone number nor an e-mail address (e.g. 0759-3216047, "
        "name@example.com). The file was not changed.",
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
    "sheet_other_unit": (
        "{path} 是 {other} 填报的（表中写着 填报单位：{filler}），不是 {unit} 的，未记录。"
        "请记录给 {other}；若确实是 {unit} 的表，请加 --as {id}。",
        "{path} was filled by {other} (the sheet says 填报单位：{filler}), not by {unit}; nothing recorded. "
        "Record it for {other}; if it really is {unit}'s sheet, add --as {id}.",
    ),
    "sheet_unknown_filler": (
        "{path} 的填报单位是“{filler}”，对不上 {unit}（也对不上活动中的任何一个单位），未记录。"
        "若确实是 {unit} 的表，请加 --as {id}。",
        "{path} says it was filled by “{filler}”, which is not {unit} (nor any one unit of the campaign); nothing "
        "recorded. If it really is {unit}'s sheet, add --as {id}.",
    ),
    "sheet_as_other": (
        "--as 指明的是 {claimed}，但要记录的单位是 {unit}：--as 应与 UNIT 是同一个单位。",
        "--as names {claimed}, but the unit recorded is {unit}: --as must name the same unit as UNIT.",
    ),
    "as_needs_from": ("--as 只与 --from 同用。", "--as goes with --from only."),
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
    "report_with_bad": (
        "{key}：report_with = “{task}” 应为另一项有截止日期的报送任务（如 summary），且本任务自身不设 deadline。",
        "{key}: report_with = “{task}” must name another task that has a deadline of its own (such as summary), "
        "on a task without a deadline.",
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
}
