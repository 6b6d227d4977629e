"""Outputs: each a pure function of the computed report (never reads the clock, the file or the 催办 log).

The screens and text (Rich renderables or strings; never printed here):
text.py           the words every screen shares: `lit` (data shown literally), task titles, contacts, lights, states
layout.py         rows laid out as a table: Rich's Table, grid.Grid for thousands of rows, or stacked when narrow
grid.py, wrap.py  the lean table for thousands of rows; Chinese line breaking
screen.py         the status screen, fitted to the terminal's height; the final summary after the last deadline
status_tables.py  the status screen's tables: the unit × theme matrix, the overdue and due-soon lists
checklist.py      one unit's checklist (`status --unit`) and the forms it returned
tasks.py          `qmonth tasks`: the themes and their tasks
chase_log.py      the 催办 log as a table (`qmonth log`, a unit's chases)
reminders.py      `qmonth remind`: the reminders as text, and one unit's as a chat message

The machine formats:
json.py           every `--format json` (status, tasks, remind) and `dumps`
csv.py            `status --format csv`, for Excel
markdown.py       `status --format markdown`
status_rows.py    the status as rows of plain cells, shared by csv.py and markdown.py

The office files (build.py: from the campaign to their bytes, compute once, then format):
figures.py  the numbers every output shares (headline, ranking, what is owed, evidence, trend)
xlsx.py     the 台账 workbook (XlsxWriter)
report.py   the 通报 draft as Markdown and as one self-contained HTML page
word.py     the 通报 draft as a 公文-style Word document (python-docx)
ics.py      the deadlines as an iCalendar feed (icalendar)
"""
