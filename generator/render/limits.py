"""The largest value a project template may build in one step.

The time budget (render.budget) stops a template between steps; it cannot stop one step that
asks Python for gigabytes (`"x" * 10**10`, `10 ** 10 ** 9`, `"%999999999d"`, a join or replace
that multiplies a long text): that step runs in C until it finishes or the memory runs out. So
the operators and the few filters and string methods that can make a value much larger than
their input are checked against MAX_CHARS (texts) and MAX_ITEMS (lists) before they run, and
what `~`, `+` and calls return is checked after (it is at most a small multiple of inputs that
were checked).
"""
from __future__ import annotations

import operator
import re
import types

import jinja2
from jinja2 import filters

from .budget import MAX_CHARS, OverBudget

MAX_ITEMS = 100_000  # as many as Jinja's sandbox lets range() make
MAX_BITS = 100_000  # an integer of some 30,000 digits: more than any page or message prints

OPERATORS = {"*": operator.mul, "**": operator.pow, "%": operator.mod, "+": operator.add}
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*:([^{}]*)(\{)?")


def _too_big(what: str) -> OverBudget:
    return OverBudget(f"{what} would be larger than a template may build ({MAX_CHARS:,} characters or "
                      f"{MAX_ITEMS:,} items); make it smaller")


def sized(value):
    """value, if it is not larger than a template may build."""
    if isinstance(value, str):
        if len(value) > MAX_CHARS:
            raise _too_big("the text")
    elif isinstance(value, (list, tuple, dict, set, frozenset)) and len(value) > MAX_ITEMS:
        raise _too_big("the list")
    return value


def _at_most(count, limit: int, what: str) -> None:
    if isinstance(count, int) and count > limit:
        raise _too_big(what)


def binop(operator_: str, left, right):
    """An intercepted operator (`*`, `**`, `%`, `+`), refused where its result would be too large."""
    if operator_ == "*":
        sequence, count = (right, left) if isinstance(left, int) else (left, right)
        if isinstance(sequence, (str, list, tuple)) and isinstance(count, int):
            _at_most(len(sequence) * count, MAX_CHARS if isinstance(sequence, str) else MAX_ITEMS, "the repetition")
        elif isinstance(left, int) and isinstance(right, int):
            _at_most(abs(left).bit_length() + abs(right).bit_length(), MAX_BITS, "the product")
    elif operator_ == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
        _at_most(max(abs(left).bit_length() - 1, 0) * right, MAX_BITS, "the power")
    elif operator_ == "%" and isinstance(left, str):
        _format_widths(left, right if isinstance(right, tuple) else (right,), right if isinstance(right, dict) else {})
    return sized(OPERATORS[operator_](left, right))


def _format_widths(text: str, args, kwargs) -> None:
    """Refuses a format whose field widths or precisions (written, or taken from the values) are too large."""
    from_values = False
    for match in _PERCENT.finditer(text):
        for number in match.groups():
            from_values |= number == "*"
            _at_most(int(number) if number and number.isdigit() else 0, MAX_CHARS, "the formatted text")
    for match in _BRACE_SPEC.finditer(text):
        from_values |= match.group(2) is not None
        for number in re.findall(r"\d+", match.group(1)):
            _at_most(int(number), MAX_CHARS, "the formatted text")
    if from_values:
        for value in (*args, *(kwargs.values() if isinstance(kwargs, dict) else ())):
            _at_most(value, MAX_CHARS, "the formatted text")


def _replaced(text: str, old, new, count=None) -> None:
    text, old, new = str(text), str(old), str(new)
    found = text.count(old)
    if count is not None and 0 <= count < found:
        found = count
    _at_most(len(text) + found * max(len(new) - len(old), 0), MAX_CHARS, "the replaced text")


def _joined(items: list, separator) -> None:
    total = len(str(separator)) * len(items)
    for item in items:
        total += len(item) if isinstance(item, str) else len(str(item))
        _at_most(total, MAX_CHARS, "the joined text")


def _padded(width) -> None:
    _at_most(width, MAX_CHARS, "the padded text")


def check_call(method, args: tuple, kwargs: dict) -> tuple:
    """The arguments of a call from a template, refused where a string method would build too much.
    A join's items are listed first (a generator can be read only once), and the list is passed on."""
    kind = type(method)
    if kind is types.BuiltinMethodType:
        bound = method.__self__
    elif kind is types.FunctionType and hasattr(method, "__wrapped__"):  # the sandbox's str.format
        bound = getattr(method.__wrapped__, "__self__", None)
    else:
        return args
    if not isinstance(bound, str):
        return args
    name = getattr(method, "__name__", "")
    if name in ("center", "ljust", "rjust", "zfill") and args:
        _padded(args[0])
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        _at_most(bound.count("\t") * size if isinstance(size, int) else 0, MAX_CHARS, "the expanded text")
    elif name == "replace" and len(args) >= 2:
        _replaced(bound, *args[:3])
    elif name == "join" and args:
        items = list(args[0])
        _at_most(len(items), MAX_ITEMS, "the list")
        _joined(items, bound)
        args = (items, *args[1:])
    elif name in ("format", "format_map"):
        _format_widths(bound, args, args[0] if name == "format_map" and args else kwargs)
    return args


# The filters that can build much more than they are given, each checked before Jinja's own runs.

@jinja2.pass_eval_context
def join(eval_ctx, value, d="", attribute=None):
    items = list(value)
    if attribute is not None:
        getter = filters.make_attrgetter(eval_ctx.environment, attribute)
        items = [getter(item) for item in items]
    _joined(items, d)
    return filters.sync_do_join(eval_ctx, items, d)


@jinja2.pass_eval_context
def replace(eval_ctx, s, old, new, count=None):
    _replaced(s, old, new, count)
    return filters.do_replace(eval_ctx, s, old, new, count)


def center(value, width=80):
    _padded(width)
    return filters.do_center(value, width)


def indent(s, width=4, first=False, blank=False):
    lines = str(s).count("\n") + 2
    _at_most(lines * (len(width) if isinstance(width, str) else width if isinstance(width, int) else 0)
             + len(str(s)), MAX_CHARS, "the indented text")
    return filters.do_indent(s, width, first, blank)


@jinja2.pass_environment
def wordwrap(environment, s, width=79, break_long_words=True, wrapstring=None, break_on_hyphens=True):
    if isinstance(width, int) and width > 0 and wrapstring is not None:
        _at_most(len(str(s)) * (1 + len(str(wrapstring)) // width + 1), MAX_CHARS, "the wrapped text")
    return filters.do_wordwrap(environment, s, width, break_long_words, wrapstring, break_on_hyphens)


def format(value, *args, **kwargs):  # noqa: A001 - the filter's name in templates
    _format_widths(str(value), args, kwargs)
    return filters.do_format(value, *args, **kwargs)


def slice(value, slices, fill_with=None):  # noqa: A001 - the filter's name in templates
    _at_most(slices, MAX_ITEMS, "the slices")
    return filters.sync_do_slice(value, slices, fill_with)


def batch(value, linecount, fill_with=None):
    _at_most(linecount, MAX_ITEMS, "the batch")
    return filters.do_batch(value, linecount, fill_with)


FILTERS = {"join": join, "replace": replace, "center": center, "indent": indent, "wordwrap": wordwrap,
           "format": format, "slice": slice, "batch": batch}
