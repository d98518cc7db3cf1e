"""What gets shipped: the sdist, the wheel, the editable install, the version, the floors.

The distributions are built from a clean copy of the source tree with this
environment's setuptools (no network, nothing written into the checkout).
"""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import sys
import tarfile
import textwrap
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

import pytest_dbseed
from pytest_dbseed.cli import main

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PROJECT = PYPROJECT["project"]

# Caches and build output that never belong in a distribution.
_JUNK = (".git", ".tox", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache")
# Source files the sdist must carry wherever they sit under the shipped directories.
_SHIPPED_DIRS = ("examples", "docs", "tests", "bench")
_SHIPPED_SUFFIXES = {".py", ".md", ".sql", ".json", ".toml", ".ini", ".cfg", ".txt", ".csv"}

_BUILD = textwrap.dedent(
    """
    import sys
    from setuptools import build_meta
    print(getattr(build_meta, sys.argv[1])(sys.argv[2]))
    """
)


def _build(srcdir: Path, hook: str, outdir: Path) -> tuple[Path, str]:
    """Run a PEP 517 hook of setuptools in ``srcdir``; the file built and all it printed."""
    outdir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        [sys.executable, "-W", "always", "-c", _BUILD, hook, str(outdir)],
        cwd=srcdir,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"{hook} failed:\n{output[-4000:]}"
    return outdir / proc.stdout.strip().splitlines()[-1], output


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the source tree without caches or earlier build output."""
    dest = tmp_path_factory.mktemp("source") / "pytest-dbseed"
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(*_JUNK))
    return dest


@pytest.fixture(scope="module")
def sdist(source: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return _build(source, "build_sdist", tmp_path_factory.mktemp("sdist"))


@pytest.fixture(scope="module")
def wheel(sdist: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The wheel built from the unpacked sdist, as pip builds it from an sdist."""
    unpacked = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(sdist[0]) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(unpacked, filter="data")
        else:  # pragma: no cover - Python releases before the extraction filters
            tar.extractall(unpacked)
    (top,) = unpacked.iterdir()
    return _build(top, "build_wheel", tmp_path_factory.mktemp("wheel"))


def _sdist_names(path: Path) -> set[str]:
    with tarfile.open(path) as tar:
        return {m.name.split("/", 1)[1] for m in tar.getmembers() if m.isfile()}


def _floor(requirement: str) -> tuple[str, Version]:
    req = Requirement(requirement)
    floors = [Version(s.version) for s in req.specifier if s.operator == ">="]
    assert len(floors) == 1, f"{requirement!r} declares no single >= floor"
    return req.name.lower(), floors[0]


def test_version_is_the_one_in_pyproject() -> None:
    assert pytest_dbseed.__version__ == PROJECT["version"]


def test_dbseed_version_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"dbseed {PROJECT['version']}\n"


def test_dbseed_console_script_prints_the_version() -> None:
    script = shutil.which("dbseed", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the dbseed console script is not installed next to this Python")
    proc = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stdout) == (0, f"dbseed {PROJECT['version']}\n")


def test_lowest_tox_env_pins_every_declared_floor() -> None:
    """`tox -e lowest` tests exactly the floors pyproject.toml promises."""
    floors = dict(_floor(r) for r in PROJECT["dependencies"])
    floors.update(
        _floor(r) for r in PROJECT["optional-dependencies"]["test"] if r.startswith("psycopg[")
    )
    tox = configparser.ConfigParser(interpolation=None)
    tox.read(ROOT / "tox.ini")
    env = tox["testenv:lowest"]
    pins = {}
    for line in env["deps"].strip().splitlines():
        req = Requirement(line.strip())
        (spec,) = req.specifier
        assert spec.operator == "==", f"tox lowest: {line!r} is not a pin"
        pins[req.name.lower()] = Version(spec.version)
    assert pins == floors
    python_floor = PROJECT["requires-python"].removeprefix(">=")
    assert env["base_python"] == f"python{python_floor}"
    classifiers = PROJECT["classifiers"]
    assert f"Programming Language :: Python :: {python_floor}" in classifiers


@pytest.mark.slow
def test_sdist_carries_what_the_readme_points_at(sdist: tuple[Path, str], source: Path) -> None:
    names = _sdist_names(sdist[0])
    for required in (
        "README.md",
        "CHANGELOG.md",
        "LICENSE",
        "conftest_example.py",
        "pyproject.toml",
        "tox.ini",
        "pytest_dbseed/py.typed",
        "examples/test_example.py",
    ):
        assert required in names, required
    shipped = {
        p.relative_to(source).as_posix()
        for d in _SHIPPED_DIRS
        for p in (source / d).rglob("*")
        if p.is_file() and p.suffix in _SHIPPED_SUFFIXES
    }
    assert shipped - names == set(), "MANIFEST.in misses these files"
    readme = (source / "README.md").read_text()
    linked = set(re.findall(r"\]\((?!https?:|#)([^)\s]+)\)", readme))
    linked |= set(re.findall(r"`((?:examples|docs|bench|tests)/[\w./-]+\.\w+)`", readme))
    assert linked, "the README links no file of its own any more: update this test"
    assert linked - names == set(), "the README points at files the sdist lacks"
    assert not [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".pyo"))]


@pytest.mark.slow
def test_wheel_has_the_package_its_marker_and_licence_only(wheel: tuple[Path, str]) -> None:
    with zipfile.ZipFile(wheel[0]) as zf:
        names = set(zf.namelist())
        dist_info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(zf.read(f"{dist_info}/METADATA").decode())
        entry_points = zf.read(f"{dist_info}/entry_points.txt").decode()
    assert "pytest_dbseed/py.typed" in names
    assert f"{dist_info}/licenses/LICENSE" in names
    assert {n.split("/")[0] for n in names} == {"pytest_dbseed", dist_info}
    assert metadata["Version"] == PROJECT["version"]
    assert metadata["License-Expression"] == "MIT"
    assert metadata["Requires-Python"] == PROJECT["requires-python"]
    classifiers = metadata.get_all("Classifier") or []
    assert "Framework :: Pytest" in classifiers and "Typing :: Typed" in classifiers
    assert re.search(r"^dbseed = pytest_dbseed\.plugin$", entry_points, re.M)
    assert re.search(r"^dbseed = pytest_dbseed\.cli:main$", entry_points, re.M)


@pytest.mark.slow
def test_building_prints_no_setuptools_warning(
    sdist: tuple[Path, str], wheel: tuple[Path, str]
) -> None:
    for output in (sdist[1], wheel[1]):
        found = re.findall(r"\w*(?:Deprecation|BuildBackend|Setuptools)Warning\b.*", output)
        assert found == []


@pytest.mark.slow
def test_editable_install_is_a_path_entry_that_mypy_follows(source: Path, tmp_path: Path) -> None:
    """`pip install -e .` must not install an import hook: mypy cannot follow one.

    The editable wheel is what pip would install; it is unpacked into a bare
    virtualenv and mypy, run for that interpreter, must find the package and its
    py.typed marker.
    """
    built, _ = _build(source, "build_editable", tmp_path / "editable")
    with zipfile.ZipFile(built) as zf:
        pth = [n for n in zf.namelist() if n.endswith(".pth")]
        assert len(pth) == 1, zf.namelist()
        lines = zf.read(pth[0]).decode().split()
        assert lines == [str(source)], f"{pth[0]} holds {lines}, not the source directory"
        venv = tmp_path / "venv"
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
        python = venv / "bin" / "python"
        purelib = subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        zf.extractall(purelib)
    user = tmp_path / "project" / "use.py"
    user.parent.mkdir()
    user.write_text(
        "import pytest_dbseed\nfrom pytest_dbseed import rows\n\nreveal_type(rows(5))\n"
    )
    user.with_name("mypy.ini").write_text("[mypy]\nstrict = True\n")
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--python-executable", str(python), "--no-incremental"]
        + ["--config-file", "mypy.ini", user.name],
        cwd=user.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert 'Revealed type is "pytest_dbseed.spec.Rows"' in proc.stdout
