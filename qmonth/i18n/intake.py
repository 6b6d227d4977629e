"""`qmonth intake DIR`: the preview, what could not be matched or read and why, the confirmation."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "intake_not_a_folder": (
        "{path} 不是文件夹；请给出下载回执和佐证材料的文件夹。",
        "{path} is not a folder; give the folder the returned sheets and evidence were downloaded to.",
    ),
    "intake_too_many": (
        "{path} 中有 {count} 个文件，一次最多 {limit} 个；请分批放入。",
        "{path} holds {count} files, at most {limit} at a time; split it.",
    ),
    "intake_evidence_outside": (
        "[campaign] evidence = “{folder}” 指向活动文件夹 {base} 之外；请写该文件夹内的相对路径。",
        "[campaign] evidence = “{folder}” leaves the campaign's folder {base}; give a path inside it.",
    ),
    "intake_copy_exists": ("{path} 已存在，未覆盖。", "{path} exists already; not replaced."),
    "intake_not_docx": ("{path} 不是有效的 .docx 文件。", "{path} is not a valid .docx file."),
    "intake_head_record": ("将记录（{count} 项）：", "To record ({count}):"),
    "intake_head_recorded": ("已记录（{count} 项）：", "Recorded ({count}):"),
    "intake_head_before": ("已记录过，这次不再记录（{count} 项）：", "Recorded before, not again ({count}):"),
    "intake_head_unmatched": ("未能匹配，未记录（{count} 个文件）：", "Not matched, nothing recorded ({count} files):"),
    "intake_head_not_read": ("未读取（{count} 个文件）：", "Not read ({count} files):"),
    "intake_line_form": ("  {unit} · {what}（{rows}）← {file}{said}", "  {unit} · {what} ({rows}) ← {file}{said}"),
    "intake_line_evidence": (
        "  {unit} · {what} · 完成，佐证 {ref} ← {file}",
        "  {unit} · {what} · done, evidence {ref} ← {file}",
    ),
    "intake_line_before": ("  {file} → {unit} · {what}", "  {file} → {unit} · {what}"),
    "intake_line_problem": ("  {file}：{why}", "  {file}: {why}"),
    "intake_said": ("，表中填报单位：{said}", ", its 填报单位: {said}"),
    "intake_rows": ("{n} 行", "{n} row(s)"),
    "intake_old_format": (
        "{ext} 是旧格式，无法读取；请另存为 {new} 后再放入",
        "{ext} is an old format qmonth cannot read; save it as {new} and put it back",
    ),
    "intake_scanned_pdf": (
        "扫描件（PDF 中没有文字），无法读取填报内容；"
        "请向该单位要 .xlsx 或 .docx，或用 qmonth receipt --set 录入",
        "a scanned PDF (no text in it): its entries cannot be read; "
        "ask the unit for the .xlsx or .docx, or enter them with qmonth receipt --set",
    ),
    "intake_pdf_form": (
        "PDF 中的表格无法读取；请向该单位要 .xlsx 或 .docx，或用 qmonth receipt --set 录入",
        "tables in a PDF are not read; ask the unit for the .xlsx or .docx, or enter them with qmonth receipt --set",
    ),
    "intake_unknown_type": ("不认识的文件类型（{ext}）", "not a file type qmonth knows ({ext})"),
    "intake_unreadable": ("{detail}", "{detail}"),
    "intake_no_form": ("表头中没有任何表格的字段（{labels}）", "its header holds no form's fields ({labels})"),
    "intake_two_forms": ("表头同样符合多个表格：{forms}", "its header fits several forms alike: {forms}"),
    "intake_filler_unknown": ("表中填报单位“{filler}”不是任何单位", "its 填报单位 “{filler}” is no unit of the campaign"),
    "intake_filler_two": ("表中填报单位“{filler}”同时指向 {units}", "its 填报单位 “{filler}” names several units: {units}"),
    "intake_no_unit": (
        "文件名（及表中）没有写明是哪个单位；请在文件名中写上单位简称，如 赤坎-照片.jpg",
        "neither its name (nor its sheet) says which unit; put the unit's short name in the file name, e.g. 赤坎-照片.jpg",
    ),
    "intake_two_units": ("文件名同时指向 {units}", "its name names several units: {units}"),
    "intake_no_task": ("{unit} 没有要求{kind}佐证的任务", "no task of {unit} asks for evidence of this kind ({kind})"),
    "intake_two_tasks": (
        "{unit} 有多项任务要求{kind}佐证：{tasks}；"
        "请在文件名中写明任务（编号，或标题中连续四个字以上）",
        "several tasks of {unit} ask for this kind of evidence ({kind}): {tasks}; "
        "name the task in the file name (its id, or four characters or more of its title)",
    ),
    "intake_same_form": (
        "{files} 都是 {form}，不知以哪份为准；请只保留一份",
        "{files} are all {form}: which one counts? keep one",
    ),
    "intake_same_name": (
        "与 {other} 将存为同一个文件名；请改名后再放入",
        "would be saved under the same name as {other}; rename one",
    ),
    "intake_refused": ("{detail}", "{detail}"),
    "intake_confirm": ("记录以上内容？", "Record the above?"),
    "intake_needs_yes": (
        "未记录任何内容：没有终端可以确认。核对以上预览后，加 --yes 再运行一次。",
        "Nothing recorded: there is no terminal to confirm on. Check the preview above, then run again with --yes.",
    ),
    "intake_declined": ("未记录任何内容。", "Nothing recorded."),
    "intake_nothing": ("没有要记录的内容。", "Nothing to record."),
    "intake_copied": ("已复制 {count} 个佐证材料到 {folder}", "Copied {count} evidence file(s) to {folder}"),
}
