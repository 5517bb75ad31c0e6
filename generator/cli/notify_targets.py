"""`statusgen notify`'s targets, each checked before anything is sent: the ones the environment's secrets
set up (chat, webhook, SMTP, Mastodon, Bluesky) and the mailing-list provider mkdocs.yml names.

A setting that cannot work stops the run here, naming the variable and what to set it to, so no message
goes out to some channels while another is misconfigured.
"""
from __future__ import annotations

from ..core.diagnostics import Diagnostic
from .options import fail


def checked_targets(config, dry_run: bool) -> list:
    """Every configured target (notify.targets.Target), in the order messages go out: webhook, chat, e-mail,
    social accounts, then the mailing-list provider."""
    from ..notify.targets import EMAIL, configured_targets, social_problems

    targets = configured_targets()
    social = [Diagnostic(variable, None, problem) for t in targets if t.posts
              for variable, problem in social_problems(t)]
    if social:
        fail(social, hint="nothing was sent")
    for target in targets:
        if target.channel == EMAIL:
            _check_email_target(target)
        elif not target.posts:
            problem = _url_problem(target.url)
            if problem:
                fail([Diagnostic(target.variable, None, f"{problem}; set it to the webhook's https:// URL")])
    return targets + _list_target(config, dry_run)


def _check_email_target(target) -> None:
    """The SMTP URL and both addresses, before anything is sent; never printing the password."""
    from ..comms.mime import parse_address
    from ..notify.email_send import parse_smtp_url
    from ..notify.targets import EMAIL_FROM, EMAIL_TO

    server = parse_smtp_url(target.url)
    if isinstance(server, str):
        fail([Diagnostic(target.variable, None, f"{server}; e.g. smtps://user:password@smtp.example.com:465 or "
                                                "smtp://user:password@smtp.example.com:587?starttls")])
    for variable, value in ((EMAIL_FROM, target.sender), (EMAIL_TO, target.recipient)):
        if not value:
            fail([Diagnostic(variable, None, f"is not set; e-mail needs it with {target.variable}: one address, "
                                             "e.g. \"Acme Status <status@acme.example>\"")])
        if parse_address(value) is None:
            fail([Diagnostic(variable, None, "is not one e-mail address (e.g. status@acme.example, or "
                                             "\"Acme Status <status@acme.example>\"); for many people, send to a "
                                             "mailing list")])


def _list_target(config, dry_run) -> list:
    """The mailing-list provider mkdocs.yml names; its secrets missing stop a real run before anything is sent."""
    from ..notify.lists.deliver import list_target

    target, missing = list_target(config.mailing_list)
    if missing and not dry_run:
        fail([Diagnostic(name, None, f"is not set, though mkdocs.yml's mailing_list sends e-mail to subscribers through "
                                     f"{config.mailing_list.provider}; set it as a secret (docs/subscribers.md)")
              for name in missing], hint="nothing was sent")
    return [target] if target is not None else []


def _url_problem(url: str) -> str | None:
    from ..notify.send import check_url

    return check_url(url)
