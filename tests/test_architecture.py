"""The package's shape, checked from its source: layers import downwards only, no import cycle, short functions.

Every module under ``src/newsprism`` is parsed (nothing is imported), and every import statement counts,
at the top of a module or inside a function, ``TYPE_CHECKING`` blocks included. A failure names each
offending import with its file and line. ``python tests/test_architecture.py`` prints the package's
functions longer than the limit.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
ROOT = "newsprism"

# Each top-level module or package of newsprism, by layer: a module imports its own layer and the layers
# below it, never one above.
LAYERS: dict[str, int] = {
    # 0: records and small helpers every stage may import
    "records": 0,
    "rows": 0,
    "timeutil": 0,
    "timing": 0,
    "languages": 0,
    # 1: the library's stages
    "ingest": 1,
    "clean": 1,
    "models": 1,
    "store": 1,
    "dedup": 1,
    "cluster": 1,
    "brief": 1,
    # 2: the Python API, one pipeline over the stages, and its settings
    "settings": 2,
    "pipeline": 2,
    # 3: what drives the pipeline: the package's lazy entry point, live feeds, the batch job, evaluations
    ROOT: 3,
    "live": 3,
    "batch": 3,
    "evaluation": 3,
    # 4: the web server; 5: the command line over everything
    "serve": 4,
    "cli": 5,
}
# Inside the library, the stages a stage may import (besides layer 0). None imports the store: what
# stages share of it (ArticleEntry, row conversions, times) lives in layer 0; the pipeline does the storing.
STAGE_IMPORTS: dict[str, set[str]] = {
    "ingest": set(),
    "models": set(),
    "store": set(),
    "clean": {"ingest"},
    "dedup": {"clean", "models"},
    "cluster": {"clean", "models"},
    "brief": {"clean", "cluster", "dedup", "models"},
}
# Packages of one layer that stay apart: the live layer, the batch job and the evaluations each only
# drive the pipeline.
APART = {"live", "batch", "evaluation"}

MAX_FUNCTION_LINES = 60


@dataclass(frozen=True, slots=True)
class Import:
    source: str  # the importing module, e.g. newsprism.store.sqlite
    target: str  # the module imported, e.g. newsprism.records
    where: str  # file:line

    def __str__(self) -> str:
        return f"{self.where}: {self.source} imports {self.target}"


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted((SRC / ROOT).rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports() -> list[Import]:
    """Every import of a newsprism module by a newsprism module, wherever it is written."""
    known = modules()
    found = []
    for module, path in known.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            where = f"{path.relative_to(SRC.parent)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                # ``from package import module`` imports the module; ``from module import name`` the module.
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
            else:
                continue
            for target in dict.fromkeys(targets):
                if target == ROOT or target.startswith(f"{ROOT}."):
                    found.append(Import(module, _module_of(target, known), where))
    return found


def _module_of(name: str, known: dict[str, Path]) -> str:
    while name not in known and "." in name:
        name = name.rpartition(".")[0]
    return name


def part(module: str) -> str:
    """The top-level module or package of newsprism that ``module`` belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ROOT


def test_every_module_has_a_layer() -> None:
    unplaced = sorted({part(m) for m in modules()} - set(LAYERS))
    assert not unplaced, f"give these a layer in LAYERS: {unplaced}"


def test_no_module_imports_a_layer_above_its_own() -> None:
    upward = [
        str(i) + f" (layer {LAYERS[part(i.target)]} above {LAYERS[part(i.source)]})"
        for i in imports()
        if LAYERS[part(i.target)] > LAYERS[part(i.source)]
    ]
    assert not upward, "imports of a higher layer:\n" + "\n".join(upward)


def test_library_stages_import_only_the_stages_below_them() -> None:
    sideways = [
        str(i)
        for i in imports()
        if LAYERS[part(i.source)] == 1
        and LAYERS[part(i.target)] == 1
        and part(i.target) != part(i.source)
        and part(i.target) not in STAGE_IMPORTS[part(i.source)]
    ]
    assert not sideways, "imports between stages not in STAGE_IMPORTS:\n" + "\n".join(sideways)


def test_live_batch_and_evaluation_import_only_below_them() -> None:
    crossing = [
        str(i)
        for i in imports()
        if part(i.source) in APART and part(i.target) in APART and part(i.source) != part(i.target)
    ]
    assert not crossing, "\n".join(crossing)


def test_no_import_cycle() -> None:
    cycles = import_cycles(imports())
    described = ["\n".join(f"  {i}" for i in cycle) for cycle in cycles]
    assert not cycles, "import cycles, each by the imports that close it:\n" + "\n\n".join(described)


def import_cycles(found: list[Import]) -> list[list[Import]]:
    """The imports inside each strongly connected group of modules (Tarjan's algorithm)."""
    graph: dict[str, list[str]] = defaultdict(list)
    for i in found:
        graph[i.source].append(i.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph[node]:
                groups.append(group)

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        for node in list(graph):
            if node not in index:
                visit(node)
    finally:
        sys.setrecursionlimit(limit)
    return [[i for i in found if i.source in group and i.target in group] for group in groups]


def test_the_cycle_check_finds_a_cycle() -> None:
    made = [Import("newsprism.a", "newsprism.b", "a.py:1"), Import("newsprism.b", "newsprism.a", "b.py:3")]
    assert [sorted(map(str, cycle)) for cycle in import_cycles(made)] == [
        ["a.py:1: newsprism.a imports newsprism.b", "b.py:3: newsprism.b imports newsprism.a"]
    ]


def long_functions(limit: int = MAX_FUNCTION_LINES) -> list[tuple[str, str, int, int]]:
    """(file under newsprism/, function, first line, lines) of every function longer than ``limit``."""
    found = []
    for path in modules().values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > limit:
                    found.append((path.relative_to(SRC / ROOT).as_posix(), node.name, node.lineno, lines))
    return sorted(found)


def test_no_function_is_longer_than_the_limit() -> None:
    long = [f"{f}:{line} {name}: {n} lines" for f, name, line, n in long_functions()]
    heading = f"functions over {MAX_FUNCTION_LINES} lines: split them into named steps"
    assert not long, "\n".join([heading, *long])


if __name__ == "__main__":
    for file, name, line, lines in long_functions():
        print(f"{lines:4d} lines  src/{ROOT}/{file}:{line}  {name}")
