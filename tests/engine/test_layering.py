"""The package's layering, read from its source: imports go one way, pieces stay small."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest_dbseed

PACKAGE = Path(pytest_dbseed.__file__).parent


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Modules of the package that ``name`` imports, anywhere in its body."""
    found: set[str] = set()
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text())):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def _related(a: str, b: str) -> bool:
    return a.startswith(b + ".") or b.startswith(a + ".")


def test_no_import_cycles() -> None:
    edges = {name: _imports(name, path) for name, path in MODULES.items()}

    def reach(start: str) -> set[str]:
        seen: set[str] = set()
        todo = [start]
        while todo:
            for nxt in edges[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    reached = {name: reach(name) for name in MODULES}
    cycles = sorted(
        f"{a} <-> {b}"
        for a in MODULES
        for b in reached[a]
        if a < b and a in reached[b] and not _related(a, b)
    )
    assert cycles == []


def test_spec_is_a_leaf_and_the_engine_never_imports_pytest() -> None:
    spec = MODULES["pytest_dbseed.spec"]
    assert _imports("pytest_dbseed.spec", spec) <= {"pytest_dbseed.errors", "pytest_dbseed"}
    stdlib = set(sys.stdlib_module_names)
    for node in ast.walk(ast.parse(spec.read_text())):
        if isinstance(node, ast.ImportFrom) and not node.level and node.module:
            assert node.module.split(".")[0] in stdlib | {"pytest_dbseed", "__future__"}
    for name, path in MODULES.items():
        if name.startswith("pytest_dbseed.engine"):
            tree = ast.parse(path.read_text())
            imported = {
                alias.name.split(".")[0]
                for node in ast.walk(tree)
                if isinstance(node, ast.Import)
                for alias in node.names
            } | {
                (node.module or "").split(".")[0]
                for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and not node.level
            }
            assert "pytest" not in imported, name


def test_no_class_over_400_lines_and_no_engine_function_over_80() -> None:
    too_long = []
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text())):
            assert node is not None
            lines = (getattr(node, "end_lineno", 0) or 0) - getattr(node, "lineno", 0) + 1
            if isinstance(node, ast.ClassDef) and lines > 400:
                too_long.append(f"class {name}.{node.name}: {lines} lines")
            if (
                isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                and name.startswith("pytest_dbseed.engine")
                and lines > 80
            ):
                too_long.append(f"function {name}.{node.name}: {lines} lines")
    assert too_long == []
