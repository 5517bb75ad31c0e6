"""The theme's page template rendered once per kind of page, each page's own values placed in it.

MkDocs renders the theme's main.html (Material's whole frame: head, header, navigation,
footer) around every page. For thousands of incident pages that frame is the same text
except for a few values of the page: its title, its body, its address. Rendering it for
each page was the largest cost of a big build.

How it stays byte-identical without knowing what the template contains:

- Pages are grouped by everything the template could see that is not a per-page value:
  the template, the page's folder and URL style (relative links depend on them), the
  page's metadata other than text, its place in the navigation (none: only pages outside
  the navigation take part), and every other entry of the template's context.
- For a group's first page the template is rendered with a stand-in page (`_Probe`)
  whose per-page texts are `Slot`s: strings that print as a unique marker and record every
  question the template asks of them (`"<h1" in page.content`), answered from the
  real page so the template takes the same branches. Any other use of a value (slicing,
  changing case, an attribute of the page the stand-in does not list) stops the frame
  for that group. The page's name in its URL is a plain marker word in the same folder; questions
  about the URL are recorded and answered from the real page the same way.
- The stand-in render is done twice, with longer markers and word the second time: a value measured
  by code that reads the string itself (a regular expression: `wordcount`) differs and stops the frame.
- The output is split into literal text and slots. A marker printed anything but as is
  or HTML-escaped (by a filter that rewrote it) also stops the frame.
- A frame serves a later page only when each recorded question gets the same answer
  from it, and only after it reproduced, byte for byte, two pages rendered the normal
  way (the page it was made from and the next one it fits). A group whose frame fails
  renders every page normally, as do pages outside the navigation's rules.
"""
from __future__ import annotations

import os
import posixpath
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from datetime import date, datetime

import jinja2
from markupsafe import escape

from .frame_stand_in import (_LONG_TAIL, _PLAIN, _TAIL, _TEXTS, _WATCHED, Unproven, _Probe, _Questions, _slot, _Url,
                             _Watched)

MAX_FRAMES_PER_GROUP = 4  # variants of one group (different answers); beyond that pages render normally
MAX_GROUPS = 256  # a context that differs for every page would make every page a group of its own
_SAFE_NAME = re.compile(r"[A-Za-z0-9._~-]+")


# -- the frame ------------------------------------------------------------------------------------------------


@dataclass
class _Frame:
    parts: list  # literal str, or int: index of a value printed as is, or (int,): printed escaped
    questions: _Questions
    proven: int = 0  # pages it reproduced byte for byte (2 before it serves)

    def fill(self, values: list[str]) -> str:
        out = []
        for part in self.parts:
            if part.__class__ is str:
                out.append(part)
            elif part.__class__ is int:
                out.append(str(values[part]))
            else:
                out.append(str(escape(str(values[part[0]]))))  # only plain text is escaped (see __str__)
        return "".join(out)


@dataclass
class _Group:
    frames: list[_Frame] = field(default_factory=list)
    failed: bool = False
    # The context's objects whose id() is in the group's key, kept alive so that no other object (a
    # plugin's per-page value) takes the same id and finds this group's frame.
    held: tuple = ()


@dataclass
class FrameStats:
    """How the pages of the last build were made (for the benchmark and tests)."""

    framed: int = 0
    rendered: int = 0
    groups: int = 0
    failed: list[str] = field(default_factory=list)  # why a group renders normally


class Frames:
    """One build's frames. `eligible(page)` says which pages may take part (generated, outside the nav)."""

    def __init__(self, eligible: Callable[[object], bool]):
        self.eligible = eligible
        self.groups: dict[tuple, _Group] = {}
        self.nonce = secrets.token_hex(6)
        self.stats = FrameStats()

    def render(self, template: jinja2.Template, context: dict) -> str:
        page = context.get("page")
        plan = self._plan(template, context, page) if page is not None and self.eligible(page) else None
        if plan is None:
            self.stats.rendered += 1
            return jinja2.Template.render(template, context)
        key, values, name, held = plan
        group = self.groups.get(key)
        if group is None:
            if len(self.groups) >= MAX_GROUPS:
                self.stats.rendered += 1
                return jinja2.Template.render(template, context)
            group = self.groups[key] = _Group(held=held)
            self.stats.groups += 1
        if not group.failed:
            for frame in group.frames:
                if frame.questions.same_answers(values + _urls(page)):
                    if frame.proven >= 2:
                        self.stats.framed += 1
                        return frame.fill(values + [name])
                    return self._prove(group, frame, template, context, values + [name])
            if len(group.frames) < MAX_FRAMES_PER_GROUP:
                frame = self._make(group, template, context, page, values, name)
                if frame is not None:
                    group.frames.append(frame)
                    return self._prove(group, frame, template, context, values + [name])
        self.stats.rendered += 1
        return jinja2.Template.render(template, context)

    def release(self) -> None:
        """Forgets the frames (each as big as a page, and the build's config and nav they hold) once the
        build's pages are written; the stats stay."""
        self.groups.clear()

    def _prove(self, group: _Group, frame: _Frame, template, context, values: list[str]) -> str:
        output = jinja2.Template.render(template, context)
        self.stats.rendered += 1
        if frame.fill(values) == output:
            frame.proven += 1
        else:
            self._fail(group, f"{context['page'].url}: the frame did not reproduce the page")
        return output

    def _fail(self, group: _Group, why: str) -> None:
        group.failed = True
        group.frames.clear()
        self.stats.failed.append(why)

    # -- grouping -------------------------------------------------------------------------------------------
    def _plan(self, template, context: dict, page):
        """(group key, the page's texts, its name in its URL, the objects the key names by id) or None when
        the page cannot be framed."""
        url = page.url
        if not url or any(getattr(page, a, None) is not None for a in ("previous_page", "next_page", "parent")):
            return None
        if page.ancestors or len(list(page.toc)) or page.is_homepage:
            return None
        nav = context.get("nav")
        if nav is not None and any(p is page for p in getattr(nav, "pages", ())):
            return None
        folder, name, suffix = _split_url(url)
        if not name or not _SAFE_NAME.fullmatch(name):
            return None
        texts = [getattr(page, a) for a in _TEXTS]
        meta_texts = sorted(k for k, v in page.meta.items() if isinstance(v, str))
        texts += [page.meta[k] for k in meta_texts]
        if any(not isinstance(t, str) or not t for t in texts):
            return None
        derived = (page.canonical_url, page.abs_url)
        if any(d is not None and not d.endswith(url) for d in derived):
            return None
        others = []
        held = []
        for key, value in sorted(context.items()):
            if key == "page":
                continue
            if key in ("base_url",):
                others.append((key, value))
            elif key in ("extra_css", "extra_javascript"):
                others.append((key, tuple(str(v) for v in value)))
            elif isinstance(value, _PLAIN):
                others.append((key, value))
            elif isinstance(value, (datetime, date)):
                others.append((key, _WATCHED))  # watched in the stand-in render instead
            else:
                others.append((key, id(value)))  # the same object for every page of a build (nav, config)
                held.append(value)
                if key == "config" and isinstance(value, Mapping):
                    # config.extra is where a plugin puts what changes from page to page (on_page_context)
                    others.append(("config.extra", repr(value.get("extra"))))
        meta_rest = repr(sorted((k, v) for k, v in page.meta.items() if not isinstance(v, str)))
        constants = tuple(repr(getattr(page, a, None)) for a in ("edit_url", "markdown", "is_index",
                                                                 "is_top_level"))
        key = (id(template), folder, suffix, tuple(type(t) for t in texts), tuple(meta_texts), meta_rest,
               constants, tuple(d is None for d in derived), tuple(others))
        return key, texts, name, tuple(held)

    # -- making a frame -----------------------------------------------------------------------------------
    def _make(self, group: _Group, template, context: dict, page, values: list[str], name: str):
        record = _Questions(values + _urls(page))
        folder, real_name, suffix = _split_url(page.url)
        watched = {k: _Watched(k) for k, v in context.items() if isinstance(v, (datetime, date))}
        try:
            parts = None
            # The second render's markers and address differ in length and words (see _LONG_TAIL).
            for tail, word, asked in ((_TAIL, f"sgframe{self.nonce}page", record),
                                      (_LONG_TAIL, f"sgframe{self.nonce}page" + "-w7" * 64,
                                       _Questions(values + _urls(page)))):
                fake_url = folder + word + suffix
                derived = [None if d is None else d[: len(d) - len(page.url)] + fake_url
                           for d in (page.canonical_url, page.abs_url)]
                probe = self._probe(page, values, tail, asked, fake_url, derived)
                output = jinja2.Template.render(template, dict(context, page=probe, **watched))
                made = _split(output, self.nonce, len(values), word, tail)
                if parts is not None and made != parts:
                    raise Unproven("a page value measured by the template")
                parts = made
        except Unproven as exc:
            self._fail(group, f"{page.url}: {exc}")
            return None
        except Exception as exc:  # the stand-in broke the template in a way the real page does not
            self._fail(group, f"{page.url}: the template failed with a stand-in page ({exc.__class__.__name__})")
            return None
        return _Frame(parts, record)

    def _probe(self, page, values: list[str], tail: str, record: _Questions, fake_url: str, derived: list):
        """The stand-in page: markers ending in `tail` for its texts, its page.meta's texts included."""
        slots = [_slot(f"\ue000{self.nonce}:{i}{tail}", v, i, record) for i, v in enumerate(values)]
        texts = dict(zip(_TEXTS, slots))
        meta = dict(page.meta)
        meta_texts = sorted(k for k, v in page.meta.items() if isinstance(v, str))
        for k, slot in zip(meta_texts, slots[len(_TEXTS):]):
            meta[k] = slot
        texts["meta"] = meta
        urls = [None if url is None else _Url(url, len(values) + i, record)
                for i, url in enumerate((fake_url, *derived))]
        return _Probe(page, texts, *urls)


def _urls(page) -> list:
    """The page's addresses, which the template's questions about them are asked of (after its texts)."""
    return [page.url, page.canonical_url, page.abs_url]


def _split_url(url: str) -> tuple[str, str, str]:
    """("incidents/2026/", "name", "/" or ".html" or "") of a page's URL."""
    suffix = "/" if url.endswith("/") else ""
    body = url[: len(url) - len(suffix)]
    folder, name = posixpath.split(body)
    folder = folder + "/" if folder else ""
    if not suffix:
        name, ext = os.path.splitext(name)
        suffix = ext
    return folder, name, suffix


def _split(output: str, nonce: str, count: int, word: str, tail: str = _TAIL) -> list:
    """The frame's parts: literal text, the page's values (index: as is; (index,): escaped), its name."""
    pattern = re.compile(re.escape(f"\ue000{nonce}:") + r"(\d+)(" + re.escape(tail) + "|"
                         + re.escape(str(escape(tail))) + ")" + "|" + re.escape(word))
    parts: list = []
    last = 0
    for match in pattern.finditer(output):
        parts.append(output[last:match.start()])
        if match.group(1) is None:
            parts.append(count)  # the page's name in its URL
        else:
            index = int(match.group(1))
            if index >= count:
                raise Unproven("an unknown marker")
            parts.append(index if match.group(2) == tail else (index,))
        last = match.end()
    parts.append(output[last:])
    for literal in (p for p in parts if p.__class__ is str):
        if nonce in literal or "\ue001" in literal or "\ue002" in literal:
            raise Unproven("a page value rewritten by a filter")
    return [p for p in parts if p != ""]


def framed_template_class(frames: Frames) -> type[jinja2.Template]:
    """A Template class whose top-level renders go through `frames` (Environment.template_class)."""

    class FramedTemplate(jinja2.Template):
        def render(self, *args, **kwargs):
            if len(args) == 1 and not kwargs and isinstance(args[0], dict):
                return frames.render(self, args[0])
            return super().render(*args, **kwargs)

    return FramedTemplate


def use_frames(env: jinja2.Environment, frames: Frames) -> jinja2.Environment:
    """env, its pages' template rendered through `frames` from now on."""
    env.template_class = framed_template_class(frames)
    if env.cache is not None:
        env.cache.clear()  # a template loaded earlier was made with the old class
    return env
