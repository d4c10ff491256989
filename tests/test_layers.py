"""The house's layers: each module imports only from its own layer or the ones below, and the
module-level imports have no cycle (docs/architecture.md draws them)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.helpers import ROOT

# Lowest first. A module's layer is the first whose prefix names it.
LAYERS = (
    ("profiles and text", (
        "newscrawl.profile", "newscrawl.normalize", "newscrawl.stats", "newscrawl.sidefiles",
        "newscrawl.locks", "newscrawl.digests",
    )),
    ("records", ("newscrawl.items", "newscrawl.schema", "newscrawl.profiles")),
    ("extraction", ("newscrawl.extraction",)),
    ("storage", (
        "newscrawl.state", "newscrawl.exporters", "newscrawl.warc", "newscrawl.pagestore",
        "newscrawl.frontier", "newscrawl.appending",
    )),
    ("pipelines", ("newscrawl.pipelines",)),
    ("crawl machinery", (
        "newscrawl.processing", "newscrawl.settings", "newscrawl.distributed",
        "newscrawl.requestjson", "newscrawl.politeness", "newscrawl.failures", "newscrawl.mirror",
        "newscrawl.replay", "newscrawl.report", "newscrawl.dataset", "newscrawl.serve",
        "newscrawl.warc_store", "newscrawl.archiving", "newscrawl.warc_extract",
        "newscrawl.history", "newscrawl.drift", "newscrawl.report_html", "newscrawl.monitoring",
        "newscrawl.monitors",
        "newscrawl.dupefilter", "newscrawl.logformat",
        "newscrawl.refusals", "newscrawl.run_locks",
    )),
    ("spiders", ("newscrawl.spiders", "newscrawl.recorder")),
    ("command line", ("newscrawl.cli", "newscrawl.api")),
)
# Folders of the repository and the packages they install as.
FOLDERS = {
    "newscrawl": "newscrawl",
    "spiders": "newscrawl.spiders",
    "pipelines": "newscrawl.pipelines",
}


def module_files() -> dict[str, Path]:
    found = {}
    for folder, package in FOLDERS.items():
        for path in (ROOT / folder).rglob("*.py"):
            parts = path.relative_to(ROOT / folder).with_suffix("").parts
            name = ".".join((package, *parts)).removesuffix(".__init__").removesuffix(".__main__")
            found[name] = path
    return found


# The package re-exports the Python API (`newscrawl.extract`) from inside its `__getattr__`, on
# first use (PEP 562): no module-level import, so `import newscrawl` stays in the lowest layer.
LAZY_REEXPORTS = {"newscrawl": {"newscrawl.api"}}


def layer_of(module: str) -> int:
    if module == "newscrawl":
        return 0  # the package itself only says its version
    for index, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return index
    raise AssertionError(f"{module} is in no layer: add it to LAYERS")


def imports_of(path: Path, top_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name.split(".")[0] == "newscrawl"}


MODULES = module_files()


def known(name: str) -> str | None:
    """The project module an imported name is (a module, or a name inside one)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_module_imports_only_its_layer_or_lower(module: str) -> None:
    mine = layer_of(module)
    for name in imports_of(MODULES[module], top_level_only=False):
        target = known(name)
        if target is None or target == module or module.startswith(target + "."):
            continue
        if target in LAZY_REEXPORTS.get(module, ()):
            continue
        assert layer_of(target) <= mine, (
            f"{module} ({LAYERS[mine][0]}) imports {target} ({LAYERS[layer_of(target)][0]})"
        )


def test_no_import_cycle() -> None:
    graph = {m: {t for n in imports_of(p, True) if (t := known(n)) and t != m}
             for m, p in MODULES.items()}  # fmt: skip
    # A package's __init__ is imported with any of its modules: that is not a cycle.
    for module, targets in graph.items():
        graph[module] = {t for t in targets if not module.startswith(t + ".")}
    visiting: list[str] = []
    done: set[str] = set()

    def visit(module: str) -> None:
        if module in done:
            return
        assert module not in visiting, " -> ".join([*visiting[visiting.index(module) :], module])
        visiting.append(module)
        for target in sorted(graph[module]):
            visit(target)
        visiting.pop()
        done.add(module)

    for module in sorted(graph):
        visit(module)


def test_the_installed_package_holds_no_test_machinery() -> None:
    for module, path in MODULES.items():
        source = path.read_text(encoding="utf-8")
        assert "testkit" not in source.replace("`testkit", ""), module
        assert "pytest" not in source, module
