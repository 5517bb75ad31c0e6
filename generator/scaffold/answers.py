"""What `statusgen init` asks, and checking each answer before anything is written.

Every answer has a parser that returns the clean value or raises AnswerError with what is wrong and
an example: the command line uses the same parsers to re-ask a question in a terminal, and `collect`
checks every flag at once for scripts, naming each problem by its flag.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..core.diagnostics import Diagnostic
from ..core.severities import PRESETS
from ..read.config import SLUG, check_site_url, contact_link

# The GitHub repository of statusgen's Action until init is told another (--action): a placeholder
# the workflows name, and init says so, because only the team knows which copy it trusts.
ACTION_PLACEHOLDER = "OWNER/statusgen"
SCHEMES = tuple(PRESETS)  # p1-p4, p0-p3
NAME_LIMIT = 80
_REPOSITORY = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


class AnswerError(ValueError):
    """An answer that cannot be used; the message says why and how to write it."""


@dataclass(frozen=True)
class NewComponent:
    id: str
    name: str


@dataclass(frozen=True)
class NewTier:
    name: str
    uptime: float


@dataclass(frozen=True)
class Answers:
    name: str                              # what readers call the company, product or team
    url: str                               # site_url, ending in /
    contact: str                           # "" for none; as given (an e-mail address or an https link)
    components: tuple[NewComponent, ...]
    severities: str = "p1-p4"
    reliability: bool = False              # publish /reliability/
    sla_tiers: tuple[NewTier, ...] = ()    # promises made; none unless given (the report measures them, the
                                           # reliability page publishes them)
    action: str = ACTION_PLACEHOLDER       # OWNER/REPO of statusgen's Action
    version: str = ""                      # the statusgen version the workflows pin (vX.Y.Z)
    time_zone: str = "UTC"
    measured_since: str = ""               # YYYY-MM-DD: the day the page began; uptime is measured from it

    @property
    def site_name(self) -> str:
        return self.name if self.name.lower().endswith("status") else f"{self.name} Status"


def one_line(text: str, what: str, limit: int = NAME_LIMIT) -> str:
    value = (text or "").strip()
    if not value:
        raise AnswerError(f"{what} is needed")
    if _CONTROL.search(value):
        raise AnswerError(f"{what} must be one line of text, without control characters")
    if len(value) > limit:
        raise AnswerError(f"{what} has {len(value)} characters; keep it to {limit}")
    return value


def parse_name(text: str) -> str:
    return one_line(text, "the name readers know you by (e.g. Example Corp)")


def parse_url(text: str) -> str:
    url, problem = check_site_url((text or "").strip())
    if problem:
        raise AnswerError(problem.replace("is required", "is needed"))
    return url


def parse_contact(text: str) -> str:
    value = (text or "").strip()
    if contact_link(value) is None:
        raise AnswerError(f'"{value}" is not a link readers can follow; give an e-mail address '
                          "(support@example.com) or an https:// address, or leave it empty")
    return value


def component_id(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def parse_component(text: str) -> NewComponent:
    """ "ID=Name" or just "Name" (the id is made from it: "Public API" -> public-api)."""
    raw = (text or "").strip()
    cid, sep, name = raw.partition("=")
    if not sep:
        cid, name = "", raw
    name = one_line(name, f'the component "{raw}" needs a name: write ID=Name, e.g. api=Public API; it')
    cid = cid.strip() or component_id(name)
    if not cid:
        raise AnswerError(f'no id can be made from "{name}": write ID=Name, e.g. api={name}')
    if not SLUG.match(cid):
        raise AnswerError(f'"{cid}" is not a valid component id: use lowercase letters, digits, - and _ '
                          "(e.g. api=Public API)")
    return NewComponent(cid, name)


def split_list(text: str) -> list[str]:
    """A comma-separated answer, as typed at a prompt."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def parse_components(values) -> tuple[NewComponent, ...]:
    out, seen = [], {}
    for value in values:
        component = parse_component(value)
        if component.id in seen:
            raise AnswerError(f'"{seen[component.id]}" and "{value.strip()}" share the id "{component.id}"; '
                              "give one of them its own: ID=Name")
        seen[component.id] = value.strip()
        out.append(component)
    if not out:
        raise AnswerError("name at least one component readers see, e.g. api=Public API")
    return tuple(out)


def parse_tier(text: str) -> NewTier:
    raw = (text or "").strip()
    name, sep, uptime = raw.rpartition("=")
    example = "write NAME=PERCENT, e.g. Enterprise=99.9"
    if not sep or not name.strip():
        raise AnswerError(f'"{raw}": {example}')
    try:
        value = float(uptime.strip().rstrip("%"))
    except ValueError:
        raise AnswerError(f'"{raw}": "{uptime.strip()}" is not a percentage; {example}') from None
    if not 0 < value <= 100:
        raise AnswerError(f'"{raw}": the uptime must be above 0 and at most 100; {example}')
    return NewTier(one_line(name, "a tier's name"), value)


def parse_tiers(values) -> tuple[NewTier, ...]:
    out, seen = [], set()
    for value in values:
        tier = parse_tier(value)
        if tier.name in seen:
            raise AnswerError(f'the tier "{tier.name}" is named twice')
        seen.add(tier.name)
        out.append(tier)
    return tuple(out)


def parse_action(text: str) -> str:
    value = (text or "").strip()
    if not _REPOSITORY.match(value):
        raise AnswerError(f'"{value}" is not a GitHub repository: write OWNER/REPOSITORY, e.g. example/statusgen')
    return value


def parse_time_zone(text: str) -> str:
    value = (text or "").strip() or "UTC"
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise AnswerError(f'"{value}" is not an IANA time zone (examples: UTC, Europe/Berlin, America/New_York)') \
            from None
    return value


def parse_scheme(text: str) -> str:
    value = (text or "").strip().lower()
    if value not in SCHEMES:
        raise AnswerError(f'"{text}" is not a severity scheme; use {" or ".join(SCHEMES)}')
    return value


def collect(*, name, url, contact, components, severities, reliability, sla_tiers, action, version,
            time_zone) -> tuple[Answers | None, list[Diagnostic]]:
    """Every answer checked at once; each problem is named by the flag that gives it."""
    problems: list[Diagnostic] = []

    def take(flag: str, parse, value, default=None):
        try:
            return parse(value)
        except AnswerError as exc:
            problems.append(Diagnostic(flag, None, str(exc)))
            return default

    answers = Answers(
        name=take("--name", parse_name, name, ""),
        url=take("--url", parse_url, url, ""),
        contact=take("--contact", parse_contact, contact, ""),
        components=take("--component", parse_components, components, ()),
        severities=take("--severity-scheme", parse_scheme, severities, "p1-p4"),
        reliability=bool(reliability),
        sla_tiers=take("--sla-tier", parse_tiers, sla_tiers, ()),
        action=take("--action", parse_action, action, ACTION_PLACEHOLDER),
        version=version,
        time_zone=take("--time-zone", parse_time_zone, time_zone, "UTC"),
    )
    return (None if problems else answers), problems
