"""A Statuspage history in the shape its public API returns it, made up deterministically from a seed.

`write_export(folder, incidents=1100, seed=21)` writes what a team saves from its page before moving:

    components.json                  {"page", "components"}: groups and their members, and ungrouped ones
    incidents.json                   {"page", "incidents"}: the 50 most recent, newest first (as the API)
    scheduled-maintenances.json      {"page", "scheduled_maintenances"}
    incidents/<id>.json              {"page", "incident"}: every incident, one per file

and returns the records it wrote (page, components, incidents, maintenances) for tests to compare against.

The history has what real ones have: titles that repeat, updates listed newest first with
affected_components (old and new status), times in the page's offset with milliseconds, back-filled
incidents whose display_at is long before created_at, 13 % of incidents naming no component,
incidents attached to components without saying how, a component since deleted, postmortem bodies
(HTML and Markdown), root-cause updates posted days after the resolving one, incidents resolved and
reopened, two still open, update bodies with HTML, line breaks, lists and characters Markdown would
read as markup, and empty bodies.
"""
from __future__ import annotations

import json
import random
import string
from datetime import datetime, timedelta, timezone
from pathlib import Path

PAGE = {"id": "y2j98763l56x", "name": "Acme Cloud", "url": "https://status.acme-cloud.example",
        "time_zone": "America/Los_Angeles", "updated_at": "2026-02-27T10:00:00.000-08:00"}
START = datetime(2022, 1, 3, tzinfo=timezone.utc)
END = datetime(2026, 2, 25, tzinfo=timezone.utc)
NOW = datetime(2026, 2, 27, 18, 0, tzinfo=timezone.utc)

TITLES = ["Elevated error rates", "Degraded performance on the API", "Investigating issues with the dashboard",
          "Delayed webhook deliveries", "Login failures for some users", "Increased latency in EU region",
          "Partial outage of file uploads", "Email notifications delayed", "Search results incomplete",
          "Intermittent 502 errors", "Billing page unavailable", "Degraded performance", "Service disruption",
          "API rate limiting errors", "Mobile app sync issues", "SSO login errors",
          "Données en retard pour certains clients", "Problème d'accès au tableau de bord", "障害: API の遅延"]
BODIES = {
    "investigating": ["We are investigating reports of {what}.",
                      "We're currently investigating this issue.",
                      "We are seeing elevated error rates on <b>{component}</b>.\nSome requests fail with HTTP 503; "
                      "retries usually succeed.",
                      "Customers may see errors when using {component}. We will post an update within 30 minutes.",
                      "We are looking into reports that *some* users cannot sign in (error code AUTH_503)."],
    "identified": ["The issue has been identified and a fix is being implemented.",
                   "A configuration change caused {what}. We are rolling it back.\n\nAffected regions:\n- EU\n- US",
                   "We identified the cause: a database failover in <a href=\"https://example.com/regions\">one "
                   "region</a>. Traffic is being moved.",
                   "Root cause identified & a fix is in progress. See https://docs.acme-cloud.example/status_faq."],
    "monitoring": ["A fix has been implemented and we are monitoring the results.",
                   "Error rates are back to normal; we are watching closely.",
                   ""],
    "resolved": ["This incident has been resolved.",
                 "This incident has been resolved. We apologise for the inconvenience <3",
                 "All systems are operating normally.\n\nA post-incident report will follow.",
                 ""],
}
WHAT = ["elevated API errors", "slow page loads", "failed deliveries", "missing data", "timeouts"]


class Clock:
    """Times as the API writes them: the page's offset (UTC-8, or UTC-7 in summer) and milliseconds."""

    @staticmethod
    def text(moment: datetime) -> str:
        offset = -7 if 3 <= moment.month <= 10 else -8
        local = moment.astimezone(timezone(timedelta(hours=offset)))
        return local.strftime("%Y-%m-%dT%H:%M:%S.") + f"{local.microsecond // 1000:03d}" + local.strftime("%z")[:3] \
            + ":" + local.strftime("%z")[3:]


def _ms(rng: random.Random) -> timedelta:
    return timedelta(milliseconds=rng.randrange(1000))


class History:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.ids: set[str] = set()

    def new_id(self) -> str:
        while True:
            value = "".join(self.rng.choice(string.ascii_lowercase + string.digits) for _ in range(12))
            if value not in self.ids:
                self.ids.add(value)
                return value

    def components(self) -> list[dict]:
        layout = [("Core", ["Dashboard", "Public API", "Authentication"]), (None, ["Webhooks"]),
                  ("Data", ["Exports", "Search", "File uploads", "Données clients"]), (None, ["Email notifications"]),
                  ("Regions", ["EU region", "US region"]), (None, ["Mobile app"])]
        out, position = [], 1
        for group, names in layout:
            created = START - timedelta(days=self.rng.randrange(100, 400))
            group_id = self.new_id() if group else None
            members = []
            for index, name in enumerate(names):
                member = {"id": self.new_id(), "name": name, "status": "operational",
                          "created_at": Clock.text(created + timedelta(days=30 * index) + _ms(self.rng)),
                          "updated_at": Clock.text(END - timedelta(days=self.rng.randrange(1, 60))),
                          "position": index + 1 if group else position, "description": None, "showcase": True,
                          "start_date": (START + timedelta(days=200)).date().isoformat()
                          if name == "Mobile app" else None,
                          "group_id": group_id, "page_id": PAGE["id"], "group": False,
                          "only_show_if_degraded": name == "Données clients"}
                if name == "Public API":
                    member["description"] = "The REST API &amp; SDKs (<a href=\"https://docs.example\">docs</a>)."
                members.append(member)
            if group:
                out.append({"id": group_id, "name": group, "status": "operational",
                            "created_at": Clock.text(created), "updated_at": Clock.text(END), "position": position,
                            "description": None, "showcase": False, "start_date": None, "group_id": None,
                            "page_id": PAGE["id"], "group": True, "only_show_if_degraded": False,
                            "components": [m["id"] for m in members]})
            out += members
            position += 1
        return out

    def body(self, status: str, component: str) -> str:
        text = self.rng.choice(BODIES[status])
        return text.format(what=self.rng.choice(WHAT), component=component)

    def incident(self, start: datetime, components: list[dict], deleted: dict) -> dict:
        rng = self.rng
        iid = self.new_id()
        roll = rng.random()
        kind = ("none" if roll < 0.13 else "attached" if roll < 0.18 else "deleted" if roll < 0.20 else "normal")
        chosen = [] if kind == "none" else rng.sample(components, rng.choice([1, 1, 1, 2, 3]))
        if kind == "deleted":
            chosen = [deleted]
        impact = rng.choice(["minor", "minor", "major", "critical", "none"]) if chosen else rng.choice(["none", "minor"])
        status_of = {"none": "degraded_performance", "minor": "degraded_performance", "major": "partial_outage",
                     "critical": "major_outage"}
        backfilled = rng.random() < 0.05
        reopened = rng.random() < 0.03
        late = rng.random() < 0.05
        postmortem = rng.random() < 0.10
        # The steps, as shown (display_at): a first update a few minutes after impact began, then on.
        started = start + _ms(rng)
        shown = started + timedelta(minutes=rng.randrange(0, 20), seconds=rng.randrange(60))
        steps = ["investigating"] + (["identified"] if rng.random() < 0.7 else []) + \
                (["monitoring"] if rng.random() < 0.6 else [])
        if reopened:
            steps += ["resolved", "investigating", "monitoring"]
        steps += ["resolved"]
        times = []
        for _ in steps:
            times.append(shown)
            shown = shown + timedelta(minutes=rng.randrange(5, 240), seconds=rng.randrange(60)) + _ms(rng)
        posted_late = backfilled and timedelta(days=rng.randrange(2, 40))
        updates = []
        affected_now = {c["id"]: "operational" for c in chosen}
        for index, (status, at) in enumerate(zip(steps, times)):
            affected = None
            if kind in ("normal", "deleted"):
                if index == 0:
                    new = status_of[impact]
                elif status == "resolved":
                    new = "operational"
                elif status == "monitoring":
                    new = "degraded_performance"
                else:
                    new = None
                if new is not None:
                    affected = []
                    for component in chosen:
                        if affected_now[component["id"]] != new or index == 0:
                            affected.append({"code": component["id"], "name": component["name"],
                                             "old_status": affected_now[component["id"]], "new_status": new})
                            affected_now[component["id"]] = new
            created = at + posted_late if posted_late else at
            updates.append({"id": self.new_id(), "status": status,
                            "body": self.body(status, chosen[0]["name"] if chosen else "our service"),
                            "incident_id": iid, "created_at": Clock.text(created), "updated_at": Clock.text(created),
                            "display_at": Clock.text(at), "affected_components": affected,
                            "deliver_notifications": not backfilled, "custom_tweet": None, "tweet_id": None})
        resolved_at = times[-1]
        record = {"id": iid, "name": rng.choice(TITLES), "status": "resolved",
                  "created_at": Clock.text(times[0] + posted_late if posted_late else times[0]),
                  "updated_at": Clock.text(resolved_at + (posted_late or timedelta(0))),
                  "monitoring_at": Clock.text(times[steps.index("monitoring")]) if "monitoring" in steps else None,
                  "resolved_at": Clock.text(resolved_at), "impact": impact,
                  "shortlink": f"https://stspg.io/{iid[:7]}", "started_at": Clock.text(started),
                  "page_id": PAGE["id"], "components": [{**c, "status": "operational"} for c in chosen],
                  "postmortem_body": None, "postmortem_body_last_updated_at": None, "postmortem_ignored": not postmortem,
                  "postmortem_notified_subscribers": False, "postmortem_notified_twitter": False,
                  "postmortem_published_at": None}
        if late:
            when = resolved_at + timedelta(days=rng.randrange(1, 5), hours=rng.randrange(24)) + _ms(rng)
            updates.append({"id": self.new_id(), "status": "resolved", "incident_id": iid,
                            "body": "Root cause: a certificate expired on one load balancer.\n\nWe have added "
                                    "monitoring for certificate expiry *30 days* ahead.",
                            "created_at": Clock.text(when), "updated_at": Clock.text(when),
                            "display_at": Clock.text(when), "affected_components": None,
                            "deliver_notifications": True, "custom_tweet": None, "tweet_id": None})
            record["updated_at"] = Clock.text(when)
        if postmortem:
            published = resolved_at + timedelta(days=rng.randrange(1, 10)) + _ms(rng)
            record["postmortem_body"] = rng.choice([
                "## Summary\n\nA faulty deploy caused errors for **42 minutes**.\n\n## Action items\n\n- Canary "
                "deploys for the API\n- Alert on 5xx ratio",
                "<p><strong>Summary</strong></p><p>On this day a network partition isolated one database replica."
                "</p><ul><li>Detection: 4 minutes</li><li>Resolution: rollback</li></ul><p>Questions? "
                "<a href=\"mailto:support@acme-cloud.example\">Contact support</a>.</p>"])
            record["postmortem_published_at"] = Clock.text(published)
            record["postmortem_body_last_updated_at"] = Clock.text(published)
            record["status"] = "postmortem"
        record["incident_updates"] = list(reversed(updates))  # the API lists the newest first
        return record

    def open_incident(self, start: datetime, component: dict) -> dict:
        record = self.incident(start, [component], component)
        record["incident_updates"] = [u for u in record["incident_updates"] if u["status"] != "resolved"][-1:]
        record["status"] = record["incident_updates"][0]["status"]
        record["resolved_at"] = None
        record["postmortem_body"] = record["postmortem_published_at"] = None
        return record

    def maintenance(self, start: datetime, components: list[dict]) -> dict:
        rng = self.rng
        mid = self.new_id()
        chosen = rng.sample(components, rng.choice([0, 1, 1, 2]))
        end = start + timedelta(hours=rng.choice([1, 2, 4]))
        announced = min(start - timedelta(days=rng.randrange(2, 10)), NOW - timedelta(hours=rng.randrange(1, 48)))
        updates = [{"id": self.new_id(), "status": "scheduled", "incident_id": mid,
                    "body": f"We will be performing scheduled maintenance from {start:%H:%M} to {end:%H:%M} UTC.",
                    "created_at": Clock.text(announced), "updated_at": Clock.text(announced),
                    "display_at": Clock.text(announced), "affected_components": [
                        {"code": c["id"], "name": c["name"], "old_status": "operational",
                         "new_status": "operational"} for c in chosen] or None,
                    "deliver_notifications": True, "custom_tweet": None, "tweet_id": None}]
        finished = start < NOW
        if finished:
            for status, at, new in (("in_progress", start, "under_maintenance"),
                                    ("completed", end - timedelta(minutes=rng.randrange(0, 30)), "operational")):
                updates.append({"id": self.new_id(), "status": status, "incident_id": mid,
                                "body": "Scheduled maintenance is currently in progress." if status == "in_progress"
                                else "The scheduled maintenance has been completed.",
                                "created_at": Clock.text(at), "updated_at": Clock.text(at),
                                "display_at": Clock.text(at), "affected_components": [
                                    {"code": c["id"], "name": c["name"],
                                     "old_status": "operational" if new != "operational" else "under_maintenance",
                                     "new_status": new} for c in chosen] or None,
                                "deliver_notifications": True, "custom_tweet": None, "tweet_id": None})
        return {"id": mid, "name": rng.choice(["Database upgrade", "Network maintenance", "Scheduled maintenance"]),
                "status": updates[-1]["status"], "created_at": Clock.text(announced),
                "updated_at": updates[-1]["updated_at"], "monitoring_at": None,
                "resolved_at": updates[-1]["created_at"] if finished else None, "impact": "maintenance",
                "shortlink": f"https://stspg.io/{mid[:7]}", "started_at": Clock.text(announced), "page_id": PAGE["id"],
                "incident_updates": list(reversed(updates)), "components": chosen,
                "scheduled_for": Clock.text(start), "scheduled_until": Clock.text(end),
                "scheduled_remind_prior": True, "scheduled_reminded_at": None, "impact_override": None,
                "scheduled_auto_in_progress": True, "scheduled_auto_completed": True, "reminder_intervals": "[3, 24]"}


def make_history(incidents: int = 1100, maintenances: int = 60, seed: int = 21) -> dict:
    history = History(seed)
    components = history.components()
    members = [c for c in components if not c["group"]]
    deleted = {"id": history.new_id(), "name": "Legacy reports", "status": "operational", "group": False,
               "group_id": None, "position": 99, "created_at": Clock.text(START), "updated_at": Clock.text(START)}
    span = (END - START).total_seconds()
    starts = sorted(START + timedelta(seconds=history.rng.randrange(int(span))) for _ in range(incidents - 2))
    records = [history.incident(start, members, deleted) for start in starts]
    records += [history.open_incident(END + timedelta(hours=offset), members[1]) for offset in (30, 40)]
    windows = sorted(START + timedelta(days=history.rng.randrange(int(span // 86400) + 20), hours=2)
                     for _ in range(maintenances))
    planned = [history.maintenance(start, members) for start in windows]
    return {"page": PAGE, "components": components, "incidents": records, "maintenances": planned}


def write_export(folder: Path, incidents: int = 1100, maintenances: int = 60, seed: int = 21) -> dict:
    history = make_history(incidents, maintenances, seed)
    folder.mkdir(parents=True, exist_ok=True)
    page = history["page"]

    def dump(path: Path, data) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    newest = sorted(history["incidents"], key=lambda r: r["created_at"], reverse=True)
    dump(folder / "components.json", {"page": page, "components": history["components"]})
    dump(folder / "incidents.json", {"page": page, "incidents": newest[:50]})
    dump(folder / "scheduled-maintenances.json", {"page": page, "scheduled_maintenances": history["maintenances"]})
    for record in history["incidents"]:
        dump(folder / "incidents" / f"{record['id']}.json", {"page": page, "incident": record})
    return history
