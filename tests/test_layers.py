"""The package's shape: data flows read → validate → model → render/outputs → write, the CLI on top.

The layers are the folders: a module's layer is its top-level package under
generator/ (only __init__.py and __main__.py sit at the top). Each module's
imports are read with ast (nothing is executed) and held to the layers below,
so a shortcut across them fails here rather than in review.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "generator"

# Lower layers never import from higher ones. Each layer is one or more folders of generator/;
# a folder of the same layer may import another. What changed, what to say and delivery are layers of
# their own, so they use each other in one direction only: changes -> comms -> notify.
LAYERS = [
    ("foundation", ["core"]),
    ("languages", ["languages"]),  # the reader's language: pure functions of a code and a value, over core
    ("read", ["read"]),
    ("validate", ["validate"]),
    ("model (of the page)", ["model"]),
    ("render", ["render", "outputs", "reliability", "hosting"]),
    ("write", ["write", "scaffold", "deploy"]),
    ("import", ["importers", "intake"]),
    ("what changed", ["changes"]),
    ("what to say", ["comms"]),
    ("delivery", ["notify"]),
    ("command line", ["cli", "__main__"]),
]


def layer_of(module: str) -> int:
    """The layer of a module: the one its top-level folder is in (a flat module has none)."""
    top = module.split(".")[0]
    for index, (_name, members) in enumerate(LAYERS):
        if top in members:
            return index
    raise AssertionError(f"generator.{module} belongs to no layer; put it in a layer's folder (LAYERS)")


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts == ("__init__",):
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(module: str, path: Path) -> set[str]:
    """Absolute names imported by a module (generator.* shown without the prefix)."""
    package = module.split(".")[:-1] if not path.name == "__init__.py" else module.split(".")
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - (node.level - 1)] if node.level > 1 else package
                prefix = ".".join(base + ([node.module] if node.module else []))
                if node.module:
                    out.add("generator." + prefix if prefix else "generator")
                else:
                    out.update(f"generator.{prefix}.{a.name}".replace("..", ".").rstrip(".") for a in node.names)
            else:
                out.add(node.module)
    return {name.removeprefix("generator.") if name.startswith("generator.") else name for name in out}


ALL = modules()


TOPS = {m.split(".")[0] for m in ALL}


def violations(module: str, names: set[str]) -> list[str]:
    own = layer_of(module)
    out = []
    for name in sorted(names):
        top = name.split(".")[0]
        if top not in TOPS or top == module.split(".")[0]:
            continue  # not ours, or within its own package
        if layer_of(name) > own:
            out.append(f"generator.{module} ({LAYERS[own][0]}) imports generator.{name} ({LAYERS[layer_of(name)][0]})")
    return out


def uses_click(names: set[str]) -> bool:
    return any(name == "click" or name.startswith("click.") for name in names)


@pytest.mark.parametrize("module", sorted(ALL))
def test_no_module_imports_from_a_higher_layer(module):
    assert violations(module, imports(module, ALL[module])) == []


def test_a_shortcut_across_layers_is_caught():
    assert violations("model.state", {"render.renderer"}) and violations("validate.validate", {"cli.options"})
    assert violations("core.model", {"read.config"})
    assert not violations("render.renderer", {"model.state", "render.pages"})


def test_an_upward_import_in_a_module_file_fails(tmp_path):
    """A synthetic module in the foundation that reaches up, at the top and inside a function."""
    path = tmp_path / "shortcut.py"
    path.write_text("from ..read.config import Config\n"
                    "def f():\n"
                    "    from ..cli.options import fail\n", encoding="utf-8")
    assert violations("core.shortcut", imports("core.shortcut", path)) == [
        "generator.core.shortcut (foundation) imports generator.cli.options (command line)",
        "generator.core.shortcut (foundation) imports generator.read.config (read)",
    ]
    path.write_text("import click\nfrom ..core import urls\n", encoding="utf-8")
    assert uses_click(imports("render.shortcut", path)) and not violations("render.shortcut", {"core.urls"})


def test_the_layers_are_the_folders():
    """Only __init__ and __main__ sit at the top; every folder with Python in it is a layer's."""
    assert sorted(p.name for p in PACKAGE.glob("*.py")) == ["__init__.py", "__main__.py"]
    folders = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert folders == {m for _name, members in LAYERS for m in members} - {"__main__"}
    with pytest.raises(AssertionError, match="belongs to no layer"):
        layer_of("reader")


@pytest.mark.parametrize("module", sorted(ALL))
def test_only_the_command_line_uses_click(module):
    if module.split(".")[0] in ("cli", "__main__"):
        return
    assert not uses_click(imports(module, ALL[module])), module


@pytest.mark.parametrize("module", sorted(ALL))
def test_only_the_build_and_the_plugin_know_mkdocs(module):
    # write.generated_page is the plugin's page class (MkDocs' Page whose body statusgen renders).
    if module in ("write.build", "write.plugin", "write.generated_page") or module.split(".")[0] == "cli":
        return
    assert not any(name == "mkdocs" or name.startswith("mkdocs.") for name in imports(module, ALL[module])), module


def test_the_layers_check_something():
    assert imports("cli.site", ALL["cli.site"]) >= {"click", "core.diagnostics", "cli.options"}
    assert "core.model" in imports("validate.validate", ALL["validate.validate"])
    assert len(ALL) > 40
