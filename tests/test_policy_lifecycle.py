"""A P1's and a P2's whole lifecycle (first notice, update, resolution, report) and a maintenance
(scheduled, started, ended), under each preset of the notification policy: exactly which message goes to
which channel and audience, delivered for real to a webhook and chat receiver and an SMTP server on
127.0.0.1, once each, and never again on a later run."""
from __future__ import annotations

import pytest
from gitrepo import GitProject
from servers import Receiver
from smtp_support import SmtpServer
from test_notify import SLACK, WEBHOOK

NOW = "2026-03-05T12:00:00Z"
INCIDENT = """\
---
title: {title}
severity: {severity}
components:
  api: partial_outage
started: 2026-03-04T09:05:00Z
updates:
{updates}---
{report}"""
STEPS = (("investigating", "We are looking into API errors."), ("identified", "A faulty deploy; rolling back."),
         ("resolved", "Error rates are back to normal."))
REPORT = "## Summary\n\nA faulty deploy raised error rates for 50 minutes.\n"
MAINTENANCE = """\
---
type: maintenance
title: Database upgrade
components:
  api: under_maintenance
window:
  start: 2026-03-05T02:00:00Z
  end: 2026-03-05T04:00:00Z
updates:
{updates}---
"""
WORKS = (("2026-03-04T11:00:00Z", "scheduled", "We will upgrade the database."),
         ("2026-03-05T02:00:00Z", "in_progress", "The upgrade has begun."),
         ("2026-03-05T04:00:00Z", "completed", "The upgrade is done."))
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


def incident_file(severity: str, steps: int, report: str = "") -> str:
    updates = "".join(f"  - at: 2026-03-04T{9 + n:02d}:{10 + n:02d}:00Z\n    status: {status}\n    message: {text}\n"
                      for n, (status, text) in enumerate(STEPS[:steps]))
    if report:  # a report is public once published (docs/reports.md)
        updates += "report_published: 2026-03-05T09:00:00Z\n"
    return INCIDENT.format(title=f"API errors ({severity})", severity=severity, updates=updates, report=report)


def maintenance_file(steps: int) -> str:
    updates = "".join(f"  - at: {at}\n    status: {status}\n    message: {text}\n" for at, status, text in WORKS[:steps])
    return MAINTENANCE.format(updates=updates)


def lifecycle(severity: str):
    """(step name, file name, text) for each commit of the incident's life."""
    name = f"2026-03-04-api-{severity.lower()}.md"
    return [("first", name, incident_file(severity, 1)), ("update", name, incident_file(severity, 2)),
            ("resolved", name, incident_file(severity, 3)), ("report", name, incident_file(severity, 3, REPORT))]


WORKS_LIFE = [(kind, "2026-03-05-db.md", maintenance_file(n + 1))
              for n, kind in enumerate(("maintenance_scheduled", "maintenance_started", "maintenance_ended"))]
BOTH = {"chat", "webhook"}
# What each step delivers, per preset: the channels that get it (to everyone), as the policy says.
EXPECTED = {
    # Seed 000: P1 e-mails every update; P2 gets the resolution e-mail (P1/P2); the report goes to Enterprise
    # customers, whom no plain SMTP address reaches; maintenance as maintenance_channels.
    "p1-p4": {"P1": {"first": BOTH | {"email"}, "update": BOTH | {"email"}, "resolved": BOTH | {"email"},
                     "report": BOTH},
              "P2": {"first": BOTH, "update": BOTH, "resolved": BOTH | {"email"}, "report": BOTH}},
    # Seed 001: e-mail for High (P1) only the first notice, the resolution and the report (to affected users,
    # everyone here); Medium (P2) has no e-mail.
    "p0-p3": {"P1": {"first": BOTH | {"email"}, "update": BOTH, "resolved": BOTH | {"email"},
                     "report": BOTH | {"email"}},
              "P2": {"first": BOTH, "update": BOTH, "resolved": BOTH, "report": BOTH}},
    # Before the policy: each severity's channels, every update.
    "channels": {"P1": {"first": BOTH | {"email"}, "update": BOTH | {"email"}, "resolved": BOTH | {"email"},
                        "report": BOTH},
                 "P2": {"first": BOTH, "update": BOTH, "resolved": BOTH, "report": BOTH}},
}
OPTIONS = {"p1-p4": "", "p0-p3": "severities: p0-p3\n", "channels": "notifications: {preset: channels}\n"}


def delivered(receiver: Receiver, server: SmtpServer, seen: list[int]) -> list[tuple[str, str]]:
    """(channel, what) for every request since the last call: the webhook's incident id, the chat's text,
    the e-mail's Message-ID."""
    new = receiver.requests[seen[0]:]
    mails = server.handler.messages[seen[1]:]
    seen[:] = [len(receiver.requests), len(server.handler.messages)]
    out = [("webhook" if r.path == WEBHOOK else "chat", r.json()["incident"]["id"] if r.path == WEBHOOK
            else r.json()["text"]) for r in new]
    return out + [("email", m[2]["Message-ID"]) for m in mails]


@pytest.mark.parametrize("preset", sorted(EXPECTED))
def test_each_preset_sends_each_kind_where_it_says_once(tmp_path, preset):
    repo = GitProject(tmp_path / "status", options=OPTIONS[preset])
    record = str(tmp_path / "record.jsonl")
    seen = [0, 0]
    with Receiver() as receiver, SmtpServer(tmp_path, "plain") as server:
        env = {**server.env(), "STATUSGEN_WEBHOOK_URL": receiver.url(WEBHOOK),
               "STATUSGEN_SLACK_WEBHOOK_URL": receiver.url(SLACK)}
        first_commit = repo.git("rev-parse", "HEAD")
        walks = [(sev, lifecycle(sev), EXPECTED[preset][sev]) for sev in ("P1", "P2")]
        walks.append(("maintenance", WORKS_LIFE, {kind: BOTH for kind, _, _ in WORKS_LIFE}))
        for severity, steps, expected in walks:
            for kind, name, text in steps:
                repo.write(name, text)
                repo.commit(f"{severity} {kind}")
                result = repo.run("notify", "--since", "HEAD~1", "--now", NOW, "--record", record, "--backoff", "0",
                                  env=env)
                assert result.exit_code == 0, result.output
                got = delivered(receiver, server, seen)
                channels = [channel for channel, _ in got]
                assert sorted(channels) == sorted(expected[kind]), (preset, severity, kind, result.output)
                if kind == "report" and preset == "p1-p4":
                    # The policy sends the report to Enterprise customers by e-mail: no plain SMTP address reaches
                    # them (a mailing-list provider's audience), and it is said, not sent to everyone instead.
                    assert "-> email [enterprise]: no email target reaches the audience enterprise" \
                        in result.output, result.output
        # Everything again from the start: the record says it was all sent, so nothing goes out twice.
        again = repo.run("notify", "--since", first_commit, "--now", NOW, "--record", record, "--backoff", "0",
                         env=env)
        assert again.exit_code == 0, again.output
        assert delivered(receiver, server, seen) == []
        assert "0 notification(s) sent" in again.output and "already sent" in again.output
    ids = [m[2]["Message-ID"] for m in server.handler.messages]
    assert len(ids) == len(set(ids))  # each e-mail once
