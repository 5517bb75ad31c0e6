"""Which drafts to write: one incident's update (statusgen comms ID), or every change merging announces."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..read.config import Config
from ..core.diagnostics import Diagnostic, UserError
from ..core.model import Status
from ..changes.detect import NEW, Change
from ..validate.project import load_project
from ..read.reader import shown_path
from ..model.state import SiteState, build_state
from .drafts import Composer, Drafts
from .kinds import CHAT, EMAIL, Moment, moment_of


@dataclass
class Found:
    drafts: list[Drafts]
    state: SiteState


def moment_for(change: Change) -> Moment:
    item = change.incident
    previous = change.previous_status
    return Moment(item, len(item.updates), first_notice=NEW in change.kinds,
                  previous_status=None if previous is None else Status(previous), report=not change.per_update,
                  followup=change.security_followup)


def not_drafted(change: Change, channel: str) -> str:
    """Why statusgen has no message for `change` on `channel` ("" when it has one): the notification policy
    may name a channel for a published report that no template writes for yet."""
    if not change.per_update and channel not in (CHAT, "webhook", EMAIL):
        return f"statusgen has no {channel} message for a published report yet (the e-mail, the chat and the " \
               "webhook announce it)"
    return ""


def drafts_for_change(composer: Composer, change: Change, state: SiteState, only: str | None = None,
                      languages: bool = False) -> Drafts:
    """The site's drafts of a change's message (and with `languages`, each other language's an audience reads)."""
    moment = moment_for(change)
    if not change.per_update:  # a post-incident report published: the report message, by e-mail and chat
        if only and only not in (CHAT, EMAIL):
            raise UserError([Diagnostic(change.id, None, f"no {only} message: a published post-incident report is "
                                                         "announced by e-mail, chat and webhook")])
        drafts = composer.report(moment, state, change, only)
    else:
        drafts = composer.compose(moment, state, only, change=change)
    return composer.in_languages(drafts, state, change, only) if languages else drafts


def drafts_for_incident(config: Config, incident_id: str, now: datetime, update: int | None = None,
                        only: str | None = None) -> Found:
    """The drafts of one incident's update (default: its current one), as of `now`."""
    from ..write.authoring import (
        find_file,  # its lookup names the id's file, or suggests a close one
    )

    path = find_file(config, incident_id)
    shown = shown_path(path, config.base_dir)
    project = load_project(config, now)
    errors = [d for d in project.errors if d.path == shown]
    if errors:
        raise UserError(errors)
    item = next((i for i in project.incidents if i.id == incident_id), None)
    if item is None:
        raise UserError([Diagnostic(shown, None, "is a draft (draft: true): nothing is drafted or sent for it until "
                                                 "it is published; remove the draft line first")])
    state = build_state(config, project.incidents, now)
    known = next((i for i in state.incidents if i.id == incident_id), None)
    if known is None:
        raise UserError([Diagnostic(shown, item.meta_lines.get("updates"),
                                    f"has no update posted by {now:%Y-%m-%d %H:%M UTC}; nothing to draft yet")])
    total = len(known.updates)
    if update is not None and not 1 <= update <= total:
        raise UserError([Diagnostic(shown, known.meta_lines.get("updates"),
                                    f"--update {update}: there is no such update; it has {total} "
                                    f"(1 is the first, {total} the current one)")])
    moment = moment_of(known, update)
    composer = Composer(config)
    return Found([composer.in_languages(composer.compose(moment, state, only), state, None, only)], state)
