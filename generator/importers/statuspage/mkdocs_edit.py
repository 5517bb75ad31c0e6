"""The components an import adds, for mkdocs.yml: a snippet to paste, or added in place (--write-config).

Adding in place never re-dumps the file (that would lose comments, MkDocs tags such as !ENV and the
author's spacing): the new items go after the last item of the plugin's components list, in its
indentation, and policy_since goes right above `components:`. The result must load as the old file plus
exactly those additions and pass the configuration's checks; otherwise nothing is written and the
command says to paste the snippet instead. policy_since, when the project has none, goes at the end of
the plugin's options, with a comment saying what it does.
"""
from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path

import yaml

from ...core.diagnostics import Diagnostic, UserError
from ...read.config import PLUGIN_NAME, load_config
from ...read.yamllayout import Node, column, layout, line_of
from ...read.yamlsource import YamlError, load_located
from ...write.safely import TMP_SUFFIX, discard, write_atomic

ORDER = ("id", "name", "group", "description", "only_show_if_degraded", "measured_since")
POLICY_COMMENT = "# policy warnings only for incidents from this day on (the history before was imported)"


def _scalar(value) -> str:
    text = yaml.safe_dump({"k": value}, default_flow_style=True, width=float("inf"), allow_unicode=True)
    return text.strip()[len("{k: "):-1]


def _entry(component: dict, dash: str, keys: int) -> list[str]:
    fields = [(k, component[k]) for k in ORDER if k in component]
    return [f"{dash if index == 0 else ' ' * keys}{key}: {_scalar(value)}" for index, (key, value) in enumerate(fields)]


def snippet(new: list[dict], policy_since: date | None, listed: bool) -> str:
    """YAML for the plugin's options in mkdocs.yml, under `plugins: - statusgen:`."""
    lines = ["# From statusgen import statuspage: add under `plugins: - statusgen:` in mkdocs.yml"
             + (" (the components to the list that is there)." if listed and new else ".")]
    if policy_since is not None:
        lines.append(f"policy_since: {policy_since.isoformat()}  {POLICY_COMMENT}")
    if new:
        lines.append("components:")
        for component in new:
            lines += _entry(component, "  - ", 4)
    return "\n".join(lines) + "\n"


def _get(node: Node | None, key: str):
    for k, v in node.items if node is not None and node.kind == "map" else ():
        if k.kind == "scalar" and k.value == key:
            return k, v
    return None, None


def _options(root: Node | None) -> Node | None:
    _, plugins = _get(root, "plugins")
    if plugins is not None and plugins.kind == "seq":
        for entry in plugins.items:
            key, value = _get(entry, PLUGIN_NAME)
            if key is not None:
                return value
    if plugins is not None and plugins.kind == "map":
        return _get(plugins, PLUGIN_NAME)[1]
    return None


def _end_line(text: str, node: Node) -> int:
    """The line after the node's last value (comments and blank lines after it stay after new lines)."""
    leaf = node
    while leaf.kind in ("map", "seq") and not leaf.flow and leaf.items:
        leaf = leaf.items[-1][1] if leaf.kind == "map" else leaf.items[-1]
    end = leaf.end
    while end > leaf.start and text[end - 1] in " \t\r\n":
        end -= 1
    return line_of(text, max(end - 1, 0)) + 1


def _refused(shown: str, why: str) -> UserError:
    return UserError([Diagnostic(shown, None, f"{why}; mkdocs.yml was not changed: paste the components the "
                                              "import printed (run it again without --write-config to see them)")])


def edited_text(text: str, new: list[dict], policy_since: date | None, shown: str) -> str:
    """mkdocs.yml's text with the new components and policy_since added, every other byte as it was."""
    try:
        root = layout(text)
    except yaml.YAMLError as exc:
        raise _refused(shown, f"cannot be read as YAML ({exc})") from None
    options = _options(root)
    if options is None or options.kind != "map" or options.flow:
        raise _refused(shown, f"the {PLUGIN_NAME} plugin's options are not a block mapping statusgen can add to")
    key, components = _get(options, "components")
    if components is None or components.kind != "seq" or components.flow or not components.items \
            or components.items[-1].kind != "map" or components.items[-1].flow:
        raise _refused(shown, "its components are not a list written one component per line (\"- id: ...\")")
    last = components.items[-1]
    line_start = text.rfind("\n", 0, last.start) + 1
    dash = text[line_start:last.start]
    if not re.fullmatch(r" *- +", dash):
        raise _refused(shown, "its components list is laid out in a way statusgen does not add to")
    lines = text.split("\n")
    eol = "\r" if lines and lines[0].endswith("\r") else ""
    # (line, rank, lines): inserted from the bottom up; at one line, policy_since after the components.
    inserts = [(_end_line(text, components), 0, [line + eol for component in new
                                                  for line in _entry(component, dash, len(dash))])]
    if policy_since is not None and _get(options, "policy_since")[0] is None:
        line = f"{' ' * column(text, key.start)}policy_since: {policy_since.isoformat()}  {POLICY_COMMENT}{eol}"
        inserts.append((_end_line(text, options), 1, [line]))
    for at, _rank, added in sorted(inserts, reverse=True):
        lines[at:at] = added
    return "\n".join(lines)


def _expected(old: dict, new: list[dict], policy_since: date | None) -> dict:
    import copy

    out = copy.deepcopy(old)
    plugins = out.get("plugins")
    options = None
    if isinstance(plugins, list):
        options = next(entry[PLUGIN_NAME] for entry in plugins if isinstance(entry, dict) and PLUGIN_NAME in entry)
    elif isinstance(plugins, dict):
        options = plugins[PLUGIN_NAME]
    if policy_since is not None and "policy_since" not in options:
        options["policy_since"] = policy_since.isoformat()
    options["components"] = options["components"] + [
        {k: (v.isoformat() if isinstance(v, date) else v) for k, v in c.items()} for c in new]
    return out


class ConfigEdit:
    """mkdocs.yml's new text, checked; write() replaces the file if it still holds what was read."""

    def __init__(self, path: Path, shown: str, raw: bytes, text: str):
        self.path, self.shown, self.raw, self.text = path, shown, raw, text

    def write(self) -> None:
        write_atomic(self.path, self.text, self.shown, expected=self.raw)


def prepare_config(path: Path, shown: str, new: list[dict], policy_since: date | None) -> ConfigEdit:
    """mkdocs.yml with the components (and policy_since) added in place and checked, or a refusal."""
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    changed = edited_text(text, new, policy_since, shown)
    try:
        old_value = load_located(text, tolerate_tags=True).value
        new_value = load_located(changed, tolerate_tags=True).value
    except YamlError as exc:
        raise _refused(shown, f"the edit would not read back ({exc.message})") from None
    if new_value != _expected(old_value, new, policy_since):
        raise _refused(shown, "adding to its components list would change other values")
    fd, tmp = tempfile.mkstemp(prefix=".mkdocs-check.", suffix=TMP_SUFFIX, dir=path.parent)
    try:
        with open(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(changed)
        load_config(tmp)
    except UserError as exc:
        raise _refused(shown, "the result would not be a valid configuration: "
                              + exc.diagnostics[0].message) from None
    finally:
        discard(tmp)
    return ConfigEdit(path, shown, raw, changed)
