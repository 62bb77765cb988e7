"""Dependencies run one way: model ← parse ← classify ← cluster ← summarise ← report ← cli.

A module may import only from its own layer or below. A new top-level module must be given a
layer here, so that the rule keeps covering the whole package.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "discourse"

# Top-level module or subpackage → layer. Lower layers know nothing of higher ones.
LAYERS: dict[str, int] = {
    "__init__": 99,  # the public facade re-exports from everywhere
    "errors": 0,
    "config": 0,
    "csvsafe": 0,
    "sheets": 0,
    "model": 0,
    "engine": 0,
    "parse": 1,
    "classify": 2,
    "evaluate": 3,
    "cluster": 3,
    "threads": 3,
    "agreement": 3,
    "scoring": 3,
    "summarize": 4,
    "moderate": 5,
    "exercise": 5,
    "report": 6,
    "analyze": 7,
    "cli": 8,
}


def _layer(module: str) -> int:
    top = module.split(".")[0]
    assert top in LAYERS, f"give discourse.{top} a layer in tests/test_layers.py"
    return LAYERS[top]


def _imports(path: Path) -> list[str]:
    rel = path.relative_to(PACKAGE).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    is_pkg = path.name == "__init__.py"
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = parts if is_pkg else parts[:-1]
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                mod = ".".join(base + ([node.module] if node.module else []))
                if node.module:
                    out.append(mod)
                else:  # `from . import x`: x is a submodule, or a name of the package itself
                    for a in node.names:
                        sub = f"{mod}.{a.name}".strip(".")
                        is_module = (PACKAGE / sub.replace(".", "/")).is_dir() or (
                            PACKAGE / (sub.replace(".", "/") + ".py")
                        ).is_file()
                        out.append(sub if is_module else mod)
            elif node.module and node.module.startswith("discourse."):
                out.append(node.module.removeprefix("discourse."))
        elif isinstance(node, ast.Import):
            out.extend(a.name.removeprefix("discourse.") for a in node.names if a.name.startswith("discourse."))
    return [m for m in out if m]


def test_dependencies_point_down() -> None:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        if own == "__init__":
            continue
        own_layer = _layer(own)
        for target in _imports(path):
            if _layer(target) > own_layer:
                problems.append(f"discourse.{own} imports discourse.{target}")
    assert not problems, "\n".join(problems)
