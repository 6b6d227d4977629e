"""What units sent, kept in SQLite beside the campaign: `.qmonth-serve/<file>.inbox.sqlite`, in a
folder that ignores itself (its own `.gitignore` says `*`, as .pytest_cache does): never committed,
and no change to the repository's own .gitignore.

Why SQLite and not files: a report goes through states (sent → accepted → written, or returned)
that must change atomically and survive a crash at any point; SQLite gives transactions, WAL with
synchronous=FULL (a committed change survives power loss), concurrent readers while one writer
writes, and queries by unit or state without reading everything — from the standard library.
Files (one JSON per report) would need our own rename dance per state change and a directory scan
per page. The database is not the campaign: the campaign file stays the record; the inbox is the
queue in front of it, and what was written says so (`state = written`, the commit).

States: `pending` (待审核), `accepted` (已采纳, to be written; `error` says why it could not be
yet), `written` (已采纳 and in the file), `returned` (退回, `reason` says why). A report accepted
is marked `accepted` before anything is written: killing the server mid-batch leaves it
`accepted`, and the next batch (at start-up) writes it — writing the same record again changes
nothing (the same date, the evidence listed once).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PENDING, ACCEPTED, WRITTEN, RETURNED = "pending", "accepted", "written", "returned"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  unit TEXT NOT NULL,
  task TEXT NOT NULL,            -- the record's key: a task id, or task@date for one occurrence
  kind TEXT NOT NULL,            -- "done" or "form"
  day TEXT,                      -- the day it was done (ISO), or NULL: the day it is written
  note TEXT NOT NULL DEFAULT '',
  fields TEXT NOT NULL DEFAULT '{}',    -- a form's values (JSON)
  evidence TEXT NOT NULL DEFAULT '[]',  -- paths relative to the campaign folder (JSON)
  state TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',      -- why it was returned
  error TEXT NOT NULL DEFAULT '',       -- why it could not be written (yet)
  sent TEXT NOT NULL,
  decided TEXT NOT NULL DEFAULT '',
  commit_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS reports_unit ON reports(unit);
CREATE INDEX IF NOT EXISTS reports_state ON reports(state);
"""


def path_for(campaign: Path) -> Path:
    return campaign.parent / ".qmonth-serve" / (campaign.name + ".inbox.sqlite")


def _ignored_folder(folder: Path) -> None:
    folder.mkdir(mode=0o700, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# made by qmonth serve: the inbox is not part of the campaign's history\n*\n", encoding="utf-8")


@dataclass(frozen=True)
class Report:
    id: int
    unit: str
    task: str
    kind: str
    day: str | None
    note: str
    fields: dict[str, str]
    evidence: list[str]
    state: str
    reason: str
    error: str
    sent: str
    decided: str
    commit_id: str


class Inbox:
    """One connection per thread (sqlite3 connections are not shared between threads)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        _ignored_folder(path.parent)
        self._local = threading.local()
        with self._db() as db:
            db.executescript(_SCHEMA)

    def _db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.row_factory = sqlite3.Row
            self._local.db = db
        return db

    def add(
        self,
        unit: str,
        task: str,
        kind: str,
        day: str | None,
        note: str,
        fields: dict[str, str],
        evidence: list[str],
        sent: str,
        state: str = PENDING,
    ) -> int:
        with self._tx() as db:
            cur = db.execute(
                "INSERT INTO reports (unit, task, kind, day, note, fields, evidence, state, sent) VALUES (?,?,?,?,?,?,?,?,?)",
                (unit, task, kind, day, note, json.dumps(fields, ensure_ascii=False), json.dumps(evidence), state, sent),
            )
            return int(cur.lastrowid or 0)

    def _tx(self) -> Any:
        db = self._db()

        class _Tx:
            def __enter__(self) -> sqlite3.Connection:
                db.execute("BEGIN IMMEDIATE")
                return db

            def __exit__(self, kind: object, *rest: object) -> None:
                db.execute("ROLLBACK" if kind else "COMMIT")

        return _Tx()

    def get(self, rid: int) -> Report | None:
        row = self._db().execute("SELECT * FROM reports WHERE id = ?", (rid,)).fetchone()
        return _report(row) if row else None

    def of_unit(self, unit: str) -> list[Report]:
        rows = self._db().execute("SELECT * FROM reports WHERE unit = ? ORDER BY id", (unit,)).fetchall()
        return [_report(r) for r in rows]

    def in_state(self, *states: str) -> list[Report]:
        marks = ",".join("?" * len(states))
        rows = self._db().execute(f"SELECT * FROM reports WHERE state IN ({marks}) ORDER BY unit, task, id", states).fetchall()
        return [_report(r) for r in rows]

    def recent(self, limit: int = 200) -> list[Report]:
        rows = (
            self._db()
            .execute(
                "SELECT * FROM reports WHERE state IN (?, ?) ORDER BY decided DESC, id DESC LIMIT ?", (WRITTEN, RETURNED, limit)
            )
            .fetchall()
        )
        return [_report(r) for r in rows]

    def decide(self, ids: Iterable[int], state: str, when: str, reason: str = "") -> list[int]:
        """Accept or return pending reports (and reports that could not be written); the ids changed."""
        changed = []
        with self._tx() as db:
            for rid in ids:
                cur = db.execute(
                    "UPDATE reports SET state = ?, reason = ?, decided = ?, error = '' WHERE id = ? AND "
                    "(state = ? OR (state = ? AND error != ''))",
                    (state, reason, when, rid, PENDING, ACCEPTED),
                )
                if cur.rowcount:
                    changed.append(rid)
        return changed

    def written(self, ids: Sequence[int], commit_id: str) -> None:
        with self._tx() as db:
            db.executemany(
                "UPDATE reports SET state = ?, error = '', commit_id = ? WHERE id = ? AND state = ?",
                [(WRITTEN, commit_id, rid, ACCEPTED) for rid in ids],
            )

    def failed(self, errors: dict[int, str]) -> None:
        with self._tx() as db:
            db.executemany(
                "UPDATE reports SET error = ? WHERE id = ? AND state = ?", [(e, rid, ACCEPTED) for rid, e in errors.items()]
            )

    def untried(self, ids: Collection[int]) -> bool:
        """Whether any of these reports is accepted and not yet tried by a batch (no error kept)."""
        given = list(ids)
        for at in range(0, len(given), 500):  # SQLite's limit on parameters
            part = given[at : at + 500]
            found = self._db().execute(
                f"SELECT 1 FROM reports WHERE state = ? AND error = '' AND id IN ({','.join('?' * len(part))}) LIMIT 1",
                (ACCEPTED, *part),
            )
            if found.fetchone() is not None:
                return True
        return False

    def counts(self) -> dict[str, int]:
        rows = self._db().execute("SELECT state, COUNT(*) FROM reports GROUP BY state").fetchall()
        return {r[0]: r[1] for r in rows}


def _report(row: sqlite3.Row) -> Report:
    return Report(
        id=row["id"],
        unit=row["unit"],
        task=row["task"],
        kind=row["kind"],
        day=row["day"],
        note=row["note"],
        fields=json.loads(row["fields"]),
        evidence=json.loads(row["evidence"]),
        state=row["state"],
        reason=row["reason"],
        error=row["error"],
        sent=row["sent"],
        decided=row["decided"],
        commit_id=row["commit_id"],
    )
