"""`qmonth links` (the secret links) and `qmonth serve` (the web application): thin — the edge
reads the environment, the clock and the options here and passes them to qmonth/web."""

from __future__ import annotations

import os
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from qmonth.cli.common import _lang, _load, _run, _t, _today, clock
from qmonth.cli.options import FileOpt, LangOpt, TodayOpt

ENV_LINKS = "QMONTH_LINKS"
#: Tests only: `before` or `after` (a batch's stage, see web/app.py Settings.pause): the server says
#: `qmonth-test-pause STAGE` on stderr and waits there a minute, for the test to kill it.
ENV_TEST_PAUSE = "QMONTH_TEST_BATCH_PAUSE"


class LinksFormat(StrEnum):
    text = "text"
    csv = "csv"


LinksOpt = Annotated[
    Optional[Path],
    typer.Option(
        "--links",
        metavar="PATH",
        help="The links file (hashes only, mode 0600; default: $QMONTH_LINKS, else one per campaign in ~/.local/share/qmonth).",
    ),
]


def _links_path(option: Path | None, campaign: Path) -> Path:
    from qmonth.web.tokens import default_path

    if option is not None:
        return option
    if os.environ.get(ENV_LINKS):
        return Path(os.environ[ENV_LINKS])
    home = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return default_path(campaign, Path(home))


def links(
    unit: Annotated[
        Optional[list[str]],
        typer.Option(
            "--unit", "-u", metavar="UNIT", help="Only this unit (its id; @coordinator for the review link); repeatable."
        ),
    ] = None,
    format_: Annotated[LinksFormat, typer.Option("--format", help="text (default) or csv.")] = LinksFormat.text,
    rotate: Annotated[
        Optional[list[str]],
        typer.Option("--rotate", metavar="UNIT", help="Replace this unit's link (the old one stops working); repeatable."),
    ] = None,
    revoke: Annotated[
        Optional[list[str]], typer.Option("--revoke", metavar="UNIT", help="End this unit's link; repeatable.")
    ] = None,
    base_url: Annotated[
        Optional[str],
        typer.Option(
            "--base-url",
            metavar="URL",
            help="The address the links start with (where serve is reached; default: [serve] base_url, else http://127.0.0.1:8000).",
        ),
    ] = None,
    links_file: LinksOpt = None,
    file: FileOpt = None,
    lang: LangOpt = None,
) -> None:
    """Make the secret link of each unit that has none (and the coordinator's), shown once; --rotate, --revoke."""

    def body() -> None:
        import csv
        import sys

        from qmonth.outputs.text import lit
        from qmonth.web import tokens

        loaded = _load(file)
        lg = _lang(lang, loaded)
        c = loaded.campaign
        path = _links_path(links_file, loaded.path)
        store = tokens.load(path, create=True)
        day = clock().date().isoformat()
        from qmonth.core.resolve import recordable

        for who in [*(unit or []), *(rotate or [])]:
            if who in c.units:
                recordable(c, who)  # a unit class not named yet gets no link
        named = [uid for uid, u in c.units.items() if u.named]
        made = tokens.manage(store, named, unit or [], rotate or [], revoke or [], day)
        if any(m.state in ("new", "rotated", "revoked") for m in made):
            tokens.save(store)
        base = (base_url or c.serve.base_url or "http://127.0.0.1:8000").rstrip("/")

        def name(who: str) -> str:
            return _t("links_coordinator", lg) if who == tokens.COORDINATOR else c.units[who].label

        if format_ is LinksFormat.csv:
            out = csv.writer(sys.stdout, lineterminator="\n")
            out.writerow(["unit", "name", "link", "state"])
            for m in made:
                out.writerow([m.who, name(m.who), f"{base}/t/{m.token}" if m.token else "", m.state])
        else:
            for m in made:
                if m.token:
                    typer.echo(f"{lit(m.who)}\t{lit(name(m.who))}\t{base}/t/{m.token}")
                elif m.state == "revoked":
                    typer.echo(f"{lit(m.who)}\t{lit(name(m.who))}\t{_t('links_revoked', lg)}")
                else:
                    typer.echo(f"{lit(m.who)}\t{lit(name(m.who))}\t{_t('links_kept', lg, who=m.who)}")
        if any(m.token for m in made):
            typer.echo(_t("links_where", lg, path=path), err=True)
        else:
            typer.echo(_t("links_none_made", lg), err=True)

    _run(lang, body)


def serve(
    file: FileOpt = None,
    host: Annotated[str, typer.Option("--host", help="The address to listen on (default: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="The port to listen on.")] = 8000,
    links_file: LinksOpt = None,
    secure: Annotated[
        bool, typer.Option("--secure", help="Mark the session cookie Secure (behind an HTTPS proxy that does not say so).")
    ] = False,
    proxy: Annotated[
        bool, typer.Option("--proxy", help="Trust X-Forwarded-For/-Proto from a reverse proxy on this machine.")
    ] = False,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """Serve the units' pages and the coordinator's review (links from `qmonth links`)."""

    def body() -> None:
        import logging

        try:
            import uvicorn

            from qmonth.web.app import Settings, build
        except ImportError:
            from qmonth.core.errors import UsageError

            raise UsageError("serve_needs_web") from None
        loaded = _load(file)
        lg = _lang(lang, loaded)
        fixed = _today(today, loaded) if today else None
        path = _links_path(links_file, loaded.path)
        from qmonth.web import tokens

        store = tokens.load(path)  # a links file others can read is refused before anything listens
        if not store.links:
            typer.echo(_t("serve_no_links", lg, path=loaded.path), err=True)
        settings = Settings(
            campaign=Path(os.path.realpath(loaded.path)),
            tokens=path,
            clock=clock,
            today=fixed,
            lang=lang.value if lang is not None else None,
            secure=secure,  # type: ignore[arg-type]
            pause=_test_pause(os.environ.get(ENV_TEST_PAUSE, "")),
        )
        app = build(settings)
        import gc

        gc.enable()  # a one-shot command runs without the cycle collector (entry.py); a server runs for weeks
        if host not in ("127.0.0.1", "localhost", "::1"):
            typer.echo(_t("serve_public_host", lg, host=host), err=True)
        typer.echo(_t("serve_listening", lg, url=f"http://{host}:{port}"), err=True)
        logging.getLogger("uvicorn.access").addFilter(_NoTokens())
        uvicorn.run(
            app,
            host=host,
            port=port,
            proxy_headers=proxy,
            forwarded_allow_ips="127.0.0.1" if proxy else None,
            server_header=False,
            log_level="info",
        )

    _run(lang, body)


def _test_pause(stage: str) -> Callable[[str], None] | None:
    if stage not in ("before", "after"):
        return None

    def pause(at: str) -> None:
        import sys
        import time

        if at == stage:
            sys.stderr.write(f"qmonth-test-pause {at}\n")
            sys.stderr.flush()
            time.sleep(60)

    return pause


class _NoTokens:
    """The access log never carries a link's token: /t/<token> is logged as /t/…"""

    def filter(self, record: object) -> bool:
        args = getattr(record, "args", None)
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str) and args[2].startswith("/t/"):
            record.args = (*args[:2], "/t/…", *args[3:])  # type: ignore[attr-defined]
        return True
