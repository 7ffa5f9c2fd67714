"""planner/rules/ must stay pure: no Flask, SQLAlchemy, Celery, network or file I/O (STYLE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

RULES = Path(__file__).resolve().parent.parent / "planner" / "rules"
FORBIDDEN = {
    "flask",
    "flask_babel",
    "sqlalchemy",
    "celery",
    "kombu",
    "redis",
    "requests",
    "urllib",
    "http",
    "socket",
    "subprocess",
    "os",
    "pathlib",
    "notifications_python_client",
    "weasyprint",
}
ALLOWED_PLANNER = "planner.rules"


@pytest.mark.parametrize("path", sorted(RULES.glob("*.py")), ids=lambda p: p.name)
def test_rules_module_imports_nothing_impure(path: Path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            assert name.split(".")[0] not in FORBIDDEN, f"{path.name} imports {name}"
            if name.startswith("planner"):
                assert name.startswith(ALLOWED_PLANNER), f"{path.name} imports {name}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id != "open", f"{path.name} opens a file"
