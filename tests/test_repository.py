"""The repository stands on its own: no tracked file reaches outside it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Built from parts so that this file does not match itself.
OUTSIDE = re.compile("|".join([re.escape("../" + "shared"), r"(?<![\w.])/" + "work/"]))
# A lock file records registry URLs and may name anything; it is generated, not written.
EXEMPT = {"package-lock.json"}


def tracked_files() -> list[Path]:
    if not shutil.which("git") or not (ROOT / ".git").exists():
        pytest.fail("these checks need a git checkout (git ls-files)")
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    return [ROOT / name for name in listed.split("\0") if name and Path(name).name not in EXEMPT]


def test_no_tracked_file_names_a_folder_outside_the_repository() -> None:
    offenders = []
    for path in tracked_files():
        if path.is_symlink() or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # images and other binary files
        for number, line in enumerate(text.splitlines(), start=1):
            if OUTSIDE.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []


def test_the_check_itself_finds_both_kinds() -> None:
    assert OUTSIDE.search("see [DESIGN](" + "../" + "shared/DESIGN.md)")
    assert OUTSIDE.search('TOOL = "/' + 'work/shared/tools/letter-check"')
    assert not OUTSIDE.search("tools/letter-check and docs/api.md")
