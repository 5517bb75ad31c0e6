"""The reader's sample: a status page as busy as a real one, for the tests that read it as a customer
would (tests/test_browser_reader.py) and check every page of it in the browser.

Harbor Cloud, a fictional company, at READER_NOW: one incident open (an event delivery problem whose
latest update is long), one resolved yesterday, a major outage two weeks ago and an older incident,
each with a post-incident report holding wide tables, a maintenance upcoming and one completed,
components in three groups (one of them folded while quiet, one hidden while healthy), quiet days
among the last fifteen, the reliability page, and hand-written pages (one with the address tokens
that hand-written pages may use). It is written by tests/sample.py, like every other sample, and
owes nothing to the shipped demo.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from sample import Project, incident, maintenance, write_project

READER_NOW = datetime(2026, 5, 20, 15, 0, tzinfo=timezone.utc)
SITE_NAME = "Harbor Cloud Status"
SITE_URL = "https://status.harbor.example/"

COMPONENTS = [
    {"id": "web-app", "name": "Web application", "group": "Core", "description": "The Harbor dashboard."},
    {"id": "api", "name": "Public API", "group": "Core", "description": "The REST API, including SDK traffic."},
    {"id": "webhooks", "name": "Event deliveries", "group": "Integrations",
     "description": "Outgoing events to customer endpoints."},
    {"id": "notifications", "name": "Email notifications", "group": "Background services"},
    {"id": "exports", "name": "Data exports", "group": "Background services", "only_show_if_degraded": True},
]

OPEN_TITLE = "Event deliveries failing for some endpoints"
OPEN_INCIDENT = "incidents/2026-05-20-event-deliveries-failing/"
OUTAGE_TITLE = "Dashboard and API unavailable"
OUTAGE = "incidents/2026-05-06-dashboard-and-api-outage/"
REPORTS = [OUTAGE, "incidents/2026-04-08-api-errors/"]
YESTERDAY_TITLE = "Slow dashboard pages"

# An identifier longer than a phone is wide, in an update and in a report's code block.
LONG_WORD = "Averyveryverylongidentifierwithoutanyspacesthatcouldbreakthelayoutonsmallscreens" * 2

OUTAGE_REPORT = """
## Summary

A change to the load balancers' health checks pointed them at the wrong address, so they took every
server out of service. The dashboard and the Public API were unavailable for 1 hour 18 minutes.

## Timeline

| Time (UTC) | Event | Detail | Owner | Ticket |
| --- | --- | --- | --- | --- |
| 09:02 | Change deployed | The new health check configuration went to every load balancer in every region at once | Network team | NET-2291 |
| 09:06 | Alert fired | Synthetic checks of the dashboard and the API failed from all probe locations | SRE on-call | NET-2292 |
| 09:48 | Cause found | The health check address pointed at a retired port on every server behind the load balancers | Network team | NET-2291 |
| 10:20 | Rolled back | The previous configuration was restored from the release pipeline, region by region | Network team | NET-2293 |

```
2026-05-06T09:02:41Z lb-edge-3 healthcheck[2210]: backend web-17 marked down: connect to 10.4.2.17:8081 refused (attempt 3/3) pool=dashboard-primary
```

## Action items

| Action | Owner | Due date | Status |
| --- | --- | --- | --- |
| Check health check addresses against the service registry before any rollout | Network team | 2026-06-01 | In progress |
| Roll load balancer changes out one region at a time, with an automatic stop | Network team | 2026-06-15 | Planned |
"""

ERRORS_REPORT = """
## Summary

A database connection limit, reached during a traffic peak, made one API request in ten fail.

## Timeline

| Time (UTC) | Event | Detail |
| --- | --- | --- |
| 13:10 | Errors began | Connection pool exhaustion on the primary database cluster in the eu-central region |
| 13:55 | Mitigated | The pool limit was raised and idle connections released by the API servers |

## Action items

| Action | Owner | Due date | Status |
| --- | --- | --- | --- |
| Alert on connection pool saturation above 80 per cent | Platform team | 2026-05-01 | Done |
"""

INCIDENTS = {
    "2026-05-20-event-deliveries-failing": incident(
        title=OPEN_TITLE, severity="P2", components={"webhooks": "partial_outage", "api": "degraded_performance"},
        started="2026-05-20T14:05:00Z", updates=[
            ("2026-05-20T14:12:00Z", "investigating",
             "Since about 14:05 UTC some event deliveries fail. Failed deliveries are kept and retried; "
             "nothing is lost. Next update by 14:45 UTC."),
            ("2026-05-20T14:40:00Z", "identified",
             "A certificate bundle released to our event senders at 14:02 UTC left out an intermediate "
             "certificate that some endpoints rely on, so deliveries to them fail when the secure connection "
             "is set up. Retries of those deliveries also slowed the API's event endpoints until 14:40 UTC. "
             f"We are rolling the bundle back region by region. Reference: `{LONG_WORD}` and {LONG_WORD}. "
             "Next update by 15:20 UTC.")]).replace(
        # The API recovered with the second update (updates may change an incident's impact).
        "    status: identified\n", "    status: identified\n    components:\n      api: operational\n", 1),
    "2026-05-19-slow-dashboard": incident(
        title=YESTERDAY_TITLE, severity="P2", components={"web-app": "degraded_performance"},
        started="2026-05-19T16:20:00Z", updates=[
            ("2026-05-19T16:30:00Z", "investigating", "Dashboard pages take up to 20 seconds to load."),
            ("2026-05-19T16:55:00Z", "monitoring", "A slow database query is fixed; pages are getting faster."),
            ("2026-05-19T17:20:00Z", "resolved", "Pages load in their usual time again.")]),
    "2026-05-13-email-delays": incident(
        title="Delayed email notifications", severity="P3", components={"notifications": "degraded_performance"},
        started="2026-05-13T07:00:00Z", updates=[
            ("2026-05-13T07:20:00Z", "identified", "Alert emails arrive up to 30 minutes late."),
            ("2026-05-13T08:10:00Z", "resolved", "Emails are sent on time again.")]),
    "2026-05-06-dashboard-and-api-outage": incident(
        title=OUTAGE_TITLE, severity="P1", components={"web-app": "major_outage", "api": "major_outage"},
        started="2026-05-06T09:02:00Z", report=OUTAGE_REPORT, updates=[
            ("2026-05-06T09:08:00Z", "investigating", "The dashboard and the Public API are unavailable."),
            ("2026-05-06T09:20:00Z", "investigating", "Our load balancers take every server out of service."),
            ("2026-05-06T09:35:00Z", "investigating", "We are looking at a change made to them at 09:02 UTC."),
            ("2026-05-06T09:50:00Z", "identified", "That change is the cause; we are rolling it back."),
            ("2026-05-06T10:05:00Z", "identified", "Half of the load balancers run the previous configuration."),
            ("2026-05-06T10:20:00Z", "resolved", "The dashboard and the API are available again.")]),
    "2026-04-08-api-errors": incident(
        title="Elevated API error rates", severity="P2", components={"api": "partial_outage"},
        started="2026-04-08T13:10:00Z", report=ERRORS_REPORT, updates=[
            ("2026-04-08T13:20:00Z", "investigating", "About one API request in ten fails."),
            ("2026-04-08T13:45:00Z", "resolved", "Error rates are back to normal.")]),
    "2026-05-25-database-upgrade": maintenance(
        title="Database upgrade", components={"api": "under_maintenance"},
        start="2026-05-25T02:00:00Z", end="2026-05-25T04:00:00Z",
        updates=[("2026-05-15T10:00:00Z", "scheduled",
                  "API requests may be slower for up to ten minutes while the database fails over.")]),
    "2026-04-22-network-maintenance": maintenance(
        title="Network maintenance", components={"webhooks": "under_maintenance"},
        start="2026-04-22T01:00:00Z", end="2026-04-22T02:00:00Z", updates=[
            ("2026-04-15T10:00:00Z", "scheduled", "Event deliveries may be delayed during the window."),
            ("2026-04-22T01:00:00Z", "in_progress", "The maintenance has started."),
            ("2026-04-22T01:40:00Z", "completed", "The maintenance is complete.")]),
}

PAGES = {
    "about.md": """\
        # About this page

        Harbor Cloud's engineers post here while they work on a problem.

        | Severity | Meaning | First update within |
        | --- | --- | --- |
        | P1 | The service is unavailable for many customers | 15 minutes |
        | P2 | A feature is unavailable or much slower for some customers | 30 minutes |
        """,
    "subscribe.md": """\
        # Subscribe

        Show the status in your README:

        ```markdown
        ![{{ site_name }}]({{ site_url }}badge.svg)
        ```

        Or in your application:

        ```html
        <script src="{{ site_url }}embed/banner.js" async></script>
        ```
        """,
}


def write_reader_project(root: Path, site_url: str = SITE_URL) -> Project:
    return write_project(root, INCIDENTS, pages=PAGES, components=COMPONENTS, site_name=SITE_NAME,
                         site_url=site_url, options={"severities": "p1-p4", "contact": "mailto:help@harbor.example",
                                                     "reliability_page": {"months": 3}})
