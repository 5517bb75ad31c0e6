"""A time and size budget for rendering one project template, and where a failed render failed.

A project's templates are code from its repository: one that loops for ever would hold `comms`,
`notify` or the build until the CI job's limit, and a Jinja loop with nothing else in it makes no
call the sandbox could refuse. Two things stop it:

- every `{% for %}` iterates through `budgeted()`, which checks the clock on each item (the code
  generator below puts it there), and so does every call the sandbox makes for a template (a
  macro that calls itself): this works in any thread;
- in the main thread an interval timer (SIGALRM) also interrupts whatever Python code the render
  is running when the budget is spent, if no one else uses that signal.

What one render writes is counted as it comes out, and the template is stopped at the line that
writes past MAX_CHARS. Errors leave with the template's file and line (`location`).
"""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator

SECONDS = 5.0  # one render of one template: a page, an e-mail part, a post, a chat message
MAX_CHARS = 5_000_000  # what one render may write; also the largest value one operation may build

_local = threading.local()  # .deadline (time.monotonic) and .seconds of the render under way here


class OverBudget(jinja2.TemplateRuntimeError):
    """The render took longer than its budget, or wrote more than it may."""


def _spent() -> OverBudget:
    _local.spent = True
    return OverBudget(f"the template took longer than {_local.seconds:g} s to render, the most one template may "
                      "take (a loop that never ends, or far too many rounds?); make it do less")


def check() -> None:
    """Raises OverBudget once the render under way in this thread is past its deadline."""
    deadline = getattr(_local, "deadline", None)
    if deadline is not None and time.monotonic() > deadline:
        raise _spent()


def budgeted(iterable):
    """The items of a template's `{% for %}`, each only while the budget lasts."""
    check()
    for item in iterable:
        check()
        yield item


def _on_alarm(signum, frame) -> None:
    # Once a check has raised, Jinja is busy turning that error's traceback into the template's lines:
    # a second error raised in the middle of that would lose them.
    if getattr(_local, "deadline", None) is not None and not _local.spent:
        raise _spent()


def _arm(seconds: float):
    """Starts the main thread's interval timer; returns the handler it replaced, or None if it cannot."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return None
    previous = signal.getsignal(signal.SIGALRM)
    if previous not in (signal.SIG_DFL, None) or signal.getitimer(signal.ITIMER_REAL) != (0.0, 0.0):
        return None  # someone else's timer: the checks in loops and calls still hold
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    return previous


@contextmanager
def budget(seconds: float):
    """The render inside has `seconds`; a render inside another keeps the outer one's deadline."""
    if getattr(_local, "deadline", None) is not None:
        yield
        return
    _local.seconds = seconds
    _local.spent = False
    _local.deadline = time.monotonic() + seconds
    previous = _arm(seconds)
    try:
        yield
    finally:
        try:
            if previous is not None:
                signal.setitimer(signal.ITIMER_REAL, 0)
        finally:  # even if the timer fires just now, the next render starts clean
            if previous is not None:
                signal.signal(signal.SIGALRM, previous)
            _local.deadline = None


# What a template did wrong, rather than statusgen: reported as a template error at its line.
_TEMPLATE_MADE = (ArithmeticError, TypeError, ValueError, LookupError, RecursionError, MemoryError)


class BudgetedTemplate(jinja2.Template):
    """A template whose render keeps to SECONDS and MAX_CHARS, and whose errors say where they happened."""

    def render(self, *args, **kwargs) -> str:
        out: list[str] = []
        written = 0
        try:
            with budget(SECONDS):
                pieces = self.generate(*args, **kwargs)
                for piece in pieces:
                    written += len(piece)
                    if written > MAX_CHARS:
                        # Thrown in where the template is writing, so the error names that line.
                        pieces.throw(OverBudget(f"the template wrote more than {MAX_CHARS:,} characters, the most "
                                                "one template may write; make it write less"))
                    out.append(piece)
        except jinja2.TemplateSyntaxError:
            raise  # an included template's own file and line
        except jinja2.TemplateError as exc:
            exc.filename, exc.lineno = location(exc, self.filename)
            raise
        except _TEMPLATE_MADE as exc:
            error = _as_template_error(exc)
            error.filename, error.lineno = location(exc, self.filename)
            raise error from None
        return "".join(out)


def _as_template_error(exc: BaseException) -> jinja2.TemplateRuntimeError:
    if isinstance(exc, RecursionError):
        return OverBudget("the template calls itself too deeply (an include, macro or recursive loop that never "
                          "stops?); make it stop")
    if isinstance(exc, MemoryError):
        return OverBudget("the template built a value too large for memory; make it smaller")
    return jinja2.TemplateRuntimeError(f"{type(exc).__name__}: {exc}")


def location(exc: BaseException, fallback: str | None = None) -> tuple[str | None, int | None]:
    """The template file and line where exc was raised: the innermost template frame of its traceback.

    Jinja rewrites a render's traceback so that each template frame has the template's file name and
    line (frames it made, marked by `__jinja_exception__`); a frame it did not rewrite still has the
    template in its globals, and the template maps the Python line to its own.
    """
    filename = getattr(exc, "filename", None)
    lineno = getattr(exc, "lineno", None)
    if filename and lineno:
        return filename, lineno
    found: tuple[str | None, int | None] = (filename or fallback, None)
    tb = exc.__traceback__
    while tb is not None:
        frame_globals = tb.tb_frame.f_globals
        if "__jinja_exception__" in frame_globals:
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        elif "__jinja_template__" in frame_globals:
            template = frame_globals["__jinja_template__"]
            found = (template.filename or fallback, template.get_corresponding_lineno(tb.tb_lineno))
        tb = tb.tb_next
    return found


class BudgetedCodeGenerator(CodeGenerator):
    """Compiles every `{% for %}` to iterate through `budgeted()`, and every `~` to a value kept to size."""

    def visit_For(self, node: nodes.For, frame) -> None:
        node.iter = nodes.Call(nodes.EnvironmentAttribute("budgeted"), [node.iter], [], None, None,
                               lineno=node.iter.lineno)
        super().visit_For(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame) -> None:
        self.write("environment.sized(")
        super().visit_Concat(node, frame)
        self.write(")")
