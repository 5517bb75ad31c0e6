"""Creating and editing incident files for authors (`statusgen new`, `update`, `resolve`, `postmortem`).

    yamlvalues  values written as YAML lines that load back exactly as given
    layout      reading the author's layout, and putting new lines into it without touching the rest
    checks      finding and loading a file; proving an edit added only what it meant to, and validating it
    create      new files
    edit        updates, the resolving update, the post-incident report
    fact        one time (started, detected, acknowledged) set on an existing file
    target      which file a command's ID argument means (a pure function)

An edit never re-dumps the author's YAML: no YAML library writes a document
back as it was read (fractional seconds, escapes, spacing, anchors and long
lines all change). The file is replaced atomically while its folder is locked.
"""
from .checks import find_file, find_target
from .create import create, default_folder
from .edit import action_items_hint, add_postmortem, add_update, publish_report, resolve
from .fact import SETTABLE, set_fact
from .target import OPEN, PUBLISH, REPORT

__all__ = ["OPEN", "PUBLISH", "REPORT", "SETTABLE", "action_items_hint", "add_postmortem", "add_update", "create",
           "default_folder", "find_file", "find_target", "publish_report", "resolve", "set_fact"]
