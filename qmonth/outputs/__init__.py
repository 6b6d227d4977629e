"""Office outputs: each a pure function of the computed report (never reads the clock or the file).

figures.py  the numbers every output shares (headline, ranking, what is owed, evidence, trend)
xlsx.py     the 台账 workbook (XlsxWriter)
report.py   the 通报 draft as Markdown and as one self-contained HTML page
word.py     the 通报 draft as a 公文-style Word document (python-docx)
ics.py      the deadlines as an iCalendar feed (icalendar)
"""
