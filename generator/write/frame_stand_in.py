"""The stand-in page a frame is made from (generator.write.frame_once): its texts print as markers and its
address names a marker word; every question the template asks of them is recorded and answered from the
real page, and any other use of them raises Unproven.
"""
from __future__ import annotations

import sys
import weakref

from markupsafe import Markup


class Unproven(Exception):
    """The template used a per-page value in a way a frame cannot reproduce."""


# -- the stand-in values ------------------------------------------------------------------------------------

_TAIL = "\ue002<i>&amp;'\"  x</i>\ue001"  # characters every known rewriting (escape, striptags, JSON) changes
# A second stand-in render uses this longer tail: a value the template measures with code that reads the
# string itself, out of the stand-in's sight (`content | striptags | wordcount`, a regular expression),
# gives another number for it, and the two renders' literal text differs.
_LONG_TAIL = _TAIL + " w 7" * 2000
_QUESTIONS = {"__contains__", "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__len__", "__hash__",
              "__bool__"}
_RECORD = "_sg_record"


def _apply(value: str, name: str, args: tuple, kwargs: dict):
    if name == "__bool__":
        return bool(value)
    return getattr(type(value), name)(value, *args, **kwargs)


class _SlotBehaviour:
    """What a Slot lets a template do: print it, escape it, ask it yes/no or number questions."""

    def _sg_ask(self, name: str, args: tuple, kwargs: dict = {}):  # noqa: B006 - never mutated
        record = object.__getattribute__(self, _RECORD)
        return record.ask(object.__getattribute__(self, "_sg_index"), name, args, kwargs)

    def __getattribute__(self, name: str):
        if name.startswith("_sg_") or name in ("__class__", "__str__"):
            return object.__getattribute__(self, name)
        if name == "__html__" and not isinstance(self, Markup):
            raise AttributeError(name)  # a plain string: escaping it escapes the marker
        if name.startswith("__"):
            return object.__getattribute__(self, name)
        if not callable(getattr(str, name, None)):
            raise AttributeError(name)
        return lambda *args, **kwargs: self._sg_ask(name, args, kwargs)

    def __str__(self):
        # Printed as the marker, and still watched. str() of Markup is plain text, which escaping
        # escapes again (forceescape, "%s" % title): a Markup slot gives its plain twin.
        return object.__getattribute__(self, "_sg_plain")

    def __html__(self):
        return self  # only reached for a Markup value (see __getattribute__): printed as is

    def __format__(self, spec):
        if spec:
            raise Unproven(f"a page value formatted with {spec!r}")
        return self

    def __repr__(self):
        raise Unproven("a page value shown with repr")

    def __bool__(self):
        return self._sg_ask("__bool__", ())

    def __contains__(self, item):
        return self._sg_ask("__contains__", (item,))

    def __eq__(self, other):
        return self._sg_ask("__eq__", (other,))

    def __ne__(self, other):
        return self._sg_ask("__ne__", (other,))

    def __lt__(self, other):
        return self._sg_ask("__lt__", (other,))

    def __le__(self, other):
        return self._sg_ask("__le__", (other,))

    def __gt__(self, other):
        return self._sg_ask("__gt__", (other,))

    def __ge__(self, other):
        return self._sg_ask("__ge__", (other,))

    def __len__(self):
        return self._sg_ask("__len__", ())

    def __hash__(self):
        return self._sg_ask("__hash__", ())

    def _sg_derived(self, *args):
        raise Unproven("a page value cut, joined or changed by the template")

    __getitem__ = __iter__ = __add__ = __radd__ = __mul__ = __rmul__ = __mod__ = __rmod__ = _sg_derived
    __reduce__ = __reduce_ex__ = __getnewargs__ = _sg_derived


class _StrSlot(_SlotBehaviour, str):
    pass


class _MarkupSlot(_SlotBehaviour, Markup):
    pass


def _slot(marker: str, real: str, index: int, record: "_Questions"):
    slot = (_MarkupSlot if isinstance(real, Markup) else _StrSlot).__new__(
        _MarkupSlot if isinstance(real, Markup) else _StrSlot, marker)
    object.__setattr__(slot, "_sg_index", index)
    object.__setattr__(slot, _RECORD, record)
    object.__setattr__(slot, "_sg_plain", _slot(marker, str(real), index, record) if isinstance(real, Markup)
                       else slot)
    return slot


_PLAIN = (str, int, float, bool, type(None))
_WATCHED = "watched"


class _Questions:
    """The questions a template asked of the page's values, with the representative page's answers."""

    def __init__(self, reals: list[str]):
        self.reals = reals
        self.asked: list[tuple[int, str, tuple, tuple]] = []
        self.answers: list = []

    def ask(self, index: int, name: str, args: tuple, kwargs: dict):
        if name not in _QUESTIONS and not name.startswith(_ASKING):
            raise Unproven(f"the template called {name}() on a page value")
        if any(isinstance(a, (_SlotBehaviour, _Url)) or not isinstance(a, _PLAIN) for a in (*args, *kwargs.values())):
            raise Unproven(f"a page value compared with another ({name})")
        args = tuple(str(a) if isinstance(a, str) else a for a in args)  # a Markup argument stays text
        answer = _apply(self.reals[index], name, args, kwargs)
        if not isinstance(answer, (bool, int)):
            raise Unproven(f"{name}() of a page value gave {type(answer).__name__}")
        self.asked.append((index, name, args, tuple(sorted(kwargs.items()))))
        self.answers.append(answer)
        return answer

    def same_answers(self, reals: list[str]) -> bool:
        return all(_apply(reals[i], name, args, dict(kwargs)) == answer
                   for (i, name, args, kwargs), answer in zip(self.asked, self.answers))


_ASKING = ("is", "starts", "ends", "count", "find", "rfind", "index", "rindex")


def _from_template() -> bool:
    """Whether the code that used a stand-in value (two frames up) is a template's or Jinja's own."""
    caller = sys._getframe(2).f_globals
    return "environment" in caller and "__file__" in caller or caller.get("__name__", "").startswith("jinja2")


class _Url(str):
    """The stand-in page's address (its name a marker word, so links made from it still work): a
    question asked of it (`"-maintenance/" in page.url`) is answered from the real page's address and
    recorded, like a Slot's; anything else works on the stand-in text, whose word the frame replaces."""

    # MkDocs' url filter keeps page.url in an unbounded lru_cache: the record is held weakly (the
    # frame's text is not kept alive by it), a dead one or another stand-in address is compared as text,
    # and the hash is the text's (a question per page would make a frame per page).

    def __new__(cls, text: str, index: int, record: "_Questions"):
        url = super().__new__(cls, text)
        url._sg = (index, weakref.ref(record))
        return url

    def _sg_ask(self, name: str, *args, **kwargs):
        index, record = object.__getattribute__(self, "_sg")
        record = record()
        if record is None or (args and isinstance(args[0], _Url)):
            return str.__len__(self) > 0 if name == "__bool__" else getattr(str, name)(self, *args, **kwargs)
        return record.ask(index, name, args, kwargs)

    def __getattribute__(self, name: str):
        if name.startswith(_ASKING) and callable(getattr(str, name, None)):
            return lambda *args, **kwargs: self._sg_ask(name, *args, **kwargs)
        # page.url.split("/"), page.url|replace(...); encoding it is printing it (urlencode)
        if not name.startswith("_") and name != "encode" and _from_template():
            raise Unproven(f"the template called {name}() on the page's address")
        return object.__getattribute__(self, name)

    # page.url[:-1], page.url + "x" in a template: a text the questions would not see.
    def __getitem__(self, key):
        if _from_template():
            raise Unproven("the page's address cut by the template")
        return str.__getitem__(self, key)

    def __add__(self, other):
        if _from_template():
            raise Unproven("the page's address joined by the template")
        return str.__add__(self, other)

    def __str__(self):
        return self  # still watched: str(page.url).replace(...) in a filter

    def __contains__(self, item):
        return self._sg_ask("__contains__", item)

    def __eq__(self, other):
        return self._sg_ask("__eq__", other)

    def __ne__(self, other):
        return self._sg_ask("__ne__", other)

    def __lt__(self, other):
        return self._sg_ask("__lt__", other)

    def __le__(self, other):
        return self._sg_ask("__le__", other)

    def __gt__(self, other):
        return self._sg_ask("__gt__", other)

    def __ge__(self, other):
        return self._sg_ask("__ge__", other)

    def __len__(self):
        return self._sg_ask("__len__")

    def __hash__(self):
        if _from_template():
            raise Unproven("the template looked page's address up in a mapping")  # `page.url in banners`
        return str.__hash__(self)

    def __bool__(self):
        return self._sg_ask("__bool__")


# -- the stand-in page ----------------------------------------------------------------------------------------

# Attributes of a page outside the navigation that are the same for every such page of a group
# (the group's key holds them); the template may read them as they are.
_CONSTANT = ("is_homepage", "edit_url", "previous_page", "next_page", "parent", "ancestors", "children",
             "is_section", "is_page", "is_link", "active", "is_index", "is_top_level", "markdown", "toc")
_TEXTS = ("title", "content")  # per-page texts, and every text of page.meta


class _Watched:
    """A context value the group's key leaves out (build_date_utc, new at every page unless the clock is
    pinned): a template that uses it in any way stops the frame."""

    def __init__(self, name: str):
        object.__setattr__(self, "_sg_name", name)

    def _sg_used(self, *args, **kwargs):
        raise Unproven(f"the template used {object.__getattribute__(self, '_sg_name')}")

    def __getattr__(self, name):
        self._sg_used()

    __str__ = __repr__ = __format__ = __html__ = __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _sg_used
    __bool__ = __len__ = __iter__ = __getitem__ = __hash__ = __add__ = __radd__ = __sub__ = _sg_used


class _Probe:
    """A page as the template sees it, with markers for the values that change from page to page."""

    def __init__(self, page, values: dict, url: str, canonical_url, abs_url):
        object.__setattr__(self, "_sg_page", page)
        object.__setattr__(self, "_sg_values", dict(values, url=url, canonical_url=canonical_url, abs_url=abs_url))

    def __getattr__(self, name: str):
        values = object.__getattribute__(self, "_sg_values")
        if name in values:
            return values[name]
        if name in _CONSTANT:
            return getattr(object.__getattribute__(self, "_sg_page"), name)
        raise Unproven(f"the template read page.{name}")

    def __setattr__(self, name, value):
        raise Unproven(f"the template set page.{name}")

    def __str__(self):
        raise Unproven("the template printed the page object")
