"""Compiled templates kept for the life of the process, for every Jinja environment a build makes.

A build makes new environments (MkDocs' theme, the page renderer, the text templates), and
compiling the theme's templates was most of a small build's time. `statusgen serve` rebuilds
and a test run builds hundreds of sites in one process: now each template is compiled once.

Nothing is written to disk. An entry is found again only by the same template file, read by an
environment whose settings compile it the same way (delimiters, whitespace, autoescape, finalize,
extensions), and Jinja drops it when the file's source changed, so an edited template or
override is compiled again, never served stale.
"""
from __future__ import annotations

import hashlib
import threading

import jinja2
from jinja2.bccache import Bucket

_CODE: dict[str, bytes] = {}
_LOCK = threading.Lock()


def _compiled_alike(env: jinja2.Environment, name: str) -> tuple:
    """What of env goes into a template's compiled code (its Python source), as plain values."""
    autoescape = env.autoescape(name) if callable(env.autoescape) else env.autoescape
    # A finalize function goes in by what it is passed (context, eval context, environment), not by identity.
    finalize = None if env.finalize is None else str(getattr(env.finalize, "jinja_pass_arg", "value"))
    return (env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
            env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
            env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
            bool(autoescape), finalize, tuple(sorted(env.extensions)), env.optimized, env.is_async)


class _ProcessCache(jinja2.BytecodeCache):
    """One environment's view of the process's compiled templates."""

    def __init__(self, env: jinja2.Environment):
        self._env = env

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        key = repr((_compiled_alike(self._env, name), name, filename))
        return hashlib.sha256(key.encode("utf-8")).hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        with _LOCK:
            data = _CODE.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # Jinja ignores it if the source's checksum differs

    def dump_bytecode(self, bucket: Bucket) -> None:
        data = bucket.bytecode_to_string()
        with _LOCK:
            _CODE[bucket.key] = data


def cached(env: jinja2.Environment) -> jinja2.Environment:
    """env, with its templates compiled once per process."""
    env.bytecode_cache = _ProcessCache(env)
    return env


def clear() -> None:
    """Forget every compiled template."""
    with _LOCK:
        _CODE.clear()
