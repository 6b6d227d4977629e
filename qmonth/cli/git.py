"""The commands git runs: merge-file (the merge driver for campaign files) and check (validation:
the pre-commit hook runs `qmonth check --tracked`; by hand it checks any files); and setup-git,
which sets both up in a clone."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from qmonth.cli.common import (
    _calendar,
    _lang,
    _load,
    _problem_line,
    _run,
    _run_code,
    _t,
    _warn_git_setup,
    _warn_git_setup_at,
    _warn_years,
)
from qmonth.cli.options import AtOpt, FileOpt, LangChoice, LangOpt
from qmonth.core.errors import CampaignInvalid, Problem
from qmonth.i18n import Lang


def merge_file(
    base: Annotated[Optional[Path], typer.Argument(metavar="BASE", help="The common ancestor (git's %O).")] = None,
    ours: Annotated[
        Optional[Path], typer.Argument(metavar="OURS", help="This branch's version (git's %A); the result is written here.")
    ] = None,
    theirs: Annotated[Optional[Path], typer.Argument(metavar="THEIRS", help="The version merged in (git's %B).")] = None,
    fix: Annotated[
        Optional[Path],
        typer.Option(
            "--fix",
            metavar="FILE",
            help="Instead: rewrite FILE, left with git's conflict markers by a line merge, merged record by record.",
        ),
    ] = None,
    marker_size: Annotated[int, typer.Option("--marker-size", min=7, max=100, help="Conflict marker length (git's %L).")] = 7,
    name: Annotated[
        Optional[str], typer.Option("--name", help="The file's path in the repository (git's %P), named in messages.")
    ] = None,
    lang: LangOpt = None,
) -> None:
    """A git merge driver: merges three versions of a campaign file record by record.

    Set it up in every clone with `qmonth setup-git` (the line `campaign*.toml merge=qmonth` in
    .gitattributes, and `git config merge.qmonth.driver "qmonth merge-file %O %A %B --name %P"`). Records of different
    tasks merge cleanly; a record changed differently on both sides is written between conflict
    markers (exit 1), and `qmonth check` says which record and what to do.
    """

    def body() -> int:
        from qmonth.core.errors import UsageError
        from qmonth.core.store import read_text
        from qmonth.edit import merge
        from qmonth.edit.write import atomic_write

        lg = _lang(lang)
        if fix is not None:
            if base is not None:
                raise UsageError("merge_fix_alone")
            return _fix(fix, lg)
        if base is None or ours is None or theirs is None:
            raise UsageError("merge_file_args")
        shown = name or ours  # git hands the driver temporary files: %P is the file's own name
        text_base, text_ours, text_theirs = (read_text(p) for p in (base, ours, theirs))
        try:
            result = merge.merge(text_base, text_ours, text_theirs, labels=merge.DRIVER_LABELS, size=marker_size)
        except merge.NotMergeable as exc:
            typer.echo(_t("merge_failed", lg, path=shown, detail=exc), err=True)
            return merge.git_merge_file(base, ours, theirs, marker_size)
        atomic_write(ours, result.text, bom=ours.read_bytes().startswith(b"\xef\xbb\xbf"))
        for kind, keys in result.groups:  # changes that only make sense apart: written as one conflict
            tables = "、".join(f"[{'.'.join(k)}]" for k in keys if not k[-1].startswith("[["))
            typer.echo(_t("merge_" + kind, lg, path=shown, tables=tables), err=True)
        if result.conflicts:
            typer.echo(_t("merge_conflicts_left", lg, path=shown, count=len(result.conflicts)), err=True)
        if result.conflicts or result.groups:
            return 1
        problems = _merged_problems(result.text, Path(shown))
        if problems:  # never exit 0 on a result every command would refuse: git stops, check points at it
            typer.echo(_t("merge_invalid", lg, path=shown, count=len(problems)), err=True)
            for p in problems:
                typer.echo("  " + _problem_line(str(shown), p, lg), err=True)
            return 1
        return 0

    code = _run(lang, body)
    if code:
        raise typer.Exit(code)


def _fix(path: Path, lg: Lang) -> int:
    """`merge-file --fix FILE`: the versions git's markers hold, merged by the driver's own logic."""
    from qmonth.core.store import read_text
    from qmonth.edit import merge
    from qmonth.edit.write import atomic_write

    text = read_text(path)
    found = merge.sides(text)
    if found is None:
        typer.echo(_t("merge_fix_nothing", lg, path=path))
        return 0
    ours, base, theirs = found
    base = _git_base(path) or base  # git's own common ancestor while the merge is under way
    try:
        result = merge.merge(base, ours, theirs, labels=merge.DRIVER_LABELS)
    except merge.NotMergeable as exc:
        typer.echo(_t("merge_fix_unreadable", lg, path=path, detail=exc), err=True)
        return 1
    atomic_write(path, result.text, bom=path.read_bytes().startswith(b"\xef\xbb\xbf"))
    left = len(result.conflicts) + len(result.groups)
    problems = [] if left else _merged_problems(result.text, path)
    if left:
        typer.echo(_t("merge_fix_left", lg, path=path, count=left), err=True)
    elif problems:
        typer.echo(_t("merge_invalid", lg, path=path, count=len(problems)), err=True)
        for p in problems:
            typer.echo("  " + _problem_line(str(path), p, lg), err=True)
    else:
        typer.echo(_t("merge_fix_done", lg, path=path))
    return 1 if left or problems else 0


def _git_base(path: Path) -> str | None:
    """The common ancestor git keeps while a merge of `path` is unresolved (index stage 1), if any."""
    import subprocess

    try:
        done = subprocess.run(
            ["git", "show", f":1:./{path.name}"], cwd=path.resolve().parent, capture_output=True, check=False, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    try:
        return done.stdout.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _merged_problems(text: str, path: Path) -> list[Problem]:
    """What every command would refuse in the merged text (it parses, validates, and has no
    control characters in names), located. Evidence on disk is left to `check`: git may not have
    written the merged branch's files yet."""
    from qmonth.core.store import load_text, locate_all
    from qmonth.core.validate import check_text

    try:
        loaded = load_text(text, path)
    except CampaignInvalid as exc:
        return exc.problems
    return locate_all(text, check_text(loaded.campaign))


def check(
    files: Annotated[
        Optional[list[Path]], typer.Argument(help="Campaign files to check (default: --file, or the one found).")
    ] = None,
    file: FileOpt = None,
    lang: LangOpt = None,
    at: AtOpt = None,
    tracked: Annotated[
        bool,
        typer.Option(
            "--tracked",
            help="Fail on evidence files git does not track (committed or staged); the pre-commit hook uses it. "
            "Without it they are warnings.",
        ),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Also fail on done records without a kind of evidence their task asks for (照片, 视频, 总结材料, 链接…).",
        ),
    ] = False,
) -> None:
    """Validate campaign files; report every problem at once with its line. Exit 1 if any."""
    targets: list[Path | None] = list(files) if files else [file]
    codes = [_run_code(lang, lambda f=f: _check_one(f, lang, at, tracked, strict)) for f in targets]  # type: ignore[misc]
    worst = max(codes)
    if worst:
        raise typer.Exit(worst)


def _check_one(
    file: Path | None, lang: LangChoice | None, at: str | None = None, tracked: bool = False, strict: bool = False
) -> None:
    """One file: `core.audit.verdict`'s errors fail it (exit 1); its warnings follow "file valid"."""
    from qmonth.core.audit import verdict
    from qmonth.core.store import STDIN_NAME
    from qmonth.notify.endpoints import leaks, leaks_in_file

    try:
        loaded = _load(file, at)
    except CampaignInvalid as exc:  # a secret in the file is reported even when the rest is broken too
        exc.problems.extend(leaks_in_file(exc.path))  # (the file's text: stdin is not read twice)
        if at is None and exc.path != STDIN_NAME:  # conflict markers, say, in a clone without the driver
            _warn_git_setup_at(Path(exc.path), _lang(lang))
        raise
    lg = _lang(lang, loaded)
    cal = _calendar(loaded)
    on_disk = at is None and str(loaded.path) != STDIN_NAME
    errors, warnings = verdict(loaded, cal, leaks(loaded.text), strict=strict, tracked=tracked, on_disk=on_disk)
    _warn_years(cal, lg, loaded)
    if on_disk:
        _warn_git_setup(loaded, lg)
    if errors:
        raise CampaignInvalid(str(loaded.path), errors + warnings)
    c = loaded.campaign
    typer.echo(_t("file_valid", lg, path=loaded.path, units=len(c.units), tasks=len(c.tasks)))
    if warnings:
        typer.echo(_t("warnings_only", lg, count=len(warnings)), err=True)
        for p in warnings:
            typer.echo("  " + _problem_line(str(loaded.path), p, lg), err=True)


def setup_git(file: FileOpt = None, lang: LangOpt = None) -> None:
    """Set git up for the campaign in this clone: .gitattributes, the merge driver, the pre-commit hook.

    git takes no merge driver from a repository's content: run this once in every clone. It adds
    the lines qmonth needs to .gitattributes (campaign*.toml and the campaign's own name merged by
    qmonth, the 催办 log by union), configures the merge driver in this clone (git config), and
    writes .pre-commit-config.yaml with a local hook running `qmonth check --tracked` (or prints the
    hook to add when the file exists). Running it again changes nothing.
    """

    def body() -> None:
        import os

        from qmonth.core.errors import FileError
        from qmonth.core.store import ENV_FILE, STDIN, find_file, read_text
        from qmonth.edit import gitsetup
        from qmonth.edit.write import atomic_write

        lg = _lang(lang)
        try:
            campaign: Path | None = find_file(file, os.environ.get(ENV_FILE))
        except FileError:
            campaign = None  # set up before the first campaign: campaign*.toml
        if campaign == STDIN:
            campaign = None
        start = campaign.resolve().parent if campaign is not None else Path.cwd()
        root = Path(_git(["rev-parse", "--show-toplevel"], start).strip())
        names = gitsetup.patterns(campaign.name if campaign is not None else None)
        attrs = root / ".gitattributes"
        old = read_text(attrs) if attrs.exists() else ""
        new, added = gitsetup.with_attributes(old, names)
        if added:
            atomic_write(attrs, new)
            typer.echo(_t("setup_git_attributes", lg, path=attrs, lines="、".join(added)))
        else:
            typer.echo(_t("setup_git_attributes_kept", lg, path=attrs))
        command = _self_command()
        _git(["config", "merge.qmonth.name", "qmonth: campaign files, record by record"], root)
        _git(["config", "merge.qmonth.driver", f"{command} merge-file %O %A %B --name %P"], root)
        typer.echo(_t("setup_git_driver", lg, command=f"{command} merge-file %O %A %B --name %P"))
        hook = root / ".pre-commit-config.yaml"
        if not hook.exists():
            atomic_write(hook, gitsetup.precommit_config(command, names))
            typer.echo(_t("setup_git_hook_written", lg, path=hook))
        elif gitsetup.has_hook(read_text(hook)):
            typer.echo(_t("setup_git_hook_present", lg, path=hook))
        else:
            typer.echo(_t("setup_git_hook_add", lg, path=hook))
            typer.echo(gitsetup.hook(command, names), nl=False)
        typer.echo(_t("setup_git_next", lg))

    _run(lang, body)


def _git(args: list[str], cwd: Path) -> str:
    """git's output, or a UsageError naming the folder (not a repository, or no git)."""
    import subprocess

    from qmonth.core.errors import UsageError

    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        raise UsageError("setup_git_no_git") from None
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()
        raise UsageError("setup_git_no_repo", path=cwd, detail=said[-1] if said else "")
    return done.stdout


def _self_command() -> str:
    """How git should run this qmonth: `qmonth` when that is the one on PATH, else its full path,
    else this Python with `-m qmonth`."""
    import os
    import shlex
    import shutil
    import sys

    argv0 = sys.argv[0] if sys.argv else ""
    if os.path.basename(argv0) in ("qmonth", "qmonth.exe") and os.path.isfile(argv0):
        full = os.path.abspath(argv0)
        on_path = shutil.which("qmonth")
        if on_path is not None and os.path.samefile(on_path, full):
            return "qmonth"
        return shlex.quote(full)
    return f"{shlex.quote(sys.executable)} -m qmonth"
