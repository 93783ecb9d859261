"""
The write half stays plain: no module of claims/ or ledger/ imports one that
imports it back (not even inside a function), and nothing there runs threads
or switches the garbage collector off to go faster.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("claims", "ledger")


def project_modules():
    """{dotted name: path} for every module of the project's packages."""
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def imports_of(path, modules):
    """The project modules `path` imports, wherever in the file the import stands."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            # `from claims import chain` imports the module claims.chain.
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        else:
            continue
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name:
                found.add(name)
    return found


def test_no_module_imports_one_that_imports_it_back():
    modules = project_modules()
    graph = {name: imports_of(path, modules) - {name} for name, path in modules.items()}
    # A package's modules import their package's __init__ only by being in it:
    # an edge from a package to its own modules is how it re-exports them.
    cycles = []
    for start in graph:
        stack, seen = [(start, [start])], set()
        while stack:
            name, trail = stack.pop()
            for imported in graph[name]:
                if imported == start and not start.startswith(f"{name}."):
                    cycles.append(" -> ".join([*trail, start]))
                elif imported not in seen:
                    seen.add(imported)
                    stack.append((imported, [*trail, imported]))
    assert cycles == []


def test_no_threads_or_garbage_collector_tricks_in_the_app():
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            source = path.read_text()
            for forbidden in ("import threading", "gc.disable", "gc.freeze", "executemany"):
                assert forbidden not in source, f"{path.relative_to(ROOT)}: {forbidden}"


def test_the_sqlite_engine_is_djangos_own(settings):
    engines = {database["ENGINE"] for database in settings.DATABASES.values()}
    assert engines <= {"django.db.backends.sqlite3", "django.db.backends.postgresql"}
    assert not (ROOT / "claims" / "bulk_insert.py").exists()
    assert not (ROOT / "ledger" / "sqlite3").exists()
