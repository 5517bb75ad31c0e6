"""plugins.statusgen.notifications: which kinds of message go on which channel, and to whom.

    notifications:
      preset: p1-p4                 # p1-p4, p0-p3 or channels (default: the one matching `severities`)
      audiences:                    # "everyone" always exists
        - name: enterprise
          description: Enterprise accounts
          language: de              # optional: the language they read (read/audience_language_options.py)
      severities:
        P1:
          email:                    # per kind: false, true (= everyone) or a list of audiences
            update: false
            report: [enterprise]
          social: false             # or the whole channel at once
      maintenance:
        email: {maintenance_scheduled: true}

Kept apart from config.py, which names the option and calls `read_notifications` with its checker.
Every mistake is reported (with its line) in one run.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.diagnostics import did_you_mean
from ..core.notifications import (
    EVERYONE,
    INCIDENT_KINDS,
    MAINTENANCE_KINDS,
    MAINTENANCE_SCOPE,
    POLICY_CHANNELS,
    POLICY_PRESETS,
    default_preset,
)
from ..core.timeutil import type_name
from .audience_language_options import read_audience_language

NOTIFICATION_KEYS = ("preset", "audiences", "severities", "maintenance")
AUDIENCE_KEYS = ("name", "description", "language")
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
OPTION_HELP = ("who hears what: {preset: p1-p4 | p0-p3 | channels, audiences: [{name, description, language}], "
               "severities: {ID: {CHANNEL: {KIND: false | true | [audience, ...]}}}, maintenance: {CHANNEL: ...}}")


@dataclass(frozen=True)
class Audience:
    name: str
    description: str = ""
    language: str = ""  # Material's code; "": the site's (read/audience_language_options.py)


@dataclass(frozen=True)
class Notifications:
    preset: str = "p1-p4"
    audiences: tuple[Audience, ...] = (Audience(EVERYONE, "everyone who follows the status page"),)
    # (scope, channel, kind) -> audiences, () for not sent; scope is a severity id or "maintenance"
    overrides: dict = field(default_factory=dict)

    def audience(self, name: str) -> Audience | None:
        return next((a for a in self.audiences if a.name == name), None)


def read_notifications(value, check, severity_ids: tuple[str, ...], severities_option=None) -> Notifications:
    """The policy options from mkdocs.yml's `notifications` value; every problem goes to `check`."""
    keys = ("notifications",)
    preset = default_preset(severities_option)
    if value is None:
        return Notifications(preset=preset, audiences=_audiences_of(preset, ()))
    if not isinstance(value, dict):
        check.error(keys, f"expected a mapping with {', '.join(NOTIFICATION_KEYS)}, got {type_name(value)}")
        return Notifications(preset=preset, audiences=_audiences_of(preset, ()))
    check.mapping_keys(value, keys, NOTIFICATION_KEYS)
    if value.get("preset") is not None:
        named = value["preset"]
        if not isinstance(named, str) or named not in POLICY_PRESETS:
            shown = f'"{named}"' if isinstance(named, str) else type_name(named)
            check.error(keys + ("preset",), f"unknown preset {shown}"
                        + (did_you_mean(named, POLICY_PRESETS) if isinstance(named, str) else "")
                        + f"; use {', '.join(POLICY_PRESETS)}")
        else:
            preset = named
            ruled = tuple(POLICY_PRESETS[named].rules)
            if ruled and severity_ids and not set(ruled) & set(severity_ids):
                # Its rules name levels this scheme does not have: they would silently do nothing.
                check.error(keys + ("preset",), f"{named} follows a procedure whose levels are "
                                                f"{', '.join(ruled)}, and none of them is among your severities "
                                                f"({', '.join(severity_ids)}); use the preset channels and write "
                                                "your own rules under notifications.severities")
    declared = _declared(value.get("audiences"), keys + ("audiences",), check)
    audiences = _audiences_of(preset, declared)
    known = tuple(a.name for a in audiences)
    overrides: dict = {}
    severities = value.get("severities")
    if severities is not None:
        if not isinstance(severities, dict):
            check.error(keys + ("severities",), f"expected a mapping of severity id to channels, got "
                                                f"{type_name(severities)}")
        else:
            for sid, channels in severities.items():
                k = keys + ("severities", sid)
                if sid not in severity_ids:
                    check.error(k, f'unknown severity "{sid}"' + did_you_mean(str(sid), severity_ids)
                                + f"; configured: {', '.join(severity_ids) or 'none'}")
                    continue
                _scope(channels, k, str(sid), INCIDENT_KINDS, MAINTENANCE_KINDS, known, overrides, check)
    maintenance = value.get("maintenance")
    if maintenance is not None:
        _scope(maintenance, keys + ("maintenance",), MAINTENANCE_SCOPE, MAINTENANCE_KINDS, INCIDENT_KINDS, known,
               overrides, check)
    return Notifications(preset=preset, audiences=audiences, overrides=overrides)


def _audiences_of(preset: str, declared: tuple[Audience, ...]) -> tuple[Audience, ...]:
    """everyone, the preset's, then the declared ones; a declared one replaces a preset's description."""
    out = {EVERYONE: Audience(EVERYONE, "everyone who follows the status page")}
    for name, description in POLICY_PRESETS.get(preset, POLICY_PRESETS["channels"]).audiences:
        out[name] = Audience(name, description)
    for audience in declared:
        out[audience.name] = audience
    return tuple(out.values())


def _declared(value, keys: tuple, check) -> tuple[Audience, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        check.error(keys, f"expected a list of audiences, each with a name and a description, got {type_name(value)}")
        return ()
    out, seen = [], set()
    for index, k, item in check.entries(value, keys, "name and description", AUDIENCE_KEYS):
        name = check.text(item.get("name"), k + ("name",), required=True)
        if name and not _SLUG.match(name):
            check.error(k + ("name",), f'"{name}" is not a valid audience name: use lowercase letters, digits, - and _')
            continue
        if name in seen:
            check.error(k + ("name",), f'duplicate audience "{name}"')
            continue
        seen.add(name)
        if name:
            out.append(Audience(name, check.text(item.get("description"), k + ("description",)),
                                read_audience_language(item.get("language"), k + ("language",), check, name)))
    return tuple(out)


def _scope(value, keys: tuple, scope: str, kinds: tuple, elsewhere: tuple, known: tuple, overrides: dict,
           check) -> None:
    """One severity's (or maintenance's) channels: each false, true, a list of audiences or a mapping of kinds."""
    if value is None:
        return
    if not isinstance(value, dict):
        check.error(keys, f"expected a mapping of channel ({', '.join(POLICY_CHANNELS)}) to kinds, got "
                          f"{type_name(value)}")
        return
    for channel, setting in value.items():
        k = keys + (channel,)
        if channel not in POLICY_CHANNELS:
            extra = ("; status_page and in_app show every published update: list them in the severity's channels "
                     "instead" if channel in ("status_page", "in_app") else "")
            check.error(k, f'unknown channel "{channel}"' + did_you_mean(str(channel), POLICY_CHANNELS)
                        + f"; allowed: {', '.join(POLICY_CHANNELS)}{extra}")
            continue
        if isinstance(setting, dict):
            for kind, wanted in setting.items():
                kk = k + (kind,)
                if kind not in kinds:
                    where = ("notifications.maintenance" if scope != MAINTENANCE_SCOPE
                             else "notifications.severities.<ID>")
                    hint = f"; {kind} goes under {where}" if kind in elsewhere else did_you_mean(str(kind), kinds)
                    check.error(kk, f'unknown kind of message "{kind}"{hint}; allowed here: {", ".join(kinds)}')
                    continue
                found = _audiences(wanted, kk, known, check)
                if found is not None:
                    overrides[(scope, channel, kind)] = found
            continue
        found = _audiences(setting, k, known, check, per_kind=True)
        if found is not None:
            for kind in kinds:
                overrides[(scope, channel, kind)] = found


def _audiences(value, keys: tuple, known: tuple, check, per_kind: bool = False) -> tuple[str, ...] | None:
    """false -> (), true -> everyone, a list -> those audiences; None after an error."""
    if value is False:
        return ()
    if value is True:
        return (EVERYONE,)
    if not isinstance(value, list):
        shape = "false, true, a list of audiences" + (" or a mapping of kinds of message" if per_kind else "")
        check.error(keys, f"expected {shape}, got {type_name(value)}")
        return None
    out, ok = [], True
    for index, name in enumerate(value):
        if name not in known:
            check.error(keys + (index,), f'unknown audience "{name}"' + did_you_mean(str(name), known)
                        + f"; declared: {', '.join(known)} (declare more under notifications.audiences)")
            ok = False
        elif name not in out:
            out.append(name)
    return tuple(out) if ok else None
