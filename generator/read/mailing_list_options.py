"""plugins.statusgen.mailing_list: the mailing-list provider that holds the subscribers, and which of its
lists (or tags) each audience is.

    mailing_list:
      provider: listmonk                   # or buttondown
      url: https://lists.example.com       # listmonk: your instance; buttondown: default https://api.buttondown.com/v1
      audiences:
        everyone: [1]                      # listmonk: list ids; buttondown: tag ids, or `all` (every subscriber)
        enterprise: [4]
        component:api: [7]                 # people who follow one component (a configured component id)

No address and no secret is ever written here: the addresses live with the provider, the credentials in
environment variables (STATUSGEN_LISTMONK_USER and STATUSGEN_LISTMONK_TOKEN, or STATUSGEN_BUTTONDOWN_API_KEY).

Kept apart from config.py, which only names the option and calls `read_mailing_list`; the checker it is
given is config.py's, passed in, so this module needs nothing from there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..core.diagnostics import did_you_mean
from ..core.timeutil import type_name

LISTMONK, BUTTONDOWN = "listmonk", "buttondown"
PROVIDERS = (LISTMONK, BUTTONDOWN)
KEYS = ("provider", "url", "audiences", "signup")
EVERYONE = "everyone"
COMPONENT_PREFIX = "component:"
ALL = "all"  # buttondown: the whole newsletter, no filter
DEFAULT_URLS = {BUTTONDOWN: "https://api.buttondown.com/v1"}
AUDIENCE_NAME = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
OPTION_HELP = ("e-mail to subscribers through a mailing-list provider: {provider: listmonk or buttondown, url, "
               "audiences: {everyone: [list ids], component:ID: [...]}}; secrets come from environment variables")


@dataclass(frozen=True)
class MailingList:
    provider: str
    url: str  # the API's base URL, without a trailing slash
    # audience name -> the provider's list ids (listmonk, ints) or tag ids (buttondown, str).
    audiences: dict = field(default_factory=dict)
    all_audiences: frozenset = frozenset()  # buttondown audiences that are every subscriber
    # audience name -> the provider's own sign-up page for it, linked from /subscribe/.
    signup: dict = field(default_factory=dict)

    def reaches(self, audience: str) -> bool:
        return audience in self.all_audiences or bool(self.audiences.get(audience))


def read_mailing_list(value, check, components) -> MailingList | None:
    """The options from mkdocs.yml's `mailing_list` value (None: not configured); problems go to `check`."""
    keys = ("mailing_list",)
    if value is None or value is False:
        return None
    if not isinstance(value, dict):
        check.error(keys, f"expected a mapping with {', '.join(KEYS)}, got {type_name(value)}")
        return None
    check.mapping_keys(value, keys, KEYS)
    provider = value.get("provider")
    if provider is None:
        check.error(keys + ("provider",), f"is required: {' or '.join(PROVIDERS)}")
        return None
    if provider not in PROVIDERS:
        check.error(keys + ("provider",), f"unknown provider {provider!r}" + did_you_mean(str(provider), PROVIDERS)
                    + f"; allowed: {', '.join(PROVIDERS)}")
        return None
    url = _url(value.get("url"), provider, keys + ("url",), check)
    component_ids = {c.id for c in components}
    audiences, everything = _audiences(value.get("audiences"), provider, component_ids, keys + ("audiences",), check)
    signup = _signup(value.get("signup"), component_ids, keys + ("signup",), check)
    return MailingList(provider=provider, url=url, audiences=audiences, all_audiences=frozenset(everything),
                       signup=signup)


def _url(value, provider: str, keys: tuple, check) -> str:
    if value is None:
        if provider in DEFAULT_URLS:
            return DEFAULT_URLS[provider]
        check.error(keys, f"is required for {provider}: the address of your instance, e.g. https://lists.example.com")
        return ""
    problem = url_problem(value)
    if problem:
        check.error(keys, problem)
        return ""
    parts = urlsplit(value)
    if parts.username or parts.password:
        check.error(keys, "must not hold a user name or password: give them in environment variables (see "
                          "docs/subscribers.md), never in mkdocs.yml")
        return ""
    if parts.scheme == "http" and parts.hostname not in LOOPBACK:
        check.error(keys, f"{value!r} would send the API token unencrypted; use https:// (plain http:// only to "
                          "this machine, e.g. http://127.0.0.1:9000)")
        return ""
    return value.rstrip("/")


LOOPBACK = ("localhost", "127.0.0.1", "::1")


def url_problem(value, query: bool = False) -> str | None:
    if not isinstance(value, str):
        return f"expected an https:// URL, got {type_name(value)}"
    try:
        parts = urlsplit(value)
        parts.port
    except ValueError as exc:
        return f"{value!r} is not a valid URL ({exc})"
    if parts.scheme not in ("http", "https") or not parts.hostname or not value.isascii() \
            or any(c.isspace() for c in value) or ((parts.query or parts.fragment) and not query):
        return f"{value!r} is not an http(s) URL" + ("" if query else " without query or fragment")
    return None


def _audience_name(name, component_ids: set, keys: tuple, check) -> bool:
    if not isinstance(name, str):
        check.error(keys, f"expected an audience name, got {type_name(name)}")
        return False
    if name.startswith(COMPONENT_PREFIX):
        cid = name[len(COMPONENT_PREFIX):]
        if cid not in component_ids:
            check.error(keys, f"{name!r} names no configured component" + did_you_mean(cid, sorted(component_ids))
                        + f"; components: {', '.join(sorted(component_ids))}")
            return False
        return True
    if not AUDIENCE_NAME.match(name):
        check.error(keys, f"{name!r} is not an audience name: use lowercase letters, digits, - and _ (e.g. "
                          f"everyone, enterprise), or component:ID")
        return False
    return True


def _audiences(value, provider: str, component_ids: set, keys: tuple, check) -> tuple[dict, set]:
    if value is None:
        check.error(keys, "is required: which of the provider's lists each audience is, e.g. {everyone: [1]}")
        return {}, set()
    if not isinstance(value, dict) or not value:
        check.error(keys, f"expected a mapping of audience -> lists, got {type_name(value)}")
        return {}, set()
    out, everything = {}, set()
    for name, ids in value.items():
        k = keys + (name,)
        if not _audience_name(name, component_ids, k, check):
            continue
        if provider == BUTTONDOWN and ids == ALL:
            everything.add(name)
            continue
        found = _ids(ids, provider, k, check)
        if found:
            out[name] = found
    return out, everything


def _ids(value, provider: str, keys: tuple, check) -> tuple:
    what = ("a list of list ids (whole numbers, as Listmonk shows them under Lists)" if provider == LISTMONK else
            "a list of tag ids (as Buttondown's API lists them), or `all` for every subscriber")
    if not isinstance(value, list) or not value:
        check.error(keys, f"expected {what}, got {type_name(value)}")
        return ()
    out, bad = [], False
    for index, item in enumerate(value):
        if provider == LISTMONK:
            ok = isinstance(item, int) and not isinstance(item, bool) and item > 0
        else:
            ok = isinstance(item, str) and bool(item.strip()) and item.isascii() and item == item.strip()
        if not ok:
            check.error(keys + (index,), f"expected {what}, got {item!r}")
            bad = True
        elif item not in out:
            out.append(item)
    return () if bad else tuple(out)


def _signup(value, component_ids: set, keys: tuple, check) -> dict:
    """audience -> the provider's own sign-up page (a link, never a script), shown on /subscribe/."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        check.error(keys, f"expected a mapping of audience -> the provider's sign-up page URL, got {type_name(value)}")
        return {}
    out = {}
    for name, url in value.items():
        k = keys + (name,)
        if not _audience_name(name, component_ids, k, check):
            continue
        problem = url_problem(url, query=True)
        if problem is None and not str(url).startswith("https://"):
            problem = f"{url!r} must be an https:// page: readers type their address into it"
        if problem:
            check.error(k, problem)
            continue
        out[name] = url
    return out


def check_list_audiences(mailing: MailingList | None, declared: tuple[str, ...], check) -> None:
    """Every audience given lists is one the notification policy knows (or a component's followers)."""
    if mailing is None:
        return
    for name in dict.fromkeys([*mailing.audiences, *mailing.all_audiences, *mailing.signup]):
        if not name.startswith(COMPONENT_PREFIX) and name not in declared:
            where = "signup" if name in mailing.signup and name not in mailing.audiences else "audiences"
            check.error(("mailing_list", where, name),
                        f"{name!r} is not an audience of the notification policy" + did_you_mean(name, declared)
                        + f"; declare it under plugins.statusgen.notifications.audiences (known: {', '.join(declared)})")
