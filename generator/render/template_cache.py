"""Compiled templates kept for the life of the process, for every Jinja environment a build makes.

A build makes new environments (MkDocs' theme, the page renderer, the text templates), and
compiling the theme's templates was most of a small build's time. `statusgen serve` rebuilds
and a test run builds hundreds of sites in one process: now each template is compiled once.

Nothing is written to disk. Jinja drops an entry when the file's source changed, so an edited
template or override is compiled again. An entry is found again only by the same file, read by an
environment that would compile it the same way. Compiling is more than parsing: Jinja folds what
it can compute at compile time (constant output through `finalize`, constant filter calls, a
missing attribute of a constant through the `undefined` class; a sandbox compiles the operators
it intercepts to calls), so the key holds everything of the environment that compiling reads: its
syntax and whitespace settings, autoescape, policies, extensions, classes (the environment's, its
code generator's), the operators a sandbox intercepts, and which functions its finalize, filters
and tests are. An environment with a function that has no stable name (a lambda, a closure) is
not cached at all: two such functions cannot be told apart by name.
"""
from __future__ import annotations

import hashlib
import threading
import types

import jinja2
from jinja2.bccache import Bucket

_CODE: dict[str, bytes] = {}
_LOCK = threading.Lock()


class _Unnamed(Exception):
    """A function of the environment has no name that says what it does."""


def _name(obj) -> str:
    """A function's or class's full name; one whose behaviour a name does not fix raises _Unnamed:
    a lambda or closure (<lambda>, <locals>), a bound method, a partial or another callable object."""
    qualname = getattr(obj, "__qualname__", None)
    owner = getattr(obj, "__self__", None)
    if qualname is None or "<" in qualname or (owner is not None and not isinstance(owner, types.ModuleType)):
        raise _Unnamed(repr(obj))
    return f"{obj.__module__}.{qualname}"


def _compiled_alike(env: jinja2.Environment, name: str) -> tuple:
    """What of env goes into a template's compiled code, as plain values (raises _Unnamed)."""
    autoescape = env.autoescape(name) if callable(env.autoescape) else env.autoescape
    return (
        _name(type(env)), _name(env.code_generator_class), _name(env.undefined),
        env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
        env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
        bool(autoescape), env.optimized, env.is_async, getattr(env, "newstyle_gettext", None),
        None if env.finalize is None else _name(env.finalize),
        tuple(sorted((key, _name(type(ext))) for key, ext in env.extensions.items())),  # their settings: policies
        tuple(sorted((key, _name(f)) for key, f in env.filters.items())),
        tuple(sorted((key, _name(f)) for key, f in env.tests.items())),
        repr(sorted(env.policies.items())),
        env.sandboxed, tuple(sorted(getattr(env, "intercepted_binops", ()))),
        tuple(sorted(getattr(env, "intercepted_unops", ()))),
    )


class _ProcessCache(jinja2.BytecodeCache):
    """One environment's view of the process's compiled templates."""

    def __init__(self, env: jinja2.Environment):
        self._env = env

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        try:
            key = repr((_compiled_alike(self._env, name), name, filename))
        except _Unnamed:
            return ""  # compiled every time, as without a cache
        return hashlib.sha256(key.encode("utf-8")).hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        if not bucket.key:
            return
        with _LOCK:
            data = _CODE.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # Jinja ignores it if the source's checksum differs

    def dump_bytecode(self, bucket: Bucket) -> None:
        if not bucket.key:
            return
        data = bucket.bytecode_to_string()
        with _LOCK:
            _CODE[bucket.key] = data


def cached(env: jinja2.Environment) -> jinja2.Environment:
    """env, with its templates compiled once per process."""
    env.bytecode_cache = _ProcessCache(env)
    return env


def from_string(env: jinja2.Environment, source: str, name: str) -> jinja2.Template:
    """env.from_string(source), compiled once per process like the templates' files. `name` tells
    it apart from the files (it is in the cache's key; the source's checksum is checked as for them)."""
    cache = env.bytecode_cache
    if cache is None:
        return env.from_string(source)
    bucket = cache.get_bucket(env, name, None, source)
    code = bucket.code
    if code is None:
        code = env.compile(source, name)
        bucket.code = code
        cache.set_bucket(bucket)
    return env.template_class.from_code(env, code, env.make_globals(None))


def clear() -> None:
    """Forget every compiled template."""
    with _LOCK:
        _CODE.clear()
