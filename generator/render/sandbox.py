"""The environment every statusgen template is rendered in: Jinja's sandbox, closed to the system.

A project's templates (e-mail, chat, social, in-app, the report skeleton, the pages) come from its
repository, and `notify` renders them in the job that holds the SMTP and webhook secrets. Without
a sandbox any template reaches the whole process: `cycler.__init__.__globals__.os.environ`, or
`''.__class__.__mro__[1].__subclasses__()` and from there `os.popen`.

Jinja's ImmutableSandboxedEnvironment refuses every `_` attribute (so `__globals__`, `__class__`,
`__subclasses__`) and the methods that change a list, dict or set in place: a template is given
the build's own objects (the site state, the incidents, the component lists) and one template must
not change what the next one, or the next page, is given. On top of it, nothing that reaches the
system may be read, indexed, called or returned: modules other than statusgen's own (and of those
only their own functions and constants), paths, files, the process's environment mapping,
functions of os, subprocess and the like, and the builtins that open, import or evaluate. Every
call also checks the render's time budget (render.budget; a look-up cannot repeat on its own, so
loops and calls are where it is checked), and the operators and filters that can build a huge
value in one step are held to a size (render.limits).

The override folder is read only for files inside it: a template that is a link to a file
elsewhere (`/proc/self/environ`, a key in the home folder) is refused.
"""
from __future__ import annotations

import builtins
import functools
import io
import os
import socket
import subprocess
import types
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path, PurePath

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from ..core.diagnostics import Diagnostic
from ..core.text import one_line
from ..languages import catalogs
from ..languages.locales import DEFAULT as DEFAULT_LANGUAGE
from . import budget, joins, limits, quick_gettext, template_cache

_SYSTEM_TYPES = (types.ModuleType, PurePath, io.IOBase, type(os.environ), os.DirEntry, socket.socket,
                 subprocess.Popen, types.FrameType, types.CodeType, types.TracebackType)
_SYSTEM_MODULES = frozenset({"os", "posix", "nt", "posixpath", "ntpath", "sys", "subprocess", "shutil", "socket",
                             "io", "_io", "pathlib", "importlib", "ctypes", "signal", "pty", "multiprocessing",
                             "tempfile", "glob", "code", "pickle", "marshal", "runpy", "gc", "inspect"})
_SYSTEM_BUILTINS = frozenset(id(getattr(builtins, name, None)) for name in (
    "open", "eval", "exec", "compile", "__import__", "getattr", "setattr", "delattr", "globals", "locals", "vars",
    "input", "breakpoint", "print", "help", "exit", "quit", "memoryview", "dir"))
# Whether a value reaches the system depends on its type alone, except for functions, methods and
# classes (what they are bound to, where they come from): the answer per type is kept.
_BY_VALUE = (types.FunctionType, types.BuiltinFunctionType, types.MethodType, type, functools.partial)
_BY_VALUE_OR_MODULE = (*_BY_VALUE, types.ModuleType)
_VERDICTS: dict[type, bool] = {}
_ATTRIBUTE_VERDICTS: dict[tuple[type, str, type], bool] = {}


def _module_name(value) -> str:
    name = getattr(value, "__module__", None)
    return name.split(".")[0] if isinstance(name, str) else ""


def reaches_system(value) -> bool:
    """Whether a template holding value could use it to reach files, processes or the environment."""
    kind = type(value)
    verdict = _VERDICTS.get(kind)
    if verdict is None:
        if issubclass(kind, _BY_VALUE):
            return _callable_reaches_system(value)
        verdict = _VERDICTS[kind] = issubclass(kind, _SYSTEM_TYPES) or _module_name(kind) in _SYSTEM_MODULES
    return verdict


def _callable_reaches_system(value) -> bool:
    if isinstance(value, type):
        return issubclass(value, _SYSTEM_TYPES) or _module_name(value) in _SYSTEM_MODULES
    if isinstance(value, functools.partial):
        return any(reaches_system(part) for part in (value.func, *value.args, *value.keywords.values()))
    if id(value) in _SYSTEM_BUILTINS or _module_name(value) in _SYSTEM_MODULES:
        return True
    owner = getattr(value, "__self__", None)
    if owner is None or owner is value:
        return False
    if isinstance(owner, types.ModuleType):  # a builtin function's module: builtins, posix...
        return owner.__name__.split(".")[0] in _SYSTEM_MODULES
    return reaches_system(owner)


def _own_part_of(module: types.ModuleType, value) -> bool:
    """statusgen's modules given to templates (urls) show their own functions and constants, nothing imported."""
    if isinstance(value, (str, int, float, bool, tuple, frozenset)) or value is None:
        return True
    return isinstance(value, types.FunctionType) and value.__module__ == module.__name__


def _unsafe(what: str) -> SecurityError:
    return SecurityError(f"{what} is not allowed")


class ProjectEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, closed to the system, within a time and size budget."""

    template_class = budget.BudgetedTemplate
    code_generator_class = budget.BudgetedCodeGenerator
    intercepted_binops = frozenset(limits.OPERATORS)

    def __init__(self, **settings):
        super().__init__(**settings)
        self.globals.pop("lipsum", None)  # placeholder text of any length; no message needs it
        self.filters.update(limits.FILTERS)

    def is_safe_attribute(self, obj, attr: str, value) -> bool:
        # Pages look up hundreds of attributes each: the verdict is kept where the types alone decide it.
        key = (type(obj), attr, type(value))
        verdict = _ATTRIBUTE_VERDICTS.get(key)
        if verdict is None:
            verdict = self._is_safe_attribute(obj, attr, value)
            if not issubclass(key[0], _BY_VALUE_OR_MODULE) and not issubclass(key[2], _BY_VALUE):
                _ATTRIBUTE_VERDICTS[key] = verdict
        return verdict

    def _is_safe_attribute(self, obj, attr: str, value) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, types.ModuleType):
            return obj.__name__.startswith("generator.") and _own_part_of(obj, value)
        return not (reaches_system(obj) or reaches_system(value))

    def is_safe_callable(self, obj) -> bool:
        return super().is_safe_callable(obj) and not reaches_system(obj)

    def getitem(self, obj, argument):
        if reaches_system(obj):
            return self.unsafe_undefined(obj, str(argument))
        value = super().getitem(obj, argument)
        if reaches_system(value):
            return self.unsafe_undefined(obj, str(argument))
        return value

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own names, kept apart from kwargs
        budget.check()  # with the checks in every loop, what stops a macro that calls itself for ever
        if not __self.is_safe_callable(__obj):
            raise _unsafe(f"calling {getattr(__obj, '__name__', type(__obj).__name__)!s}")
        args = limits.check_call(__obj, args, kwargs)
        value = limits.sized(__context.call(__obj, *args, **kwargs))  # what the sandbox's own call does
        if reaches_system(value):
            raise _unsafe(f"using the {type(value).__name__} that {getattr(__obj, '__name__', 'a call')!s} returned")
        return value

    def call_binop(self, context, operator: str, left, right):
        budget.check()
        return limits.binop(operator, left, right)

    # Called by the code the budgeted code generator writes.
    budgeted = staticmethod(budget.budgeted)
    sized = staticmethod(limits.sized)


class _ContainedLoader(jinja2.FileSystemLoader):
    """A project's override folder: each template must be a file inside it, not a link out of it."""

    def get_source(self, environment, template: str):
        pieces = split_template_path(template)
        for root in self.searchpath:
            path = Path(root, *pieces)
            if path.is_file():
                inside = Path(root).resolve()
                if not path.resolve().is_relative_to(inside):
                    error = _unsafe(f"reading {path}, a link to a file outside {root},")
                    error.filename = str(path)
                    raise error
                break
        return super().get_source(environment, template)


def shipped_dir() -> Path:
    """statusgen's own templates, those of the code that runs: its checkout's templates/, else the installed
    wheel's. The checkout's first: a checkout (a git worktree, say) run with PYTHONPATH beside another
    checkout's editable install would otherwise render that one's (generator.templates maps to its folder)."""
    checkout = Path(__file__).resolve().parents[2] / "templates"
    if (checkout / "status.html").is_file():
        return checkout
    try:
        found = Path(str(resources.files("generator.templates")))
        if (found / "status.html").is_file():
            return found
    except (ModuleNotFoundError, TypeError):
        pass
    return checkout


def loader(override_dirs: Iterable[Path], builtin_dir: Path) -> jinja2.BaseLoader:
    """The project's override folders first (those that exist), then the shipped templates."""
    found: list[jinja2.BaseLoader] = [_ContainedLoader(str(d)) for d in override_dirs if Path(d).is_dir()]
    found.append(jinja2.FileSystemLoader(str(builtin_dir)))
    return jinja2.ChoiceLoader(found)


def environment(override_dirs: Iterable[Path], builtin_dir: Path, *, sandboxed: bool = True,
                language: str = DEFAULT_LANGUAGE, **settings) -> jinja2.Environment:
    """An environment over the project's overrides and the shipped templates, its templates compiled once per
    process; sandboxed unless the caller knows that only shipped templates can run in it.

    Templates speak `language` (Material's code, the site's theme.language): Jinja's i18n extension is
    always on, so a shipped or project template may mark text with {% trans %} or _(), and its gettext
    reads statusgen's catalog for the language (English, or a language without a catalog: the text as
    written). New-style gettext: placeholders are filled by name and escaped like any other value."""
    kind = ProjectEnvironment if sandboxed else jinja2.Environment
    extensions = ("jinja2.ext.i18n", *settings.pop("extensions", ()))
    env = kind(loader=loader(override_dirs, builtin_dir), extensions=extensions, **settings)
    env.install_gettext_translations(catalogs.translations(language), newstyle=True)
    quick_gettext.install(env)  # the same callables with less work per call
    joins.install(env, language)  # the language's punctuation: labelled(), sentence(), | names
    return template_cache.cached(env)


def replaces_shipped(override_dirs: Iterable[Path], builtin_dir: Path, pattern: str) -> bool:
    """Whether a project's folder holds a file (or link) in place of a shipped template matching pattern.

    Shipped templates load only shipped names: if the project replaces none of them, only statusgen's
    own template code runs."""
    shipped = [path.relative_to(builtin_dir) for path in builtin_dir.rglob(pattern) if path.is_file()]
    return any(os.path.lexists(Path(folder, name)) for folder in override_dirs for name in shipped)


def diagnostic(exc: jinja2.TemplateError, fallback: str, advice: str,
               shown: Callable[[str], str] = str) -> Diagnostic:
    """A template error as the project's diagnostic: the template's file and line, what went wrong, what to do.

    A syntax error says to fix the file or delete it (the shipped template then applies); one the
    sandbox or the budget raised says itself what to do; any other (a name that is not defined)
    gets `advice`.
    """
    filename, line = budget.location(exc, fallback)
    message = one_line(exc.message or exc).rstrip(".")
    if isinstance(exc, jinja2.TemplateSyntaxError):
        advice = "fix it, or delete the file to use the shipped one"
    elif isinstance(exc, jinja2.TemplateNotFound):
        advice = "there is no such template; check the name where it is included, extended or imported"
    elif isinstance(exc, SecurityError):
        advice = ("a template may read the values statusgen gives it, not change them, nor reach Python's "
                  "internals, the environment, files or the system")
    elif isinstance(exc, budget.OverBudget):
        advice = ""  # its message says what to do
    return Diagnostic(shown(filename or fallback), line, f"template error: {message}" + (f"; {advice}" if advice else ""))
