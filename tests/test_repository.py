"""The repository stands on its own: no tracked file reaches outside it, and every document's
relative links lead to files in it."""

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


# [text](target) and ![alt](target); the target ends at whitespace or the closing bracket.
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
EXTERNAL = re.compile(r"^([a-z][a-z0-9+.-]*:|//|#)", re.IGNORECASE)


def documents() -> list[Path]:
    """README.md, tools/README.md and every document under docs/."""
    return [ROOT / "README.md", ROOT / "tools" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def relative_links(text: str) -> list[str]:
    # Links inside code blocks are examples, not links.
    prose = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    return [t for t in LINK.findall(prose) if not EXTERNAL.match(t)]


@pytest.mark.parametrize("document", documents(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves_to_a_tracked_file(document: Path) -> None:
    tracked = {path.resolve() for path in tracked_files()}
    tracked_dirs = {parent for path in tracked for parent in path.parents}
    broken = []
    for target in relative_links(document.read_text(encoding="utf-8")):
        resolved = (document.parent / target.split("#", 1)[0]).resolve()
        inside = resolved == ROOT or ROOT in resolved.parents
        if not inside or (resolved not in tracked and resolved not in tracked_dirs):
            broken.append(target)
    assert broken == []


def test_the_link_finder_reads_markdown_links() -> None:
    text = "See [a](docs/a.md#part), ![pic](x.png), <https://e.example>, [b](https://e.example)"
    text += " and [c](#top).\n```\n[not](a-link.md)\n```\n"
    assert relative_links(text) == ["docs/a.md#part", "x.png"]
