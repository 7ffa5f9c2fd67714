"""planner/ hands work to the workers through planner/queue.py only, by task name: it never imports
tasks/, and every name the code sends (or beat schedules) is registered on the worker that
`celery -A celery_app worker` starts."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask

from planner import queue

ROOT = Path(__file__).resolve().parent.parent
# Calls that send a task by the name in their first argument: Celery's own, anywhere, and the
# queue module's one private sender.
SENDERS = {"send_task", "signature"}
QUEUE_SENDERS = SENDERS | {"_send"}


def python_files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def imported_modules(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id)
            in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.append(str(node.args[0].value))
    return names


@pytest.mark.parametrize(
    "path", python_files("planner"), ids=lambda p: str(p.relative_to(ROOT / "planner"))
)
def test_planner_never_imports_tasks(path: Path):
    for name in imported_modules(ast.parse(path.read_text(), str(path))):
        assert name.split(".")[0] != "tasks", f"{path.relative_to(ROOT)} imports {name}"


def calls(tree: ast.AST, skip: str = "") -> list[ast.Call]:
    """Every call in `tree`, leaving out the body of the function named `skip`."""
    found: list[ast.Call] = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef) and node.name == skip:
            continue
        if isinstance(node, ast.Call):
            found.append(node)
        found += calls(node, skip)
    return found


def sent_names() -> set[str]:
    """Every task name passed to a sender in planner/, tasks/ and celery_app.py. A name that is
    not a string literal would escape this check, so it fails the test instead. The queue's
    `_send` itself forwards its `name` argument to Celery, and is where the scan ends."""
    names: set[str] = set()
    for path in [*python_files("planner", "tasks"), ROOT / "celery_app.py"]:
        in_queue = path == ROOT / "planner" / "queue.py"
        tree = ast.parse(path.read_text(), str(path))
        for node in calls(tree, skip="_send" if in_queue else ""):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called not in (QUEUE_SENDERS if in_queue else SENDERS):
                continue
            if ast.unparse(func) == "inspect.signature":
                continue
            first = node.args[0] if node.args else None
            assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
                f"{path.relative_to(ROOT)}:{node.lineno} sends a task whose name is not a literal"
            )
            names.add(first.value)
    return names


SENT = sorted(sent_names())

WORKER_PROBE = """
import json
import celery_app
celery = celery_app.app
celery.loader.init_worker()  # what `celery -A celery_app worker` does before it consumes
print(json.dumps({
    "registered": sorted(celery.tasks),
    "scheduled": sorted(entry["task"] for entry in celery.conf.beat_schedule.values()),
}))
"""


@pytest.fixture(scope="module")
def worker_app(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The registered and scheduled task names of the worker app, in a fresh process: in this
    one, other tests have already imported task modules that the worker might not."""
    env = dict(os.environ, PLANNER_ENV="testing")
    env["PLANNER_VAR_DIR"] = str(tmp_path_factory.mktemp("worker-var"))
    done = subprocess.run(
        [sys.executable, "-c", WORKER_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_the_code_sends_tasks_through_the_queue_module():
    # The AST scan found the queue module's senders, so the tests below check something.
    assert {"deliver.send", "render.plan_pdf", "caseworker.batch_letters"} <= set(SENT)


@pytest.mark.parametrize("name", SENT)
def test_every_sent_task_is_registered_on_the_worker(worker_app, name):
    assert name in worker_app["registered"], f"{name} is not in the include list"


def test_every_scheduled_task_is_registered_on_the_worker(worker_app):
    assert worker_app["scheduled"], "beat schedules nothing"
    unregistered = set(worker_app["scheduled"]) - set(worker_app["registered"])
    assert not unregistered, f"beat schedules unregistered tasks: {sorted(unregistered)}"


# How the queue sends, by mode and by whether this process has registered the task.
SENDING = [
    # eager (tests): a registered task runs here and now
    (True, "caseworker.batch_letters", "ran"),
    # eager: a name nobody registered is a clear error, not a message no test would see
    (True, "nobody.registered_this", LookupError),
    # broker: a registered task goes through its own apply_async
    (False, "caseworker.batch_letters", "apply_async"),
    # broker: any other name goes by send_task, without loading the workers' modules
    (False, "nobody.registered_this", "send_task"),
]


@pytest.mark.parametrize(("eager", "name", "expected"), SENDING)
def test_how_the_queue_sends(app: Flask, monkeypatch, eager, name, expected):
    celery = app.extensions["celery"]
    celery.loader.import_default_modules()  # every real task registered, whatever ran before
    calls: list[tuple[str, list[str]]] = []
    task = celery.tasks["caseworker.batch_letters"]
    monkeypatch.setattr(task, "run", lambda batch_id: calls.append(("ran", [batch_id])))
    if not eager:
        monkeypatch.setattr(task, "apply_async", lambda args: calls.append(("apply_async", args)))
        monkeypatch.setattr(
            celery.loader, "import_default_modules", lambda: pytest.fail("imported task modules")
        )
    monkeypatch.setattr(celery, "send_task", lambda n, args: calls.append(("send_task", args)))
    monkeypatch.setitem(celery.conf, "task_always_eager", eager)
    with app.app_context():
        if expected is LookupError:
            with pytest.raises(LookupError, match=f"{name} is not registered"):
                queue._send(name, "id-1")
        else:
            queue._send(name, "id-1")
    assert calls == ([] if expected is LookupError else [(expected, ["id-1"])])
