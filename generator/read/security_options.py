"""plugins.statusgen.security_notice_within: how long after a breach is discovered its notice must be out.

    security_notice_within: 72h   # the default: GDPR's 72 hours, the playbooks' "affected users within 72 hours"
    security_notice_within: false # no deadline tracked

One deadline for the whole site, not per severity: it is the law's and the contracts' clock, and it runs the
same whether the breach is filed as P1 or P3. Kept apart from config.py, which only names the option and calls
`read_notice_within` with its checker.
"""
from __future__ import annotations

from datetime import timedelta

from ..core.timeutil import type_name

DEFAULT_NOTICE_WITHIN = timedelta(hours=72)
HELP = ("how long after a security incident is discovered (detected, else started) its first notice must be "
        "out (default: 72h), or false to track no deadline")


def read_notice_within(value, check) -> timedelta | None:
    """The deadline from mkdocs.yml's value (None: not tracked); every problem goes to `check` (config's)."""
    keys = ("security_notice_within",)
    if value is None or value is True:
        return DEFAULT_NOTICE_WITHIN
    if value is False:
        return None
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        check.error(keys, f"expected a duration such as 72h, or false, got {type_name(value)}")
        return DEFAULT_NOTICE_WITHIN
    found = check.duration(value, keys)
    if found is None:
        return DEFAULT_NOTICE_WITHIN
    if found <= timedelta(0):
        check.error(keys, "must be longer than 0; write false to track no deadline")
        return DEFAULT_NOTICE_WITHIN
    return found
