"""The incident file format, declared once.

Every field an incident or maintenance file may hold: its name, what kind of
value it takes, for which type of file it is required or allowed, whether it
is ever published, and the help an author sees. The validator
(generator.validate.validate), the JSON Schema for editors (generator.validate.schema) and the
authoring commands (generator.write.authoring, generator.cli.authoring) all read
this table, so they cannot disagree about the format.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..core import timeutil
from ..core.model import ActionStatus, Impact, Kind, Status

BOTH = (Kind.INCIDENT, Kind.MAINTENANCE)
INCIDENT_ONLY = (Kind.INCIDENT,)
MAINTENANCE_ONLY = (Kind.MAINTENANCE,)

# What a value is; each names a check in the validator and a shape in the schema.
TEXT = "text"  # one line of non-empty text (a number is taken as its text)
MARKDOWN = "markdown"  # non-empty Markdown, untrusted
TIME = "time"  # an RFC 3339 time with Z or an offset
BOOL = "bool"
CHOICE = "choice"  # one of a fixed list, or of the configured severities
IMPACTS = "impacts"  # component id -> impact
IMPACT_CHANGES = "impact changes"  # component id -> impact or operational, from an update on
WINDOW = "window"  # {start, end}
SECURITY = "security"  # true, or {data, actions}: a security incident or data breach
SOURCE = "source"  # {system, id, url}: where an imported incident came from
UPDATES = "updates"  # a list of updates
DATE = "date"  # a calendar day, YYYY-MM-DD
ACTION_ITEMS = "action items"  # a list of post-incident action items
TRANSLATIONS = "translations"  # language -> {title, report, updates: {number or time: message}}
MESSAGE_TRANSLATIONS = "message translations"  # language -> an update's message in it (Markdown)
ANYTHING = "anything"

# A time as authors write it: a T or a space, seconds and fractions optional,
# Z or an offset required; RFC 3339 allows lowercase t and z.
TIME_PATTERN = timeutil.TIME_PATTERN


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    help: str
    required: tuple[Kind, ...] = ()  # the types of file that must give it
    allowed: tuple[Kind, ...] = BOTH  # the types of file that may give it
    public: bool = True  # False: never reaches any output
    choices: tuple[str, ...] = ()  # for CHOICE (severities come from the config)
    elsewhere: str = ""  # what to write instead, where it is not allowed


FIELDS = (
    Field("title", TEXT, "What readers see, e.g. \"Elevated errors on the API\".", required=BOTH),
    Field("type", CHOICE, "incident (the default) or maintenance.", choices=tuple(Kind)),
    Field("severity", CHOICE, "A configured severity level, e.g. P2.", required=INCIDENT_ONLY,
          allowed=INCIDENT_ONLY, elsewhere="applies to incidents only; remove it from this maintenance"),
    Field("components", IMPACTS, "Each affected component and its impact, e.g. {api: partial_outage}; {} for a "
                                 "notice, which affects no component (and no uptime).", required=BOTH),
    Field("started", TIME, "When impact began, if before the first update (default: the first update).",
          allowed=INCIDENT_ONLY, elsewhere="maintenance uses window.start instead; remove started"),
    Field("window", WINDOW, "The maintenance window: start and end.", required=MAINTENANCE_ONLY,
          allowed=MAINTENANCE_ONLY, elsewhere="applies to maintenance only; set type: maintenance or remove it"),
    Field("updates", UPDATES, "Updates, oldest first; the last one's status is the current status.",
          required=BOTH),
    Field("report_published", TIME, "When the post-incident report (the text below the front matter) is "
                                    "published; it is shown from then on, and without it the report is not "
                                    "public. statusgen postmortem --publish sets it."),
    Field("security", SECURITY, "A security incident or data breach: true, or {data: what information was "
                                "involved, actions: what readers should do}. Its messages follow the breach notice.",
          allowed=INCIDENT_ONLY, elsewhere="applies to incidents only; remove it from this maintenance"),
    Field("translations", TRANSLATIONS, "The title, report and update messages in other languages than the "
                                        "site's, by language code: {de: {title: ..., report: ..., updates: {1: ...}}}"
                                        "; an update is named by its number (1 is the first) or its time. "
                                        "docs/languages.md."),
    Field("draft", BOOL, "true keeps this file out of every output."),
    Field("source", SOURCE, "Where this file was imported from: {system: statuspage, id: its id there, url: its "
                            "address there}. An import finds its files again by it; an imported file is not "
                            "announced when it first appears."),
    # The team's own facts, for `statusgen report`: never published (generator.core.model.InternalFacts).
    Field("detected", TIME, "When the team first knew of the problem (an alert, a report). Never published.",
          allowed=INCIDENT_ONLY, public=False, elsewhere="applies to incidents only; remove it"),
    Field("acknowledged", TIME, "When someone took it on (the page was acknowledged). Never published.",
          allowed=INCIDENT_ONLY, public=False, elsewhere="applies to incidents only; remove it"),
    Field("action_items", ACTION_ITEMS, "Post-incident action items: action, owner, due, status. Never "
                                        "published; statusgen report tracks them.", public=False),
    Field("internal", ANYTHING, "Anything for the team only; never published.", public=False),
)

UPDATE_FIELDS = (
    Field("at", TIME, "When the update was posted.", required=BOTH),
    Field("status", CHOICE, "The status as of this update.", required=BOTH),
    Field("message", MARKDOWN, "What readers should know now (Markdown).", required=BOTH),
    Field("components", IMPACT_CHANGES, "Components whose impact changes from this update on, e.g. "
                                        "{api: degraded_performance}; operational ends it for one component."),
    Field("translations", MESSAGE_TRANSLATIONS, "The message in other languages than the site's, by language "
                                                "code, e.g. {de: Wir untersuchen das Problem.}"),
)

TRANSLATION_FIELDS = (
    Field("title", TEXT, "The title in this language."),
    Field("report", MARKDOWN, "The post-incident report in this language (Markdown); shown once the report is "
                              "published."),
    Field("updates", ANYTHING, "Update messages in this language, by the update's number (1 is the first) or "
                               "its time: {1: ..., 2026-03-04T09:12:00Z: ...}."),
)

WINDOW_FIELDS = (
    Field("start", TIME, "When the maintenance begins.", required=MAINTENANCE_ONLY),
    Field("end", TIME, "When it is planned to end; move it to extend an overrunning window.",
          required=MAINTENANCE_ONLY),
)

ACTION_ITEM_FIELDS = (
    Field("action", TEXT, "What will be done, e.g. \"Alert on certificate expiry 30 days ahead\".", required=BOTH),
    Field("owner", TEXT, "Who sees it through (a person or a team).", required=BOTH),
    Field("due", DATE, "The day it is due, e.g. 2026-12-01.", required=BOTH),
    Field("status", CHOICE, "open (the default), in_progress, done or cancelled.", choices=tuple(ActionStatus)),
)


SOURCE_FIELDS = (
    Field("system", TEXT, "The system it was imported from, e.g. statuspage.", required=BOTH),
    Field("id", TEXT, "Its id in that system.", required=BOTH),
    Field("url", TEXT, "Its address in that system (http or https)."),
)


SECURITY_FIELDS = (
    Field("data", MARKDOWN, "What information was involved (Markdown), e.g. \"e-mail addresses of some accounts\"."),
    Field("actions", MARKDOWN, "What readers should do (Markdown), e.g. a list: reset your password, ..."),
)


def names(fields: tuple[Field, ...]) -> tuple[str, ...]:
    return tuple(f.name for f in fields)


def field(name: str, fields: tuple[Field, ...] = FIELDS) -> Field:
    return next(f for f in fields if f.name == name)


def statuses(kind: Kind) -> tuple[Status, ...]:
    return Status.of(kind)


def impacts(kind: Kind) -> tuple[Impact, ...]:
    return Impact.of(kind)
