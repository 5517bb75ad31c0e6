"""Where notifications go: targets from environment variables (fed by secrets in CI), so no URL is
ever committed. Which channels hear about an incident is comms.routing's to say."""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from ..comms.routing import CHAT, EMAIL, WEBHOOK  # noqa: F401 - the channel names, re-exported
from ..core.notifications import EVERYONE


@dataclass(frozen=True)
class Target:
    channel: str  # CHAT, WEBHOOK or EMAIL
    variable: str  # the environment variable it came from
    url: str
    sender: str = ""  # EMAIL: STATUSGEN_EMAIL_FROM
    recipient: str = ""  # EMAIL: STATUSGEN_EMAIL_TO (one address, e.g. a mailing list)
    # The audiences it reaches (comms.policy): one URL or address is everyone's; a mailing-list provider's
    # targets reach the audiences it maps to lists.
    audiences: tuple[str, ...] = (EVERYONE,)


VARIABLES = {WEBHOOK: "STATUSGEN_WEBHOOK_URL", CHAT: "STATUSGEN_SLACK_WEBHOOK_URL", EMAIL: "STATUSGEN_SMTP_URL"}
EMAIL_FROM, EMAIL_TO = "STATUSGEN_EMAIL_FROM", "STATUSGEN_EMAIL_TO"


def configured_targets(environ: Mapping[str, str] | None = None) -> list[Target]:
    """Targets whose variable is set and not blank (an unset secret arrives as '')."""
    environ = os.environ if environ is None else environ
    out = []
    for channel, variable in VARIABLES.items():
        url = (environ.get(variable) or "").strip()
        if url:
            extra = {}
            if channel == EMAIL:
                extra = {"sender": (environ.get(EMAIL_FROM) or "").strip(),
                         "recipient": (environ.get(EMAIL_TO) or "").strip()}
            out.append(Target(channel=channel, variable=variable, url=url, **extra))
    return out
