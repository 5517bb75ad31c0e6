"""The drafts of every channel for one update, rendered from templates/comms/ (or the project's overrides).

Templates (one per channel and kind of message; see generator.comms.kinds):

    comms/email/<kind>.txt.j2    the subject (first line, "Subject: ...") and the plain-text part
    comms/email/<kind>.html.j2   the HTML part; every {{ value }} is HTML-escaped, and the
                                 messages arrive as sanitised HTML (generator.render.markdown_html)
    comms/social/<kind>.txt.j2   the social post, fitted to X (280), Mastodon (500) and Bluesky (300)
    comms/in_app/<kind>.txt.j2   the in-app banner's text
    notify/slack.txt.j2          the chat message (the one `notify` sends)

A project overrides any of them from <theme.custom_dir>/statusgen/, like the
page templates. A broken template is a UserError naming its file and line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import jinja2

from ..render import sandbox, text_templates
from ..write.wording import apologises
from ..read.config import Config
from ..core.diagnostics import Diagnostic, UserError
from ..changes.detect import NEW, REPORT_PUBLISHED, STATUS, UPDATE, Change
from ..core.text import one_line, squeezed
from .audience_languages import by_language
from .identity import change_message_id, update_message_id
from .payloads import ChatRenderer
from ..model.state import SiteState
from . import policy, social
from .kinds import (
    CHAT,
    DRAFTED,
    EMAIL,
    IN_APP,
    SOCIAL,
    Moment,
    context,
    message_id,
    site_host,
    speech_for,
    thread_ids,
)

PLATFORMS = (social.X, social.MASTODON, social.BLUESKY)
_SUBJECT = re.compile(r"\ASubject:[ \t]*(?P<subject>[^\n]*)\n")


@dataclass(frozen=True)
class EmailDraft:
    subject: str
    text: str  # the plain-text part
    html: str  # the HTML part
    message_id: str  # derived from what the update says (comms.identity)
    in_reply_to: str | None  # the update before it
    references: tuple[str, ...]  # the incident's thread root, then the updates before it, oldest first


@dataclass(frozen=True)
class Drafts:
    """What one update asks each channel to say."""

    moment: Moment
    channels: tuple[str, ...]  # where this update's message goes: the page's, and those the policy names
    email: EmailDraft | None = None
    social: tuple[social.Post, ...] = ()
    in_app: str | None = None
    chat: str | None = None
    notes: tuple[str, ...] = field(default=())  # what a reader of the drafts should know (shortened posts...)
    audiences: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (channel, audiences) as the policy names them
    language: str = ""  # the language it is written in: "" the site's, else an audience's own
    # The same message for the audiences that read another language than the site's, one Drafts per language
    # (e-mail and social only; comms.audience_languages): what `statusgen comms` shows beside the site's.
    others: tuple["Drafts", ...] = ()

    @property
    def kind(self) -> str:
        return self.moment.kind


def channels_for(moment: Moment, config: Config) -> tuple[str, ...]:
    item = moment.incident
    if item.is_maintenance:
        return tuple(config.maintenance_channels)
    severity = config.severity_map.get(item.severity or "")
    return tuple(severity.channels) if severity else ()


def policy_channels(moment: Moment, config: Config, change: Change | None = None):
    """(channels, (channel, audiences)...): the severity's page channels (status_page, in_app) and the channels
    the notification policy sends this update's kind of message on (comms.policy), in the severity's order."""
    routed = policy.routes(config, change or change_for(moment))
    named = dict(routed)
    base = channels_for(moment, config)
    channels = [c for c in base if c not in policy.POLICY_CHANNELS or c in named]
    channels += [c for c in named if c not in channels]
    return tuple(channels), routed


def _finalize(value):
    return "" if value is None else value


def _html_only(name: str | None) -> bool:
    return bool(name) and name.endswith(".html.j2")


def change_for(moment: Moment) -> Change:
    """The change that posting this update was, as `notify` sees it (for the chat message)."""
    item = moment.incident
    if moment.first_notice:
        return Change(incident=item, before=None, kinds=(NEW,), new_updates=item.updates)
    kinds = (UPDATE, STATUS) if moment.previous_status != item.status else (UPDATE,)
    before = replace(item, updates=item.updates[:-1])
    return Change(incident=item, before=before, kinds=kinds, new_updates=item.updates[-1:])


class Composer:
    """Renders drafts from the shipped templates or the project's overrides."""

    def __init__(self, config: Config, language: str | None = None):
        self.config = config
        # The drafts' readers: the site's (theme.language), or an audience's own (comms.languages).
        self.speech = speech_for(config, language)
        self.language = self.speech.language
        self.env = text_templates.environment(config.overrides_dir, finalize=_finalize, language=self.language)
        self.env.autoescape = _html_only  # read when a template is compiled: HTML parts escape everything
        self._chat: ChatRenderer | None = None
        # Each platform's limit; notify lowers Mastodon's to an instance's own when that is smaller.
        self.limits = dict(social.LIMITS)

    def _render(self, name: str, values: dict) -> str:
        try:
            template = self.env.get_template(name)
        except jinja2.TemplateNotFound as exc:
            if exc.name != name:  # one it extends or includes
                raise UserError([sandbox.diagnostic(exc, name, "")]) from None
            raise UserError([Diagnostic(name, None, "template not found; statusgen ships one for every channel and "
                                                    "kind of message, so an override may not remove it")]) from None
        except jinja2.TemplateError as exc:
            raise UserError([sandbox.diagnostic(exc, name, "")]) from None
        try:
            return template.render(values)
        except jinja2.TemplateError as exc:
            raise UserError([sandbox.diagnostic(exc, template.filename or name,
                                                "the variables are listed in docs/pipeline.md")]) from None

    def _source(self, name: str) -> str:
        try:
            return self.env.get_template(name).filename or name
        except jinja2.TemplateError:
            return name

    def email(self, moment: Moment, values: dict, state: SiteState, change: Change | None = None) -> EmailDraft:
        name = f"comms/email/{moment.kind}.txt.j2"
        rendered = self._render(name, values).lstrip("\n")
        match = _SUBJECT.match(rendered)
        if not match or not match.group("subject").strip():
            raise UserError([Diagnostic(self._source(name), 1, 'the first line must be the subject, "Subject: ..."')])
        subject = squeezed(one_line(match.group("subject")), not self.speech.english)
        text = _tidy(rendered[match.end():])
        html = self._render(f"comms/email/{moment.kind}.html.j2", {**values, "subject": subject}).strip() + "\n"
        host = site_host(state)
        earlier = thread_ids(moment, host)
        mid = change_message_id(change, host) if change is not None else message_id(moment, host)
        return EmailDraft(subject=subject, text=text, html=html, message_id=mid,
                          in_reply_to=earlier[-1] if len(earlier) > 1 else None, references=earlier)

    def social(self, moment: Moment, values: dict, platform: str) -> social.Post:
        name = f"comms/social/{moment.kind}.txt.j2"

        def render(parts: dict) -> str:
            text = self._render(name, {**values, **parts, "platform": platform,
                                       "limit": self.limits[platform]})
            return "\n".join(re.sub(r"[ \t]{2,}", " ", line).strip() for line in text.strip().split("\n"))

        try:
            post = social.fit(render, platform, {"headline": values["paragraph"], "title": values["title"]},
                              (("headline", "update's text"), ("title", "title")), self.limits[platform])
        except social.DoesNotFit as exc:
            raise UserError([Diagnostic(self._source(name), None,
                                        f"the {social.PLATFORM_NAMES[platform]} post is {exc.length} characters as "
                                        f"{social.PLATFORM_NAMES[platform]} counts them even without the title and "
                                        f"the update's text; it allows {self.limits[platform]}: shorten the "
                                        "template's own words")]) from None
        if values["url"] not in post.text:
            raise UserError([Diagnostic(self._source(name), None, "the social post must link to the incident page; "
                                                                  "add {{ url }} to the template")])
        return post

    def in_app(self, moment: Moment, values: dict) -> str:
        name = f"comms/in_app/{moment.kind}.txt.j2"
        text = squeezed(self._render(name, values), not self.speech.english)
        if not text:
            raise UserError([Diagnostic(self._source(name), None, "the in-app template rendered an empty text")])
        return text

    def chat(self, moment: Moment, state: SiteState) -> str:
        return self._chat_for(change_for(moment), state)

    def _chat_for(self, change: Change, state: SiteState) -> str:
        if self._chat is None:
            self._chat = ChatRenderer.for_config(self.config)
        return self._chat.render(change, state)

    def compose(self, moment: Moment, state: SiteState, only: str | None = None,
                change: Change | None = None) -> Drafts:
        """The drafts the update's channels ask for (or only the channel `only`, whatever they ask)."""
        channels, routed = policy_channels(moment, self.config, change)
        wanted = (only,) if only else tuple(c for c in DRAFTED if c in channels)
        values = self._values(moment, state, change)
        email = self.email(moment, values, state, change) if EMAIL in wanted else None
        posts = tuple(self.social(moment, values, p) for p in PLATFORMS) if SOCIAL in wanted else ()
        notes = [note for post in posts for note in post.notes]
        if only and only not in channels:
            notes.insert(0, f"{only} is not among the channels of {_who(moment)} ({', '.join(channels) or 'none'}); "
                            "this draft would not be sent")
        return Drafts(moment=moment, channels=channels, email=email, social=posts,
                      in_app=self.in_app(moment, values) if IN_APP in wanted else None,
                      chat=self._chat_for(change or change_for(moment), state) if CHAT in wanted else None,
                      notes=tuple(notes), audiences=routed)


    def _values(self, moment: Moment, state: SiteState, change: Change | None) -> dict:
        """The templates' variables (comms.kinds.context), with the report's: due, or carried along."""
        values = context(moment, state, self.speech)
        if moment.report:  # a published post-incident report's own message
            values["report_due"], values["with_report"] = None, True
            return values
        severity = self.config.severity_map.get(moment.incident.severity or "")
        values["report_due"] = (self.speech.within(severity.postmortem_within)
                                if severity and severity.postmortem_within else None)
        # A report published together with the resolution rides on the resolution's message (comms.policy).
        values["with_report"] = bool(change is not None and REPORT_PUBLISHED in change.kinds and values["report"])
        if values["with_report"]:
            values["report_due"] = None
        # The default resolve text already says sorry and when the report comes: the e-mail says it once.
        values["apologised"] = apologises(values["message"], self.speech.gettext)
        return values

    def in_languages(self, drafts: Drafts, state: SiteState, change: Change | None = None,
                     only: str | None = None) -> Drafts:
        """`drafts` with `others`: for each language other than the site's that an audience reads on e-mail or
        social, that message in its language, under the id of the first of its audiences (`.to-AUDIENCE`)."""
        wanted: dict[str, list] = {}
        for channel, audiences in drafts.audiences:
            if channel in (EMAIL, SOCIAL) and (only is None or channel == only):
                for code, names in by_language(self.config, audiences):
                    if code:
                        wanted.setdefault(code, []).append((channel, names))
        others = []
        for code, routes in wanted.items():
            composer = Composer(self.config, code)
            composer.limits = dict(self.limits)
            moment = drafts.moment
            values = composer._values(moment, state, change)
            email, posts = None, ()
            for channel, names in routes:
                if channel == EMAIL:
                    draft = composer.email(moment, values, state, change)
                    host = site_host(state)
                    mid = (change_message_id(change, host, audience=names[0]) if change is not None
                           else update_message_id(moment.incident, moment.number, host, audience=names[0]))
                    email = replace(draft, message_id=mid)
                elif not moment.report:
                    posts = tuple(composer.social(moment, values, p) for p in PLATFORMS)
            others.append(Drafts(moment=moment, channels=tuple(c for c, _ in routes), email=email, social=posts,
                                 notes=tuple(n for post in posts for n in post.notes), audiences=tuple(routes),
                                 language=code))
        return replace(drafts, others=tuple(others)) if others else drafts

    def report(self, moment: Moment, state: SiteState, change: Change, only: str | None = None) -> Drafts:
        """A published post-incident report's drafts: the e-mail carrying it, and the chat's line (or `only`)."""
        values = self._values(moment, state, change)
        email = self.email(moment, values, state, change) if only in (None, EMAIL) else None
        chat = self._chat_for(change, state) if only in (None, CHAT) else None
        channels, routed = policy_channels(moment, self.config, change)
        return Drafts(moment=moment, channels=channels, email=email, chat=chat, audiences=routed)


def _who(moment: Moment) -> str:
    item = moment.incident
    return "maintenance" if item.is_maintenance else (item.severity or "this incident")


def _tidy(text: str) -> str:
    """Trailing spaces gone, at most one blank line in a row, one final newline."""
    lines = [line.rstrip() for line in text.strip("\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n") + "\n"
