"""Where notifications go: targets from environment variables (fed by secrets in CI), so no URL is
ever committed. Which channels hear about an incident is comms.routing's to say."""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from ..comms.routing import CHAT, EMAIL, SOCIAL, WEBHOOK  # noqa: F401 - the channel names, re-exported
from ..core.notifications import EVERYONE

# Some targets serve a policy channel under a name of their own, which is their channel in the record: the
# `social` channel is served by one target per platform (a post to Mastodon and one to Bluesky are two
# messages, each sent once); `email` by the SMTP target and by a mailing-list provider (generator/notify/lists/).
MASTODON, BLUESKY, LIST = "mastodon", "bluesky", "mailing-list"
SERVES = {MASTODON: SOCIAL, BLUESKY: SOCIAL, LIST: EMAIL}


@dataclass(frozen=True)
class Target:
    channel: str  # CHAT, WEBHOOK, EMAIL, LIST, MASTODON or BLUESKY
    variable: str  # the environment variable it came from (the secret's)
    url: str  # MASTODON: the instance; BLUESKY: the account's service (its PDS, or the bsky.social entryway)
    sender: str = ""  # EMAIL: STATUSGEN_EMAIL_FROM; BLUESKY: the handle
    recipient: str = ""  # EMAIL: STATUSGEN_EMAIL_TO (one address, e.g. a mailing list)
    secret: str = ""  # MASTODON: the access token; BLUESKY: the app password
    visibility: str = ""  # MASTODON: public, unlisted, private
    # The audiences it reaches (comms.policy): one URL or address is everyone's; a mailing-list provider's
    # targets reach the audiences it maps to lists. A social account's followers are everyone.
    audiences: tuple[str, ...] = (EVERYONE,)

    @property
    def serves(self) -> str:
        """The policy's channel this target serves: "social" for Mastodon and Bluesky, "email" for a
        mailing-list provider as for SMTP, its own channel for the others."""
        return SERVES.get(self.channel, self.channel)

    @property
    def posts(self) -> bool:
        """A social account's target (Mastodon or Bluesky): it posts the `statusgen comms` social draft."""
        return self.serves == SOCIAL


MASTODON_TOKEN, MASTODON_URL, MASTODON_VISIBILITY = ("STATUSGEN_MASTODON_TOKEN", "STATUSGEN_MASTODON_URL",
                                                     "STATUSGEN_MASTODON_VISIBILITY")
BLUESKY_PASSWORD, BLUESKY_HANDLE, BLUESKY_SERVICE = ("STATUSGEN_BLUESKY_APP_PASSWORD", "STATUSGEN_BLUESKY_HANDLE",
                                                     "STATUSGEN_BLUESKY_SERVICE")
BLUESKY_DEFAULT_SERVICE = "https://bsky.social"
VISIBILITIES = ("public", "unlisted", "private")
VARIABLES = {WEBHOOK: "STATUSGEN_WEBHOOK_URL", CHAT: "STATUSGEN_SLACK_WEBHOOK_URL", EMAIL: "STATUSGEN_SMTP_URL",
             SOCIAL: f"{MASTODON_TOKEN} or {BLUESKY_PASSWORD}"}
PLATFORM_VARIABLES = {MASTODON: MASTODON_TOKEN, BLUESKY: BLUESKY_PASSWORD}
EMAIL_FROM, EMAIL_TO = "STATUSGEN_EMAIL_FROM", "STATUSGEN_EMAIL_TO"


def configured_targets(environ: Mapping[str, str] | None = None) -> list[Target]:
    """Targets whose variable is set and not blank (an unset secret arrives as '')."""
    environ = os.environ if environ is None else environ
    out = []
    for channel, variable in VARIABLES.items():
        if channel == SOCIAL:
            continue
        url = (environ.get(variable) or "").strip()
        if url:
            extra = {}
            if channel == EMAIL:
                extra = {"sender": (environ.get(EMAIL_FROM) or "").strip(),
                         "recipient": (environ.get(EMAIL_TO) or "").strip()}
            out.append(Target(channel=channel, variable=variable, url=url, **extra))
    return out + social_targets(environ)


def _get(environ: Mapping[str, str], name: str) -> str:
    return (environ.get(name) or "").strip()


def social_targets(environ: Mapping[str, str]) -> list[Target]:
    """A Mastodon target when its token is set, a Bluesky one when its app password is (checked by
    `social_problems` before anything is sent)."""
    out = []
    if _get(environ, MASTODON_TOKEN):
        out.append(Target(MASTODON, MASTODON_TOKEN, _get(environ, MASTODON_URL).rstrip("/"),
                          secret=_get(environ, MASTODON_TOKEN),
                          visibility=_get(environ, MASTODON_VISIBILITY) or "public"))
    if _get(environ, BLUESKY_PASSWORD):
        out.append(Target(BLUESKY, BLUESKY_PASSWORD,
                          (_get(environ, BLUESKY_SERVICE) or BLUESKY_DEFAULT_SERVICE).rstrip("/"),
                          sender=_get(environ, BLUESKY_HANDLE).removeprefix("@"),
                          secret=_get(environ, BLUESKY_PASSWORD)))
    return out


def social_problems(target: Target) -> list[tuple[str, str]]:
    """(variable, what is wrong and what to do) for a social target's settings; empty when it can be used."""
    from .send import check_url

    out = []
    if target.channel == MASTODON:
        if not target.url:
            out.append((MASTODON_URL, f"is not set, though {MASTODON_TOKEN} is; set it to the instance's address, "
                                      "e.g. https://mastodon.social"))
        elif check_url(target.url):
            out.append((MASTODON_URL, f"{check_url(target.url)}; set it to the instance's address, e.g. "
                                      "https://mastodon.social"))
        if target.visibility not in VISIBILITIES:
            out.append((MASTODON_VISIBILITY, f'"{target.visibility}" is not one of {", ".join(VISIBILITIES)}'))
    elif target.channel == BLUESKY:
        if not target.sender:
            out.append((BLUESKY_HANDLE, f"is not set, though {BLUESKY_PASSWORD} is; set it to the account's handle, "
                                        "e.g. status.example.com or example.bsky.social"))
        if check_url(target.url):
            out.append((BLUESKY_SERVICE, f"{check_url(target.url)}; leave it unset for {BLUESKY_DEFAULT_SERVICE}, "
                                         "or set it to the account's own PDS"))
    return out
