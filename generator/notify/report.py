"""What a notify run did, as lines for the log and Markdown for the job summary (pure text)."""
from __future__ import annotations

import shlex

from ..read.config import Config
from ..core.diagnostics import Diagnostic
from ..changes.detect import Change
from .deliver import TEMPLATE
from .run import ALREADY, HELD, Delivery
from ..comms.payloads import event_name
from ..core.text import code, md, one_line
from .send import FAILING, OUT_OF_TIME, REFUSED, TIMEOUT, UNKNOWN, UNREACHABLE, Policy, Result, redact, seconds
from ..comms.routing import EMAIL, routing_note
from .targets import BLUESKY_HANDLE, BLUESKY_SERVICE, EVERYONE, LIST, MASTODON, MASTODON_URL, VARIABLES, Target


def _to(audience: str) -> str:
    return "" if audience == EVERYONE else f" [{audience}]"


def delivery_line(change: Change, target: Target, sent: Result, audience: str = EVERYONE) -> str:
    verdict = {ALREADY: "already ", HELD: "held    ", UNKNOWN: "UNKNOWN "}.get(sent.kind) or (
        "sent    " if sent.ok else "FAILED  ")
    tries = f"{sent.attempts} attempt{'s' if sent.attempts != 1 else ''}"
    return one_line(f"  {verdict}  {change.id} ({event_name(change)}) -> {target.channel}{_to(audience)} "
                    f"{redact(target.url)}: {sent.detail}, {tries}")


def github_annotation(change: Change, target: Target, sent: Result) -> str:
    """A workflow command, so a failure shows on the run's summary page, not only in the log."""
    return Diagnostic(target.variable, None, one_line(f"{change.id} ({event_name(change)}) not delivered: "
                                                      f"{sent.detail}")).format_github()


def advice(failed: list[Delivery], policy: Policy, max_time: float) -> list[str]:
    """What to do, once per target and kind of failure, naming the target by its redacted URL."""
    lines = []
    for d in failed:
        variable = d.target.variable
        mid = d.message_id or "MESSAGE_ID"
        resend = (f"if it is not there, and no other notify run is still running, `statusgen notify --resend "
                  f"{shlex.quote(mid)}` sends it again deliberately (it is never sent again automatically)")
        text = {
            TIMEOUT: f"did not answer within {seconds(policy.timeout)} s; check that the receiver is up and answers "
                     "promptly (or raise --timeout)",
            UNREACHABLE: f"could not be reached; check the host name in {variable} and that the receiver is up",
            REFUSED: f"refused the notification; check that {variable} is the webhook's current URL (revoked or "
                     "mistyped URLs answer 403 or 404)",
            FAILING: "is failing (server errors or rate limits); the next run sends it again",
            OUT_OF_TIME: f"was not tried in time: the run's --max-time of {seconds(max_time)} s ran out; fix the "
                         "slow receiver, or raise --max-time",
            TEMPLATE: "got no message because the chat template failed; fix the template named above",
            UNKNOWN: f"may have received {mid}: it was sent, then no answer came; check the receiver's log for it, "
                     f"and {resend}",
        }.get(d.result.kind)
        if d.target.channel == EMAIL:
            text = {
                REFUSED: "refused the e-mail; check the login, STATUSGEN_EMAIL_FROM (the server may only let you send "
                         "as certain addresses) and STATUSGEN_EMAIL_TO",
                UNREACHABLE: f"could not be reached over SMTP; check the host, port and TLS mode in {variable} "
                             "(smtps:// for port 465, smtp://...?starttls for 587)",
                TEMPLATE: "got no e-mail because a comms/email template failed; fix the template named above",
                UNKNOWN: f"may have accepted the e-mail {mid}: it was sent, then no reply came; check the mail "
                         f"server's log for that Message-ID, and {resend}",
            }.get(d.result.kind, text)
        if d.target.posts:
            text = _social_advice(d, resend).get(d.result.kind, text)
        elif d.target.channel == LIST:
            text = _list_advice(variable, mid, resend).get(d.result.kind, text)
        line = f"{redact(d.target.url)} ({variable}) {text}"
        if text and line not in lines:
            lines.append(line)
    return lines


def _list_advice(variable: str, mid: str, resend: str) -> dict[str, str]:
    return {
        REFUSED: f"refused the campaign: check {variable} (and the API user's permissions), the list or tag "
                 "ids under mailing_list.audiences in mkdocs.yml, or what the detail above says",
        UNREACHABLE: "could not be reached; check mailing_list.url in mkdocs.yml and that the provider is up",
        UNKNOWN: f"may have started {mid}, and could not be asked afterwards; look for a campaign named "
                 f"'statusgen {mid}' in the provider, and {resend}",
    }


def _social_advice(d: Delivery, resend: str) -> dict[str, str]:
    where = MASTODON_URL if d.target.channel == MASTODON else BLUESKY_SERVICE
    account = "the instance" if d.target.channel == MASTODON else "the account's server"
    token = ("the access token (revoked, or without the write:statuses scope, it answers 401 or 403)"
             if d.target.channel == MASTODON else f"the app password and {BLUESKY_HANDLE}")
    return {
        REFUSED: f"refused the post (its words are above); check {token}; a text it refuses is the template's "
                 "to fix",
        UNREACHABLE: f"could not be reached; check {account}'s address in {where}",
        TEMPLATE: "got no post because a comms/social template failed; fix the template named above",
        UNKNOWN: f"may have published {d.message_id}: it was sent, then no answer came; look for it on the "
                 f"account, settle it with --confirm-sent if it is there, and {resend}",
    }


def summary_markdown(config: Config, deliveries: list[Delivery], unrouted: list[tuple[Change, str]], label: str,
                     targets: list[Target], audit_log: str = "") -> str:
    lines = ["### Notifications", "", f"Compared with `{code(label)}`."
             + (f" Every message is recorded in `{code(audit_log)}`." if audit_log else ""), ""]
    if not targets:
        lines.append(f"No targets configured ({', '.join(f'`{v}`' for value in VARIABLES.values() for v in value.split(' or '))}); nothing was sent.")
    if not deliveries and not unrouted:
        lines.append("Nothing to announce.")
    for d in deliveries:
        if d.result is None:
            outcome = "would be sent (dry run)"
        else:
            outcome = ("sent" if d.result.ok else "**failed**") + f": {md(d.result.detail)}, {d.result.attempts} attempt(s)"
        if d.result is not None and d.result.kind == ALREADY:
            outcome = "not sent again: the record says it was sent"
        elif d.result is not None and d.result.kind == HELD:
            outcome = f"**held**: {md(d.result.detail)}"
        lines.append(f"- `{d.change.id}` ({event_name(d.change)}) → {d.target.channel}{md(_to(d.audience))}: "
                     f"{outcome}")
    for change, why in unrouted:
        lines.append(f"- `{change.id}` ({event_name(change)}): not sent; "
                     f"{md(why or routing_note(change.incident, config))}")
    return "\n".join(lines) + "\n"
