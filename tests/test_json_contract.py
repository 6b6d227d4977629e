"""The JSON contract of `status` and `remind`, as published in schema/*.schema.json and the manual (docs/dev/json.md).

One test runs both commands on days chosen to show every state and every optional value, validates
the output against the published schemas (every documented key, its type, its allowed values), and
checks what each number means against the campaign file and the calendar day.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.conftest import DEMO, ROOT, SHIPPED, Run

SCHEMAS = ROOT / "schema"
LIAISON_FIELDS = ("name", "gender", "workplace", "position", "phone", "mobile")

# (file, day): together they show done, overdue, due_soon, open and waived items, due-soon items
# with days left > 0, long breaks, liaisons known and unknown, missing evidence, a campaign over.
CASES = [
    (SHIPPED, "2024-09-09"),  # the receipt due tomorrow: due_soon, days 1
    (SHIPPED, "2024-09-11"),  # the receipt overdue by 1 day
    (SHIPPED, "2024-09-30"),  # the summary due after the National Day break: long_break
    (DEMO, "2024-09-20"),  # done, waived, overdue; liaisons known
    (DEMO, "2024-09-26"),  # many due soon, 4 days left
    (DEMO, "2024-10-12"),  # the campaign is over (a make-up working Saturday: remind runs)
]


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def assert_valid(v: Draft202012Validator, data: Any, what: str) -> None:
    errors = [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in v.iter_errors(data)]
    assert not errors, f"{what} does not follow its schema:\n" + "\n".join(errors[:10])


def iso(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def check_status(data: dict[str, Any], toml: dict[str, Any], day: dt.date) -> None:
    """What the numbers mean: each item against the calendar, each unit against its items."""
    assert iso(data["today"]) == day
    units = toml["units"]
    assert [u["id"] for u in data["units"]] == list(units)  # every unit, in file order
    for item in data["items"]:
        deadline, state = iso(item["deadline"]), item["state"]
        assert deadline is not None
        record = units[item["unit"]].get("progress", {}).get(item["task"])
        if state == "overdue":
            assert day > deadline and item["days_overdue"] == (day - deadline).days
        elif state in ("open", "due_soon"):
            assert item["days_left"] == (deadline - day).days >= 0
            assert item["workdays_left"] <= item["days_left"]
            if item["long_break"]:
                start, end = iso(item["long_break"]["start"]), iso(item["long_break"]["end"])
                assert start is not None and end is not None
                assert (end - start).days + 1 >= 3 and start <= deadline and end > day
        elif state == "done":
            done_on = iso(item["done_on"])
            assert done_on is not None and done_on <= day
            assert item["days_overdue"] == max(0, (done_on - deadline).days)
            assert record is not None and "done" in record
        else:
            assert record is not None and item["waived"] == record["waived"]
        assert set(item["evidence_missing"]) <= set(item["evidence"])
        if state in ("done", "waived"):
            assert record is not None and item["evidence"] == record.get("evidence", [])
    for unit in data["units"]:
        mine = [i for i in data["items"] if i["unit"] == unit["id"]]
        states = Counter(i["state"] for i in mine)
        assert unit["name"] == units[unit["id"]]["name"]
        assert unit["done"] == states["done"]
        assert unit["total"] == len(mine) - states["waived"]
        assert unit["overdue"] == states["overdue"]
        assert unit["due_soon"] == states["due_soon"]
        assert unit["percent"] == (100 if unit["total"] == 0 else 100 * unit["done"] // unit["total"])
        plan = data["campaign"]["plan"]
        behind = plan is not None and unit["total"] > 0 and 100 * unit["done"] < (plan - 25) * unit["total"]
        assert unit["behind"] == behind
        assert unit["light"] == ("red" if states["overdue"] else "yellow" if states["due_soon"] or behind else "green")
        assert list(unit["themes"]) == list(toml["themes"])
        for theme, cell in unit["themes"].items():
            counted = [i for i in mine if i["theme"] == theme and i["state"] != "waived"]
            assert cell == {"done": sum(i["state"] == "done" for i in counted), "total": len(counted)}
    last = max([toml["campaign"]["end"], *(iso(i["deadline"]) for i in data["items"])])
    assert iso(data["campaign"]["last_deadline"]) == last
    assert data["campaign"]["title"] == toml["campaign"]["title"]
    assert data["campaign"]["over"] is (day > last)


def check_remind(data: dict[str, Any], status: dict[str, Any], toml: dict[str, Any], day: dt.date) -> None:
    """Reminders are the status's overdue and due-soon items, with the same numbers and the liaison."""
    assert iso(data["today"]) == day
    items = {(i["unit"], i["task"]): i for i in status["items"]}
    chase = {key for key, i in items.items() if i["state"] in ("overdue", "due_soon")}
    reminders = data["reminders"]
    assert [(r["unit"], r["task"]) for r in reminders if (r["unit"], r["task"]) in chase] == [
        (r["unit"], r["task"]) for r in reminders
    ]
    reminded = {(r["unit"], r["task"]) for r in reminders}
    assert reminded <= chase
    # what is not reminded today: activity items past the period, waiting for the report they go with
    waiting = chase - reminded
    assert all(items[k]["deadline_source"] == "period" and items[k]["state"] == "overdue" for k in waiting)
    for r in reminders:
        assert r["deadline_source"] == items[(r["unit"], r["task"])]["deadline_source"]
        assert r["report_with"] is None or r["deadline_source"] == "period"
    order = [r["unit"] for r in reminders]
    assert order == sorted(order, key=order.index)  # grouped by unit
    for r in reminders:
        item = items[(r["unit"], r["task"])]
        assert (r["state"], r["deadline"]) == (item["state"], item["deadline"])
        assert r["days"] == (item["days_overdue"] if r["state"] == "overdue" else item["days_left"])
        assert r["workdays_left"] == item["workdays_left"]
        liaison = toml["units"][r["unit"]].get("liaison")
        expected = {k: liaison.get(k, "") for k in LIAISON_FIELDS} if liaison else None
        got = {k: r["liaison"][k] for k in LIAISON_FIELDS} if isinstance(r["liaison"], dict) else r["liaison"]
        assert got == expected


def test_status_and_remind_json_follow_the_published_schemas_and_mean_what_they_say(run: Run) -> None:
    status_schema, remind_schema = validator("status"), validator("remind")
    seen: Counter[str] = Counter()
    for path, day in CASES:
        toml = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        today = dt.date.fromisoformat(day)
        result = run("status", "-f", path, "--today", day, "--format", "json")
        assert result.exit_code == 0, result.output
        status = json.loads(result.stdout)
        assert_valid(status_schema, status, f"status {path.name} {day}")
        check_status(status, toml, today)
        result = run("remind", "-f", path, "--today", day, "--format", "json")
        assert result.exit_code == 0, result.output
        remind = json.loads(result.stdout)
        assert_valid(remind_schema, remind, f"remind {path.name} {day}")
        check_remind(remind, status, toml, today)
        seen.update(i["state"] for i in status["items"])
        seen.update("long_break" for i in status["items"] if i["long_break"])
        seen.update("evidence_missing" for i in status["items"] if i["evidence_missing"])
        seen.update("over" for _ in [0] if status["campaign"]["over"])
        seen.update(f"remind {r['state']} days>0" for r in remind["reminders"] if r["days"] > 0)
        seen.update("liaison" for r in remind["reminders"] if r["liaison"])
        seen.update("no liaison" for r in remind["reminders"] if r["liaison"] is None)
    # the cases above exercise every part of the contract (else this test would prove less than it says)
    wanted = {"done", "overdue", "due_soon", "open", "waived", "long_break", "over", "liaison", "no liaison"}
    wanted |= {"remind due_soon days>0", "remind overdue days>0"}
    assert wanted <= set(seen), wanted - set(seen)


@pytest.mark.parametrize(("day", "not_yet"), [("2024-09-03", {"event": "issued", "date": "2024-09-07"}), ("2024-09-07", None)])
def test_status_json_says_when_the_notice_is_not_issued_yet(run: Run, day: str, not_yet: Any) -> None:
    """G8: the screen's 通知尚未印发 note has a machine twin, in the schema; the markdown carries the line too."""
    data = json.loads(run("status", "-f", DEMO, "--today", day, "--format", "json").stdout)
    assert_valid(validator("status"), data, f"status {day}")
    assert data["campaign"]["issued"] == "2024-09-07" and data["campaign"]["not_yet"] == not_yet
    md = run("status", "-f", DEMO, "--today", day, "--format", "markdown", "--lang", "en").stdout
    assert ("The notice has not been issued yet (issued 2024-09-07)." in md) is (not_yet is not None)


def test_status_json_before_the_start_of_a_campaign_without_an_issue_date(run: Run, demo: Path) -> None:
    from tests.conftest import mutate

    mutate(demo, "issued = 2024-09-07\n", "")
    data = json.loads(run("status", "-f", demo, "--today", "2024-08-30", "--format", "json").stdout)
    assert_valid(validator("status"), data, "status before the start")
    assert data["campaign"]["issued"] is None
    assert data["campaign"]["not_yet"] == {"event": "start", "date": "2024-09-01"}


def test_the_schemas_reject_what_the_contract_forbids() -> None:
    """The schemas are not vacuous: each documented key is required, typed, and constrained."""
    status_schema, remind_schema = validator("status"), validator("remind")
    item = {
        "unit": "chikan",
        "task": "receipt",
        "theme": "reporting",
        "deadline": "2024-09-10",
        "state": "due_soon",
        "done_on": None,
        "days_overdue": 0,
        "days_left": 1,
        "workdays_left": 1,
        "long_break": None,
        "evidence": [],
        "evidence_missing": [],
        "note": "",
        "waived": None,
    }
    unit = {
        "id": "chikan",
        "name": "赤坎",
        "done": 0,
        "total": 1,
        "percent": 0,
        "light": "yellow",
        "overdue": 0,
        "due_soon": 1,
        "themes": {"reporting": {"done": 0, "total": 1}},
    }
    status = {
        "today": "2024-09-09",
        "campaign": {"title": "t", "over": False, "last_deadline": "2024-10-09"},
        "units": [unit],
        "items": [item],
    }
    assert status_schema.is_valid(status)
    for key in ("overdue", "due_soon", "themes", "light", "percent"):
        assert not status_schema.is_valid({**status, "units": [{k: v for k, v in unit.items() if k != key}]}), key
    for key in item:
        assert not status_schema.is_valid({**status, "items": [{k: v for k, v in item.items() if k != key}]}), key
    assert not status_schema.is_valid({**status, "campaign": {"title": "t", "over": False}})
    assert not status_schema.is_valid({**status, "today": "2024/09/09"})
    assert not status_schema.is_valid({**status, "items": [{**item, "state": "late"}]})
    assert not status_schema.is_valid({**status, "items": [{**item, "state": "done"}]})  # done without done_on
    assert not status_schema.is_valid({**status, "units": [{**unit, "percent": 101}]})
    assert status_schema.is_valid({**status, "units": [{**unit, "added_later": 1}]})  # fields may be added
    # issue 19: the expected holidays a working-day figure counts as rest, as dates
    assert status_schema.is_valid({**status, "items": [{**item, "assumed_rest_days": ["2027-10-04"]}]})
    assert not status_schema.is_valid({**status, "items": [{**item, "assumed_rest_days": ["10月4日"]}]})
    assert not status_schema.is_valid({**status, "items": [{**item, "assumed_rest_days": "2027-10-04"}]})
    before = {"title": "t", "over": False, "last_deadline": "2024-10-09", "issued": "2024-09-07"}
    assert status_schema.is_valid({**status, "campaign": {**before, "not_yet": {"event": "issued", "date": "2024-09-07"}}})
    assert not status_schema.is_valid({**status, "campaign": {**before, "not_yet": {"event": "later", "date": "2024-09-07"}}})
    assert not status_schema.is_valid({**status, "campaign": {**before, "not_yet": True}})
    assert not status_schema.is_valid({**status, "campaign": {**before, "issued": "9月7日"}})
    liaison = dict.fromkeys(LIAISON_FIELDS, "x")
    reminder = {
        "unit": "chikan",
        "task": "receipt",
        "deadline": "2024-09-10",
        "state": "due_soon",
        "days": 1,
        "workdays_left": 1,
        "liaison": liaison,
    }
    remind = {"today": "2024-09-09", "reminders": [reminder]}
    assert remind_schema.is_valid(remind) and remind_schema.is_valid({**remind, "reminders": []})
    assert remind_schema.is_valid({**remind, "reminders": [{**reminder, "liaison": None}]})
    assert not remind_schema.is_valid({**remind, "reminders": [{**reminder, "liaison": "x 138"}]})  # flattened
    assert not remind_schema.is_valid({**remind, "reminders": [{**reminder, "state": "open"}]})
    assert not remind_schema.is_valid({**remind, "reminders": [{**reminder, "state": "overdue", "days": 0}]})
    for key in reminder:
        assert not remind_schema.is_valid({**remind, "reminders": [{k: v for k, v in reminder.items() if k != key}]}), key


JSON_PAGE = ROOT / "docs" / "dev" / "json.md"  # the README's "JSON output", moved to the manual


def readme_json_example() -> dict[str, Any]:
    readme = JSON_PAGE.read_text(encoding="utf-8")
    block = re.search(r"`qmonth status --format json`:\n\n```json\n(.*?)\n```", readme, re.S)
    assert block, "the README's status JSON example is gone"
    return json.loads(block.group(1))


def test_the_readme_example_follows_the_schema_and_links_it() -> None:
    assert_valid(validator("status"), readme_json_example(), "the README's example")
    readme = JSON_PAGE.read_text(encoding="utf-8")
    assert "schema/status.schema.json" in readme and "schema/remind.schema.json" in readme


@pytest.mark.parametrize("name", ["status", "remind"])
def test_every_required_key_is_documented_in_the_readme(name: str) -> None:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    section = JSON_PAGE.read_text(encoding="utf-8")
    keys = set(schema["required"])
    for definition in schema["$defs"].values():
        keys |= set(definition.get("required", []))
    undocumented = sorted(k for k in keys if f'"{k}"' not in section and f"`{k}`" not in section)
    assert not undocumented, f"{name}: keys in the schema but not in the manual's JSON page (docs/dev/json.md): {undocumented}"
