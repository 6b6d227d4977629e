"""`qmonth serve` and `qmonth links`: a page per unit, the coordinator's review, the secret links.

Layer: below the CLI (which passes the clock, the paths and the settings in), above notify/history,
outputs, edit and core. Modules:
- tokens.py: the secret links (random tokens stored only as hashes, in a 0600 file outside the
  repository) and the signed session cookie; no web library;
- inbox.py: what units sent, durable in SQLite beside the campaign; no web library;
- uploads.py: evidence uploads checked by their content (magic bytes), stored under safe names;
- writer.py: accepted reports written in batches through edit/write.py, then committed in git;
- app.py: the Starlette application (Jinja2 templates in templates/, escaping on).
Only app.py imports the web stack (starlette, jinja2, python-multipart); `qmonth links` imports
tokens.py alone.
"""
