"""The two providers' APIs, as the deliver module needs them: find statusgen's copy, create it, start it.

Listmonk (self-hosted; https://listmonk.app/docs/apis/campaigns/):
    GET  /api/campaigns?tags=T&order_by=created_at&order=desc&per_page=100   find, by a tag statusgen sets
    POST /api/campaigns        {name, subject, lists, type, content_type, body, altbody, tags, messenger}
    PUT  /api/campaigns/ID/status   {"status": "running"}   (only a draft or paused campaign starts)
    Authorization: token USER:TOKEN  (an API user, Admin -> Users)

Buttondown (hosted; https://docs.buttondown.com/api-emails-introduction):
    GET   /v1/emails            find, by statusgen's message id in the email's metadata (following `next`)
    POST  /v1/emails            {subject, body, status: "draft", metadata, filters}   a draft sends nothing
    PATCH /v1/emails/ID         {"status": "about_to_send"}                      queued to every recipient
    Authorization: Token API_KEY

Creating a draft and then starting it (rather than creating it sending) is what
makes a lost answer harmless: a draft that exists is found and started, a
started one is found and left alone.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

from ...read.mailing_list_options import BUTTONDOWN, LISTMONK
from .campaign import Campaign

DRAFT, STARTED, STOPPED = "draft", "started", "stopped"  # a copy's state, in statusgen's words
MAX_PAGES = 10  # Buttondown pages of emails looked through (newest first), within the run's deadline


@dataclass(frozen=True)
class Copy:
    """The provider's copy of a message."""

    id: object
    state: str  # DRAFT, STARTED or STOPPED
    status: str  # the provider's own word


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # below the base URL, or a whole URL the provider gave (a next page)
    payload: dict | None = None


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


class Listmonk:
    name = LISTMONK
    started = ("running", "finished", "scheduled")
    stopped = ("paused", "cancelled")

    def __init__(self, user: str, token: str):
        self.authorization = f"token {user}:{token}"

    def find(self, campaign: Campaign) -> Request:
        query = urlencode({"tags": campaign.tag, "order_by": "created_at", "order": "desc", "per_page": 100})
        return Request("GET", f"/api/campaigns?{query}")

    def found(self, campaign: Campaign, data) -> tuple[Copy | None, str | None]:
        """(the copy, or None) from a find's answer; or (None, why the answer cannot be read)."""
        try:
            results = data["data"]["results"]
        except (KeyError, TypeError):
            return None, "the list of campaigns is not in the documented shape"
        for item in results if isinstance(results, list) else ():
            if isinstance(item, dict) and (item.get("name") == campaign.name
                                           or campaign.tag in (item.get("tags") or ())):
                if not _whole(item.get("id")):
                    return None, "the campaign found has no numeric id"
                return self._copy(item), None
        return None, None

    def _copy(self, item: dict) -> Copy:
        status = str(item.get("status"))
        state = STARTED if status in self.started else STOPPED if status in self.stopped else DRAFT
        return Copy(item.get("id"), state, status)

    def create(self, campaign: Campaign) -> Request:
        return Request("POST", "/api/campaigns", {
            "name": campaign.name, "subject": campaign.subject, "lists": list(campaign.lists), "type": "regular",
            "content_type": "html", "body": campaign.html, "altbody": campaign.text, "tags": [campaign.tag],
            "messenger": "email"})

    def created(self, data) -> object:
        try:
            ident = data["data"]["id"]
        except (KeyError, TypeError):
            return None
        return ident if _whole(ident) else None

    def start(self, copy: Copy) -> Request:
        return Request("PUT", f"/api/campaigns/{int(copy.id)}/status", {"status": "running"})


class Buttondown:
    name = BUTTONDOWN
    stopped = ("paused", "errored", "deleted")
    KEY = "statusgen_message_id"

    def __init__(self, api_key: str):
        self.authorization = f"Token {api_key}"

    def find(self, campaign: Campaign) -> Request:
        return Request("GET", "/emails")

    def found(self, campaign: Campaign, data) -> tuple[Copy | None, str | None]:
        results = data.get("results") if isinstance(data, dict) else None
        if not isinstance(results, list):
            return None, "the list of emails is not in the documented shape"
        for item in results:
            metadata = item.get("metadata") if isinstance(item, dict) else None
            if isinstance(metadata, dict) and metadata.get(self.KEY) == campaign.marker:
                if not isinstance(item.get("id"), str) or not item["id"]:
                    return None, "the email found has no id"
                status = str(item.get("status"))
                state = DRAFT if status == "draft" else STOPPED if status in self.stopped else STARTED
                return Copy(item.get("id"), state, status), None
        return None, None

    @staticmethod
    def next_page(data, base: str) -> str | None:
        """The next page's URL, only on the same scheme and host as the API (the key goes nowhere else)."""
        following = data.get("next") if isinstance(data, dict) else None
        if not isinstance(following, str) or not following:
            return None
        here, there = urlsplit(base), urlsplit(following)
        return following if (there.scheme, there.netloc) == (here.scheme, here.netloc) else None

    def create(self, campaign: Campaign) -> Request:
        payload = {"subject": campaign.subject, "status": "draft", "metadata": {self.KEY: campaign.marker},
                   # Buttondown reads the body as HTML when it says so (its documented editor-mode comment).
                   "body": "<!-- buttondown-editor-mode: fancy -->\n" + campaign.html}
        if not campaign.everyone:
            payload["filters"] = {"predicate": "or", "groups": [],
                                  "filters": [{"field": "subscriber.tags", "operator": "contains", "value": tag}
                                              for tag in campaign.lists]}
        return Request("POST", "/emails", payload)

    def created(self, data) -> object:
        ident = data.get("id") if isinstance(data, dict) else None
        return ident if isinstance(ident, str) and ident else None

    def start(self, copy: Copy) -> Request:
        return Request("PATCH", f"/emails/{quote(str(copy.id), safe='')}", {"status": "about_to_send"})
