"""The statusgen options in mkdocs.yml: reading them and checking every one.

Validation collects every problem in one pass and names each option by its
full path (plugins.statusgen.components[2].name) with the line it is on.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..core.diagnostics import Diagnostic, UserError, did_you_mean
from ..core.severities import DEFAULT_MAINTENANCE_CHANNELS, DEFAULT_PRESET, IMPACT_LEVELS, PRESETS
from ..core.timeutil import type_name
from .intake_options import OPTION_HELP as INTAKE_HELP, Intake, check_intake
from .audience_language_options import check_list_languages
from .mailing_list_options import OPTION_HELP as MAILING_LIST_HELP, MailingList, check_list_audiences, read_mailing_list
from .notification_options import OPTION_HELP as NOTIFICATIONS_HELP, Notifications, read_notifications
from .language_options import LANGUAGES_HELP, custom_languages, read_language, read_languages
from .component_translations import ComponentText, group_problems, language_problems, read_translations
from .reminder_options import ReminderOptions, read_reminders
from .security_options import DEFAULT_NOTICE_WITHIN, read_notice_within
from .security_options import HELP as SECURITY_NOTICE_HELP
from .reliability_options import (DEFAULT_UPTIME_WEIGHTS, ReliabilityPage, SlaTier, read_reliability_page,
                                  read_sla_tiers, read_uptime_weights)
from .hosting_options import DEFAULT_HOST, HELP as HOSTING_HELP, read_hosting
from .yamlsource import Located, YamlError, load_located
from .option_checker import PLUGIN_NAME, OptionChecker, option_name

OVERRIDE_FOLDER = "statusgen"  # inside theme.custom_dir: the project's own templates
SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


@dataclass(frozen=True)
class Component:
    id: str
    name: str
    group: str | None = None
    description: str = ""
    only_show_if_degraded: bool = False
    position: int = 0
    # The day uptime is measured from (in the site's time zone): before it the page and the reports say
    # "no data", never 100 %. None: as far back as any figure looks (the site-wide measured_since, if set).
    measured_since: date | None = None
    # Its words in other languages (read.component_translations), for a language's pages and e-mail.
    translations: tuple[ComponentText, ...] = ()


@dataclass(frozen=True)
class Severity:
    id: str
    name: str
    definition: str = ""
    response_time: timedelta | None = None
    update_every: timedelta | None = None
    channels: tuple[str, ...] = ()
    impact: str = "none"
    postmortem_within: timedelta | None = None
    rank: int = 0  # 0 is the most severe
    # Targets `statusgen report` measures against (None: no target): from `started` to `detected`,
    # from `detected` to `acknowledged`, from `started` to the resolving update. response_time counts
    # from `detected` (else the declaration, the first update), never from `started`.
    detect_within: timedelta | None = None
    acknowledge_within: timedelta | None = None
    resolve_within: timedelta | None = None
    # The least time a fix is watched (status monitoring) before the incident is resolved; None: not asked.
    monitor_for: timedelta | None = None


@dataclass(frozen=True)
class Config:
    site_name: str
    site_url: str
    base_dir: Path
    incidents_dir: Path
    components: tuple[Component, ...]
    severities: tuple[Severity, ...]
    time_zone: str = "UTC"
    maintenance_channels: tuple[str, ...] = tuple(DEFAULT_MAINTENANCE_CHANNELS)
    history_per_page: int = 20
    feed_entries: int = 50
    uptime_days: int = 90
    uptime_weights: dict = field(default_factory=lambda: dict(DEFAULT_UPTIME_WEIGHTS))
    contact: str = ""
    # After this long without a new build, the page says it may be out of date (three 10-minute rebuilds).
    stale_after: timedelta = timedelta(minutes=30)
    sla_tiers: tuple[SlaTier, ...] = ()
    reliability_page: ReliabilityPage = ReliabilityPage()
    # <theme.custom_dir>/statusgen: where a project's own templates replace the shipped ones.
    overrides_dir: Path | None = None
    # theme.language, as Material spells it (language_options.py): the language readers read.
    language: str = "en"
    # The languages the project gives Material in <custom_dir>/partials/languages: valid for translations too.
    custom_languages: frozenset[str] = frozenset()
    # The languages built beside the site's own, each in /<code>/ (plugins.statusgen.languages); () for one.
    languages: tuple[str, ...] = ()
    # Policy warnings (communication targets) only for incidents that began on or after this day: a
    # history imported from elsewhere was not written to these targets, so --strict stays usable.
    policy_since: date | None = None
    # What `statusgen ingest` makes of an alert (generator.read.intake_options).
    intake: Intake = Intake()
    # When `statusgen remind` tells the team an update or a report is due (reminder_options.py).
    reminders: ReminderOptions = ReminderOptions()
    # How long after discovery a security incident's first notice must be out (security_options.py); None: off.
    security_notice_within: timedelta | None = DEFAULT_NOTICE_WITHIN
    # The mailing-list provider e-mail to subscribers goes through (mailing_list_options.py); None: none.
    mailing_list: MailingList | None = None
    # Which kinds of message go on which channel, to which audiences (notification_options.py).
    notifications: Notifications = Notifications()
    # The host that serves the site: which header files the build writes for it (hosting_options.py).
    hosting: str = DEFAULT_HOST

    @property
    def component_map(self) -> dict[str, Component]:
        return {c.id: c for c in self.components}

    def component_name(self, component_id: str) -> str:
        """The name readers see; an id no longer configured (an old incident's) shows as itself."""
        for component in self.components:
            if component.id == component_id:
                return component.name
        return component_id

    @property
    def severity_map(self) -> dict[str, Severity]:
        return {s.id: s for s in self.severities}

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def day_start(self, day: date) -> datetime:
        """The first moment of a day in the site's time zone."""
        return datetime.combine(day, time(0), self.zone)

    def measured_from(self, component_id: str) -> datetime | None:
        """When the component's uptime is measured from; None: always."""
        component = self.component_map.get(component_id)
        since = component.measured_since if component else None
        return None if since is None else self.day_start(since)


OPTIONS = {
    "incidents_dir": "folder of incident files, relative to mkdocs.yml (default: incidents)",
    "components": "list of components: id, name, group, description, only_show_if_degraded, measured_since, "
                  "translations (name, group and description per language)",
    "severities": 'severity scheme: "p1-p4" (default), "p0-p3", or a list of levels',
    "time_zone": "IANA time zone of the times, days and months readers see without JavaScript (default: UTC)",
    "maintenance_channels": "where maintenance is announced (default: status_page, in_app, chat, webhook)",
    "history_per_page": "incidents per history page (default: 20)",
    "feed_entries": "entries per feed and in incidents.json (default: 50)",
    "uptime_days": "days shown in the uptime bars (default: 90)",
    "uptime_weights": "share of each impact counted as downtime",
    "contact": "where readers can report a problem (URL or e-mail address)",
    "stale_after": "how old a build may get before the page warns that it may be out of date (default: 30m)",
    "sla_tiers": "customer tiers and their monthly uptime targets: name, uptime, components (default: Enterprise "
                 "99.9, Professional 99.5, Starter 99)",
    "reliability_page": "publish /reliability/ (monthly uptime against the SLA tiers, incidents per severity): "
                        "true, or {months: N} (default: off)",
    "measured_since": "the day uptime is measured from, YYYY-MM-DD, for every component that does not give its "
                      "own (default: always); before it the page and reports say no data",
    "policy_since": "policy warnings only for incidents that began on or after this day, YYYY-MM-DD "
                    "(default: every incident), e.g. the day a history imported from elsewhere ends",
    "intake": INTAKE_HELP,
    "reminders": "team chat reminders (statusgen remind): {lead: 5m, report_lead: 24h}, or false to turn them off",
    "security_notice_within": SECURITY_NOTICE_HELP,
    "mailing_list": MAILING_LIST_HELP,
    "notifications": NOTIFICATIONS_HELP,
    "hosting": HOSTING_HELP,
    "languages": LANGUAGES_HELP,
}
COMPONENT_KEYS = ("id", "name", "group", "description", "only_show_if_degraded", "measured_since", "translations")
SEVERITY_KEYS = ("id", "name", "definition", "response_time", "update_every", "channels", "impact",
                 "postmortem_within", "detect_within", "acknowledge_within", "resolve_within", "monitor_for")



def validate_options(options: dict, *, site_name: str, site_url: str, base_dir: Path,
                     path: str = "mkdocs.yml", located: Located | None = None,
                     root: tuple = ()) -> tuple[Config | None, list[Diagnostic]]:
    """Check the plugin's options; return a Config (or None) and every problem."""
    check = OptionChecker(path, located or Located(options), root)
    if options is None:
        options = {}
    if not isinstance(options, dict):
        check.error((), f"expected a mapping of options, got {type_name(options)}")
        return None, check.problems
    check.mapping_keys(options, (), tuple(OPTIONS))

    incidents_dir = check.text(options.get("incidents_dir"), ("incidents_dir",), default="incidents") or "incidents"
    time_zone = check.text(options.get("time_zone"), ("time_zone",), default="UTC") or "UTC"
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder name such as "America"
        check.error(("time_zone",), f'"{time_zone}" is not an IANA time zone (examples: UTC, Europe/Berlin, '
                                    "America/New_York)")
        time_zone = "UTC"

    components = _components(options.get("components"), check,
                             default_since=check.day(options.get("measured_since"), ("measured_since",)))
    severities = _severities(options.get("severities", DEFAULT_PRESET), check)
    maintenance_channels = options.get("maintenance_channels")
    maintenance_channels = (check.channels(maintenance_channels, ("maintenance_channels",))
                            if maintenance_channels is not None else tuple(DEFAULT_MAINTENANCE_CHANNELS))
    weights = read_uptime_weights(options.get("uptime_weights"), check)

    config = Config(
        site_name=site_name,
        site_url=site_url,
        base_dir=base_dir,
        incidents_dir=(base_dir / incidents_dir),
        components=components,
        severities=severities,
        time_zone=time_zone,
        maintenance_channels=maintenance_channels,
        history_per_page=check.integer(options.get("history_per_page"), ("history_per_page",), 20, 1, 500),
        feed_entries=check.integer(options.get("feed_entries"), ("feed_entries",), 50, 1, 1000),
        uptime_days=check.integer(options.get("uptime_days"), ("uptime_days",), 90, 1, 366),
        uptime_weights=weights,
        contact=_contact(check.text(options.get("contact"), ("contact",)), check),
        stale_after=_stale_after(options.get("stale_after"), check),
        sla_tiers=read_sla_tiers(options.get("sla_tiers"), components, check),
        reliability_page=read_reliability_page(options.get("reliability_page"), check),
        policy_since=check.day(options.get("policy_since"), ("policy_since",)),
        intake=check_intake(options.get("intake"), check, components, severities),
        reminders=read_reminders(options.get("reminders"), check),
        security_notice_within=read_notice_within(options.get("security_notice_within"), check),
        mailing_list=read_mailing_list(options.get("mailing_list"), check, components),
        notifications=read_notifications(options.get("notifications"), check, tuple(s.id for s in severities),
                                         options.get("severities", DEFAULT_PRESET)),
        hosting=read_hosting(options.get("hosting"), check),
    )
    check_list_audiences(config.mailing_list, tuple(a.name for a in config.notifications.audiences), check)
    check_list_languages(config.mailing_list, config.notifications.audiences, config.language, check)
    return (None if check.problems else config), check.problems


def _stale_after(value, check: OptionChecker) -> timedelta:
    if value is None:
        return timedelta(minutes=30)
    found = check.duration(value, ("stale_after",))
    if found is not None and found < timedelta(minutes=5):
        check.error(("stale_after",), "must be at least 5m: hosts cache pages for minutes, and a shorter "
                                      "threshold would call every page out of date")
        return timedelta(minutes=30)
    return found or timedelta(minutes=30)


def contact_link(value: str) -> str | None:
    """The link readers follow for `contact`: an http(s) URL or a mailto: address ("" for none, None if invalid)."""
    if not value:
        return ""
    if "@" in value and ":" not in value:
        value = "mailto:" + value
    if not re.match(r"^(https?://[^\s]+|mailto:[^\s@]+@[^\s@]+)$", value):
        return None
    return value


def _contact(value: str, check: OptionChecker) -> str:
    link = contact_link(value)
    if link is None:
        check.error(("contact",), f'"{value}" is not a link readers can follow; use https://… or an e-mail address')
        return ""
    return link


def group_id(name: str) -> str:
    """The stable id of a component group in the JSON API (Statuspage lists groups as components)."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return f"group-{slug or 'unnamed'}"


def _components(value, check: OptionChecker, default_since: date | None = None) -> tuple[Component, ...]:
    if value is None:
        check.error(("components",), "is required: list the components readers see, each with an id and a name")
        return ()
    if not isinstance(value, list) or not value:
        check.error(("components",), f"expected a non-empty list of components, got {type_name(value)}")
        return ()
    out, seen = [], set()
    for index, item in enumerate(value):
        keys = ("components", index)
        if not isinstance(item, dict):
            check.error(keys, f"expected a mapping with id and name, got {type_name(item)}")
            continue
        check.mapping_keys(item, keys, COMPONENT_KEYS)
        cid = check.text(item.get("id"), keys + ("id",), required=True)
        if cid and not SLUG.match(cid):
            check.error(keys + ("id",), f'"{cid}" is not a valid id: use lowercase letters, digits, - and _')
        elif cid in seen:
            check.error(keys + ("id",), f'duplicate component id "{cid}"')
        seen.add(cid)
        group = check.text(item.get("group"), keys + ("group",)) or None
        out.append(Component(
            id=cid,
            name=check.text(item.get("name"), keys + ("name",), required=True),
            group=group,
            description=check.text(item.get("description"), keys + ("description",)),
            only_show_if_degraded=check.boolean(item.get("only_show_if_degraded"), keys + ("only_show_if_degraded",)),
            position=index + 1,
            measured_since=check.day(item.get("measured_since"), keys + ("measured_since",)) or default_since,
            translations=read_translations(item.get("translations"), keys + ("translations",), check, bool(group)),
        ))
    group_problems(out, check)
    # Groups become entries of the JSON API next to components: their ids must not clash.
    groups: dict[str, str] = {}
    for index, component in enumerate(out):
        if component.group:
            gid = group_id(component.group)
            if groups.setdefault(gid, component.group) != component.group:
                check.error(("components", index, "group"), f'"{component.group}" and "{groups[gid]}" would share '
                                                            f'the id "{gid}"; spell the group the same way')
    for index, component in enumerate(out):
        if component.id in groups:
            check.error(("components", index, "id"), f'"{component.id}" is also the id of the group '
                                                     f'"{groups[component.id]}"; choose another id')
    return tuple(out)


def _severities(value, check: OptionChecker) -> tuple[Severity, ...]:
    keys = ("severities",)
    if isinstance(value, str):
        if value not in PRESETS:
            check.error(keys, f'unknown scheme "{value}"' + did_you_mean(value, PRESETS)
                        + f"; use {' or '.join(PRESETS)}, or list the levels")
            return ()
        value = PRESETS[value]
    if not isinstance(value, list) or not value:
        check.error(keys, f'expected "p1-p4", "p0-p3" or a non-empty list of levels, got {type_name(value)}')
        return ()
    out, seen = [], set()
    for index, k, item in check.entries(value, keys, "id and name", SEVERITY_KEYS):
        sid = check.text(item.get("id"), k + ("id",), required=True)
        if sid in seen:
            check.error(k + ("id",), f'duplicate severity id "{sid}"')
        seen.add(sid)
        impact = item.get("impact", "none")
        if impact not in IMPACT_LEVELS:
            check.error(k + ("impact",), f'"{impact}" is not an impact level' + did_you_mean(impact, IMPACT_LEVELS)
                        + f"; allowed: {', '.join(IMPACT_LEVELS)}")
            impact = "none"
        out.append(Severity(
            id=sid,
            name=check.text(item.get("name"), k + ("name",), required=True),
            definition=check.text(item.get("definition"), k + ("definition",)),
            response_time=check.duration(item.get("response_time"), k + ("response_time",)),
            update_every=check.duration(item.get("update_every"), k + ("update_every",)),
            channels=check.channels(item.get("channels", ["status_page"]), k + ("channels",)),
            impact=impact,
            postmortem_within=check.duration(item.get("postmortem_within"), k + ("postmortem_within",)),
            rank=index,
            detect_within=check.duration(item.get("detect_within"), k + ("detect_within",)),
            acknowledge_within=check.duration(item.get("acknowledge_within"), k + ("acknowledge_within",)),
            resolve_within=check.duration(item.get("resolve_within"), k + ("resolve_within",)),
            monitor_for=check.duration(item.get("monitor_for"), k + ("monitor_for",)),
        ))
    return tuple(out)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Characters a URL never needs raw and that would end an HTML attribute or a feed's XML.
_URL_UNSAFE = re.compile(r"[\s\"'<>`\\{}|^\x00-\x1f\x7f-\x9f]")


def check_site_url(value) -> tuple[str, str | None]:
    """(the URL ending with /, or a placeholder; what is wrong with it, if anything)."""
    placeholder = "https://example.invalid/"
    if not value:
        return placeholder, "is required: the absolute address the site is served from, e.g. https://status.example.com/"
    if not isinstance(value, str):
        return placeholder, f"must be text, an absolute http(s) URL, not {type_name(value)}"
    if _URL_UNSAFE.search(value):
        return placeholder, f"{value!r} contains a character a URL cannot hold raw (space, quote, <, >, ...); " \
                            "percent-encode it"
    try:
        parts = urlsplit(value)
        parts.port  # raises on a bad port
    except ValueError as exc:
        return placeholder, f"{value!r} is not a valid URL ({exc})"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return placeholder, f"{value!r} must be an absolute http(s) URL, e.g. https://status.example.com/"
    if parts.query or parts.fragment or parts.username or parts.password:
        return placeholder, f"{value!r} must not carry a user, ?query or #fragment"
    return (value if value.endswith("/") else value + "/"), None


def load_config(config_file: str | Path = "mkdocs.yml") -> Config:
    """Read mkdocs.yml and the statusgen plugin's options; raise UserError on any problem."""
    path = Path(config_file)
    shown = str(config_file)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError([Diagnostic(shown, None, "no such file; run statusgen in the folder that holds "
                                                 "mkdocs.yml, or pass --config-file")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError([Diagnostic(shown, None, f"cannot be read: {exc}")]) from None
    try:
        located = load_located(text, tolerate_tags=True)
    except YamlError as exc:
        raise UserError([Diagnostic(shown, exc.line, exc.message)]) from None
    data = located.value if isinstance(located.value, dict) else {}
    problems = []
    options, root = None, None
    plugins = data.get("plugins") or []
    if isinstance(plugins, dict):  # MkDocs also accepts a mapping of plugins
        if PLUGIN_NAME in plugins:
            options, root = plugins[PLUGIN_NAME] or {}, ("plugins", PLUGIN_NAME)
    elif isinstance(plugins, list):
        for index, entry in enumerate(plugins):
            if entry == PLUGIN_NAME:
                options, root = {}, ("plugins", index)
            elif isinstance(entry, dict) and PLUGIN_NAME in entry:
                options, root = entry[PLUGIN_NAME] or {}, ("plugins", index, PLUGIN_NAME)
    if root is None:
        raise UserError([Diagnostic(shown, located.line("plugins"), f"the {PLUGIN_NAME} plugin is not enabled; add "
                                                                     f"it under plugins:")])
    site_name = data.get("site_name")
    if not isinstance(site_name, str) or not site_name.strip():
        problems.append(Diagnostic(shown, located.line("site_name"), "site_name: is required (the page's name)"))
        site_name = ""
    elif _CONTROL.search(site_name):
        problems.append(Diagnostic(shown, located.line("site_name"), "site_name: must be one line of text without "
                                                                       "control characters"))
    site_url, url_problem = check_site_url(data.get("site_url"))
    if url_problem:
        problems.append(Diagnostic(shown, located.line("site_url"), f"site_url: {url_problem}; feeds, ids and the "
                                                                      "JSON API are built from it"))
    config, more = validate_options(options, site_name=site_name, site_url=site_url,
                                    base_dir=path.resolve().parent, path=shown, located=located, root=root)
    problems += more
    docs_dir = data.get("docs_dir") if isinstance(data.get("docs_dir"), str) else "docs"
    docs = (path.resolve().parent / docs_dir).resolve()
    if config is not None and (config.incidents_dir.resolve() == docs or docs in config.incidents_dir.resolve().parents):
        # MkDocs would publish the raw incident files as pages of their own, drafts and all.
        key = root + ("incidents_dir",)
        problems.append(Diagnostic(shown, located.line(*key), f"{option_name(('incidents_dir',))}: must not be "
                                                             f"inside docs_dir ({docs_dir}): MkDocs would publish "
                                                             "the raw files, drafts included; keep incidents beside it"))
    theme = data.get("theme")
    language, more = read_language(theme, path.resolve().parent, shown, located)
    problems += more
    given = custom_languages(theme, path.resolve().parent)
    languages, more = read_languages(options.get("languages") if isinstance(options, dict) else None, language,
                                     given, shown, located, root)
    problems += more
    if config is not None:
        problems += language_problems(config.components, language, given, shown, located, root)
    if problems:
        raise UserError(problems)
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    custom = custom.strip() if isinstance(custom, str) and custom.strip() else "overrides"
    return replace(config, overrides_dir=path.resolve().parent / custom / OVERRIDE_FOLDER, language=language,
                   custom_languages=given, languages=languages)
