"""tools/verapdf-check: veraPDF's PDF/UA-1 profile passes a tagged document and fails an
untagged one, naming the rules; when it cannot run it says why and exits 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.checkers import pdfs
from tools import verapdf_check

TOOL = Path(__file__).resolve().parents[2] / "tools" / "verapdf-check"
IN_CI = bool(os.environ.get("CI"))


def test_compliant_and_not_in_one_run(tmp_path: Path) -> None:
    good = pdfs.document(tmp_path / "good.pdf")
    bad = pdfs.document(tmp_path / "bad.pdf", tagged=False)
    proc = subprocess.run(
        [sys.executable, str(TOOL), "ua1", str(good), str(bad)], capture_output=True, text=True
    )
    if proc.returncode == 2 and not IN_CI:
        pytest.skip(f"veraPDF cannot run here: {proc.stdout[-300:]}")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"{good}: compliant with ua1" in proc.stdout
    assert f"{bad}: NOT compliant with ua1" in proc.stdout
    # Content neither tagged nor an artifact (ISO 14289-1 7.1, test 3).
    assert "rule 7.1-3 failed" in proc.stdout


def test_a_missing_jar_cannot_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERAPDF_JAR", str(tmp_path / "no-such.jar"))
    good = pdfs.document(tmp_path / "good.pdf")
    status, report = verapdf_check.validate("ua1", [str(good)])
    assert status == verapdf_check.EXIT_CANNOT_RUN
    assert "VERAPDF_JAR names no file" in report


def test_a_missing_file_cannot_run(tmp_path: Path) -> None:
    assert verapdf_check.main(["ua1", str(tmp_path / "absent.pdf")]) == 2
