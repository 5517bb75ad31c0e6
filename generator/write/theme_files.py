"""The theme's files listed for a build without walking its hidden folders.

MkDocs copies a theme's static files into every site: it lists every file of the theme, then
drops those under a hidden folder. Material keeps over 14,000 icons in `.icons` (its Markdown
extension reads them from there; none is ever copied), and listing them only to drop them was
half the time of a small build (about 55 ms of 100 ms), paid again on each rebuild of
`statusgen serve`. The files a build copies are the same either way.
"""
from __future__ import annotations

import os

import jinja2


class _ThemeLoader(jinja2.FileSystemLoader):
    """Loads the theme's templates as MkDocs' own loader does; lists none under a hidden folder."""

    def list_templates(self) -> list[str]:
        found = set()
        for root in self.searchpath:
            for folder, subfolders, names in os.walk(root, followlinks=self.followlinks):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                relative = os.path.relpath(folder, root)
                prefix = "" if relative == os.curdir else relative.replace(os.sep, "/") + "/"
                found.update(prefix + name for name in names)
        return sorted(found)


def skip_hidden_folders(theme) -> None:
    """Has `theme` (a MkDocs Theme) make environments whose loader skips its hidden folders."""
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        env.loader = _ThemeLoader(theme.dirs)
        return env

    theme.get_env = get_env
