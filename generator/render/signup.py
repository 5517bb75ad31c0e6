"""The e-mail sign-up section of a hand-written page (`{{ email_signup }}` in subscribe.md): pure.

Each audience's link goes to the mailing-list provider's own sign-up page, as
configured under `mailing_list.signup`: the provider asks for the address, the
consent and the confirmation, so the status page holds no form, no address and
no third-party script. Nothing is shown when no sign-up page is configured.
"""
from __future__ import annotations

from html import escape

from ..languages.catalogs import gettext_for
from ..read.mailing_list_options import COMPONENT_PREFIX, EVERYONE

PLACEHOLDER = "{{ email_signup }}"


def _label(audience: str, config, _=str) -> str:
    if audience == EVERYONE:
        return _("Every incident and maintenance")
    if audience.startswith(COMPONENT_PREFIX):
        return _("Only %(component)s") % {"component": config.component_name(audience[len(COMPONENT_PREFIX):])}
    notifications = getattr(config, "notifications", None)
    known = notifications.audience(audience) if notifications is not None else None
    return (known.description if known is not None and known.description else audience)


def signup_section(config) -> str:
    """The section's Markdown (a heading and a list of links, as HTML), or "" when there is nothing to offer."""
    mailing = config.mailing_list
    if mailing is None or not mailing.signup:
        return ""
    # everyone first, then the other audiences, then components in the page's order
    order = {EVERYONE: -2, **{f"{COMPONENT_PREFIX}{c.id}": c.position for c in config.components}}
    names = sorted(mailing.signup, key=lambda a: (order.get(a, -1), a))
    _ = gettext_for(getattr(config, "language", "en"))
    items = "".join(f'<li><a href="{escape(mailing.signup[a])}" rel="noopener">{escape(_label(a, config, _))}</a></li>'
                    for a in names)
    return ("## " + _("E-mail") + "\n\n"
            + _("Get each notice by e-mail. Signing up, confirming and unsubscribing happen at our mailing-list "
                "provider, which keeps your address; this site never sees it.") + "\n\n"
            f'<ul class="statusgen-signup">{items}</ul>\n')


def substitute_signup(markdown: str, config) -> str:
    return markdown.replace(PLACEHOLDER, signup_section(config)) if PLACEHOLDER in markdown else markdown
