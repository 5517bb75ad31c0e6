"""E-mail to subscribers through a mailing-list provider, so no address is ever kept in Git or on the site.

    campaign   what one message says and to which of the provider's lists (pure)
    http       one JSON request to a provider's API, within a deadline
    listmonk   the self-hostable provider's client (campaigns: create, then start)
    buttondown the hosted provider's client (emails: create a draft, then send it)
    deliver    look before creating, create, start, look again: one message, once

The record (notify/run.py) wraps each message as it does every other channel; the
provider's own copy, found by statusgen's message id, is what keeps a lost answer
from becoming a second send.
"""
