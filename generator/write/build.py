"""Building and previewing the site: the pipeline around MkDocs (commands in generator.cli.site).

load config -> read and validate incidents -> stop on any error (the same
`path:line: message` list as `statusgen validate`) -> run MkDocs into a fresh
folder next to site/ -> swap it in with renames. A failed build never touches
the previous site, so a broken pull request cannot take the page down.
"""
from __future__ import annotations

import contextlib
import dataclasses
import errno
import gc
import logging
import os
import re
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import sitedir
from ..core.diagnostics import Diagnostic, UserError


@dataclass
class BuildResult:
    site_dir: Path
    pages: int
    warnings: list[Diagnostic]
    notes: list[str] = field(default_factory=list)  # leftovers of interrupted builds recovered or removed


@contextlib.contextmanager
def _source_date_epoch(now: datetime):
    """Pin MkDocs' own clock (sitemap dates, gzip header) to the build's `now`."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(now.timestamp()))
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


@contextlib.contextmanager
def _frozen_heap():
    """Leave the objects that exist now out of garbage collections until the block ends (gc.freeze).

    Only the cyclic collector skips them; nothing is kept alive. Frozen before
    the message helper forks, so neither process touches them to collect.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class _MkDocsLog(logging.Handler):
    """Passes MkDocs' warnings on as they come, and keeps its errors to report them as diagnostics."""

    def __init__(self, on_warning: Callable[[str], None] | None):
        super().__init__(logging.WARNING)
        self.errors: list[str] = []
        self.on_warning = on_warning

    def emit(self, record):
        message = record.getMessage()
        if record.levelno >= logging.ERROR:
            # "Error reading page 'x.md':" only introduces the next message.
            if not message.startswith("Error reading page") or not message.endswith(":"):
                self.errors.append(message)
        elif self.on_warning is not None:
            self.on_warning(f"{record.levelname}: {message}")


@contextlib.contextmanager
def _mkdocs_logging(on_warning: Callable[[str], None] | None):
    logger = logging.getLogger("mkdocs")
    handler = _MkDocsLog(on_warning)
    old_level, old_propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = old_propagate


def build_site(config_file: str | Path = "mkdocs.yml", site_dir: str | Path | None = None,
               now: datetime | None = None, strict: bool = False,
               on_warning: Callable[[str], None] | None = None, commit: str | None = None,
               hosting: str | None = None) -> BuildResult:
    """Build the site; raise UserError (and leave site_dir alone) on any problem.

    on_warning receives MkDocs' warnings as they happen (a broken link, say). `commit`, the
    commit being built, is recorded in build.json (`statusgen due` compares it). `hosting`, when
    given, replaces mkdocs.yml's hosting: (which host's files the build writes: generator.hosting).
    """
    from mkdocs.config import load_config as mkdocs_load_config
    from mkdocs.exceptions import MkDocsException

    from ..read.config import load_config
    from ..validate.project import load_project
    from ..core.timeutil import TimeError, build_now
    from .stale_defaults import stale_defaults

    config_path = Path(config_file)
    config = load_config(config_path)
    if hosting is not None:
        config = dataclasses.replace(config, hosting=hosting)
    try:
        moment = build_now(now)
    except TimeError as exc:
        raise UserError([Diagnostic("statusgen build", None, str(exc))]) from None
    project = load_project(config, moment)
    project.diagnostics += stale_defaults(config, project.everything)
    if project.errors or (strict and project.warnings):
        raise UserError(project.diagnostics)  # the same list, in the same order, as `statusgen validate`

    from ..render.messages import Messages

    # What was just read lives until the build ends: the garbage collector need not walk it
    # again at every full collection (there are several while thousands of pages render).
    with _frozen_heap():
        # Convert update messages in a second process while MkDocs starts up.
        messages = Messages.in_background(project.incidents)
        with _mkdocs_logging(on_warning) as mkdocs_log, _source_date_epoch(moment), contextlib.closing(messages):
            try:
                mk = mkdocs_load_config(config_file=str(config_path), strict=strict)
            except MkDocsException as exc:
                raise UserError(_diagnostics_from("\n".join(mkdocs_log.errors + [str(exc)]), str(config_path))) \
                    from None
            target = Path(site_dir) if site_dir else Path(mk.site_dir)
            if not target.is_absolute():
                target = (Path.cwd() / target) if site_dir else Path(mk.site_dir)
            try:
                sitedir.refuse_link(target)  # before resolving it, which would follow the link
            except sitedir.SiteDirError as exc:
                raise UserError([Diagnostic(str(config_path), None, str(exc))]) from None
            target = target.resolve()
            _check_target(target, config_path.resolve().parent, [Path(mk.docs_dir).resolve(),
                                                                 config.incidents_dir.resolve()], str(config_path))
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                reason = exc.strerror or exc
                raise UserError([Diagnostic(str(target), None, f"cannot create the site folder: {reason}")]) from None
            with sitedir.exclusive(target.parent):
                pages, notes = _build_and_replace(mk, target, project, moment, messages, mkdocs_log, str(config_path),
                                                  commit)
    return BuildResult(target, pages, project.warnings, notes)


def _build_and_replace(mk, target: Path, project, moment: datetime, messages, mkdocs_log, config_path: str,
                       commit: str | None = None):
    """Under the site folder's lock: recover, check, build beside it, swap it in."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    try:
        notes = sitedir.recover(target)
        sitedir.check_replaceable(target)
        temp = sitedir.new_folder(target)
    except sitedir.SiteDirError as exc:
        raise UserError([Diagnostic(config_path, None, str(exc))]) from None
    except OSError as exc:
        raise UserError([_os_diagnostic(exc, target, "cannot prepare the site folder")]) from None
    try:
        mk.site_dir = str(temp)
        mk.plugins["statusgen"].prepare(project.config, project, moment, messages, commit)
        try:
            mkdocs_build(mk)
        except MkDocsException as exc:
            # MkDocs logs the cause itself and raises a generic "Aborted with a BuildError!".
            found = _diagnostics_from("\n".join(mkdocs_log.errors), config_path)
            raise UserError(found or _diagnostics_from(str(exc), config_path)) from None
        except OSError as exc:  # disk full, permissions: the previous site stays
            raise UserError([_os_diagnostic(exc, target, "cannot write the new site")]) from None
        # The marker MkDocs' last event wrote lists every file: no second walk through thousands of folders.
        written = sitedir.listed(temp)
        if written is None:
            written = sitedir.written_files(temp)
        pages = sum(1 for path in written if path.endswith(".html") and path != "404.html")
        try:
            old = sitedir.replace(temp, target)
        except OSError as exc:
            raise UserError([_os_diagnostic(exc, target, "cannot replace the site")]) from None
    except BaseException:
        sitedir.remove(temp)
        raise
    if old is not None and not sitedir.remove(old):
        notes.append(f"could not remove the previous site in {old}; the next build tries again")
    return pages, notes


def _os_diagnostic(exc: OSError, target: Path, what: str) -> Diagnostic:
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        reason += "; free some space and build again"
    return Diagnostic(str(exc.filename or target), None, f"{what}: {reason}; the previous site is unchanged")


def _check_target(target: Path, project: Path, sources: list[Path], config_path: str) -> None:
    """The old site is deleted after the swap: never let that be the project's own files."""
    for source in [project] + sources:
        inside = source in target.parents and source != project  # the site may live in the project
        if target == source or target in source.parents or inside:
            raise UserError([Diagnostic(config_path, None, f"the site folder {target} would replace or sit inside "
                                                            f"{source}; choose another site_dir or --site-dir")])
    if target.exists() and not target.is_dir():
        raise UserError([Diagnostic(str(target), None, "exists and is not a folder; choose another --site-dir")])


_LOCATED = re.compile(r"^(?P<path>[^\s:]+)(?::(?P<line>\d+))?: (?P<message>.+)$")


def _diagnostics_from(text: str, config_path: str) -> list[Diagnostic]:
    """The plugin reports `path:line: message` lines; keep them as they are."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        match = _LOCATED.match(line)
        if match:
            out.append(Diagnostic(match["path"], int(match["line"]) if match["line"] else None, match["message"]))
        else:
            out.append(Diagnostic(config_path, None, line))
    return out


def serve_site(config_file: str | Path = "mkdocs.yml", dev_addr: str | None = None,
               now: datetime | None = None, strict: bool = False, open_browser: bool = False) -> None:
    """Preview with live reload: edits to incident files, pages or templates rebuild the site."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    from ..read.config import load_config

    load_config(config_file)  # fail fast, with lines, on bad options
    env = _source_date_epoch(now) if now is not None else contextlib.nullcontext()
    kwargs = {"strict": strict}
    if dev_addr:
        kwargs["dev_addr"] = dev_addr
    with env, _terminate_as_interrupt():
        try:
            mkdocs_serve(config_file=str(config_file), open_in_browser=open_browser, **kwargs)
        except MkDocsException as exc:
            raise UserError(_diagnostics_from(str(exc), str(config_file))) from None


@contextlib.contextmanager
def _terminate_as_interrupt():
    """SIGTERM (a process manager, a closed terminal, `kill`) ends the preview as Ctrl-C does, so MkDocs
    removes the temporary folder it builds the preview into (by default SIGTERM would leave it behind),
    and the command exits 0 as after Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield
    finally:
        # None: a handler set outside Python, which cannot be put back; the default is the nearest.
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)
