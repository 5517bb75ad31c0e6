"""Opening the communications record a command was pointed at (--record FILE or --record-branch)."""
from __future__ import annotations

from pathlib import Path

from ..core.diagnostics import UserError
from .options import fail


def open_record(config, record_file: str | None, record_branch: str | None, remote: str, *, read_only: bool,
                hint: str):
    """(the record, or None where the store holds none yet; its store, for the caller to close).

    A record that cannot be read stops the command with `hint`: it is never taken for an empty one.
    """
    from ..notify.record import Record
    from ..notify.record.filestore import FileStore

    store = None
    try:
        if record_branch:
            from ..changes.gitref import repo_root
            from ..notify.record.gitstore import GitBranchStore

            store = GitBranchStore(repo_root(config.base_dir), remote, record_branch)
        else:
            store = FileStore(Path(record_file), read_only=read_only)
        return Record.open(store), store
    except UserError as exc:
        if store is not None:
            store.close()
        fail(exc.diagnostics, hint=hint)
