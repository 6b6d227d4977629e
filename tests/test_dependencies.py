"""The libraries whose releases change qmonth's output are bounded, and what is installed fits."""

from __future__ import annotations

import tomllib
from importlib.metadata import version

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from tests.conftest import ROOT

# distribution → the major version the suite (goldens, calendar facts) was last reviewed with
REVIEWED = {"rich": 15, "chinesecalendar": 1}


def requirements() -> dict[str, Requirement]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    reqs = [Requirement(r) for r in data["project"]["dependencies"]]
    return {r.name.lower(): r for r in reqs}


@pytest.mark.parametrize("name", sorted(REVIEWED))
def test_output_changing_libraries_have_an_upper_bound_that_the_installed_version_meets(name: str) -> None:
    req = requirements()[name]
    uppers = [spec for spec in req.specifier if spec.operator in ("<", "<=", "==", "~=")]
    assert uppers, f"{name} needs an upper bound in pyproject.toml (see the manual, docs/dev/dependencies.md)"
    installed = Version(version(name))
    assert installed in req.specifier, f"{name} {installed} is outside {req.specifier}"
    # the next major is excluded until the suite has been reviewed with it
    assert Version(f"{REVIEWED[name] + 1}.0") not in req.specifier
    assert installed.major == REVIEWED[name]
