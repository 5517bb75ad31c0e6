"""`statusgen notify` against local webhook receivers, in real git repositories."""
from __future__ import annotations

import json
import re
import socket
import time

import pytest

from generator.notify.send import Policy, post_json, redact
from gitrepo import GitProject
from servers import (
    Receiver,
    Silent,
    Stalling,
    endless_continue,
    hang_up_after_request,
    never_answer,
    not_http,
    slow_huge_body,
    trickle_headers,
)

NOW = "2026-03-04T12:00:00Z"  # the moment of these samples, passed as --now (sample.NOW is days later)

API_ERRORS = """
---
title: Elevated API errors
severity: P2
components:
  api: partial_outage
started: 2026-03-04T09:05:00Z
updates:
  - at: 2026-03-04T09:12:00Z
    status: investigating
    message: We are investigating elevated error rates.
internal:
  slack: "#inc-secret-room"
  notes: SECRET-ROOT-CAUSE-NOTE
---
"""
API_ERRORS_IDENTIFIED = API_ERRORS.replace("internal:", """\
  - at: 2026-03-04T09:40:00Z
    status: identified
    message: |
      A faulty deploy caused the errors; we are rolling it back.

      More detail follows in the next update.
internal:""")
OUTAGE = """
---
title: Sign-in unavailable
severity: P1
components:
  web: major_outage
  api: degraded_performance
started: 2026-03-04T10:00:00Z
updates:
  - at: 2026-03-04T10:03:00Z
    status: investigating
    message: Nobody can sign in. We are on it.
---
"""
DRAFT = """
---
title: DRAFT-TITLE-NEVER-SENT
severity: P1
draft: true
components:
  exports: major_outage
updates:
  - at: 2026-03-04T10:10:00Z
    status: investigating
    message: DRAFT-MESSAGE-NEVER-SENT
---
"""
LOW = """
---
title: Typo on the status page
severity: P4
components:
  web: degraded_performance
updates:
  - at: 2026-03-04T10:20:00Z
    status: identified
    message: A cosmetic issue.
---
"""
MAINTENANCE = """
---
type: maintenance
title: Database upgrade
components:
  api: under_maintenance
window:
  start: 2026-03-10T02:00:00Z
  end: 2026-03-10T04:00:00Z
updates:
  - at: 2026-03-04T11:00:00Z
    status: scheduled
    message: We will upgrade the database.
---
"""
WEBHOOK, SLACK = "/webhook", "/slack"


def add_update(text: str, update: str) -> str:
    """Append an update (the updates list is last in these samples) before the closing ---."""
    head, _, tail = text.rstrip("\n").rpartition("\n---")
    return head + "\n" + update.rstrip("\n") + "\n---" + tail + "\n"


def targets(receiver: Receiver) -> dict:
    return {"STATUSGEN_WEBHOOK_URL": receiver.url(WEBHOOK), "STATUSGEN_SLACK_WEBHOOK_URL": receiver.url(SLACK)}


@pytest.fixture
def project(tmp_path):
    """API_ERRORS committed; then an update to it, a new P1, a draft and a P4 committed on top."""
    repo = GitProject(tmp_path / "status", {"2026-03-04-api-errors.md": API_ERRORS})
    repo.write("2026-03-04-api-errors.md", API_ERRORS_IDENTIFIED)
    repo.write("2026-03-04-sign-in.md", OUTAGE)
    repo.write("2026-03-04-draft.md", DRAFT)
    repo.write("2026-03-04-typo.md", LOW)
    repo.commit("post updates")
    return repo


def test_payloads_describe_each_change_without_drafts_or_internal_notes(project):
    with Receiver() as receiver:
        result = project.run("notify", "--since", "HEAD~1", "--now", NOW, env=targets(receiver))
    assert result.exit_code == 0, result.output
    hooks = [r.json() for r in receiver.on(WEBHOOK)]
    # Oldest activity first: the update to the API incident, then the new outage. The P4 and the draft: nothing.
    assert [h["incident"]["id"] for h in hooks] == ["2026-03-04-api-errors", "2026-03-04-sign-in"]
    updated, created = hooks
    assert updated["meta"]["event"] == "incident.updated"
    assert updated["meta"]["changes"] == ["update", "status"]
    assert updated["meta"]["previous_status"] == "investigating"
    assert updated["meta"]["generated_at"] == NOW
    assert updated["meta"]["new_update_ids"] == ["2026-03-04-api-errors-2"]
    latest = updated["incident"]["incident_updates"][0]  # newest first, as Statuspage does
    assert latest["status"] == "identified"
    assert latest["body"].startswith("A faulty deploy caused the errors")
    assert [u["status"] for u in updated["incident"]["incident_updates"]] == ["identified", "investigating"]
    assert updated["incident"]["status"] == "identified"
    assert [(c["id"], c["status"]) for c in updated["incident"]["components"]] == [("api", "partial_outage")]
    assert created["meta"]["event"] == "incident.created"
    assert created["incident"]["name"] == "Sign-in unavailable"
    assert created["incident"]["impact"] == "critical"
    assert sorted(c["id"] for c in created["incident"]["components"]) == ["api", "web"]
    assert created["page"]["name"] == "Test Status"
    assert created["page"]["url"] == "https://status.example.com/"
    assert created["page"]["status_indicator"] in ("major", "critical")
    bodies = b"".join(r.body for r in receiver.requests).decode("utf-8")
    for secret in ("SECRET-ROOT-CAUSE-NOTE", "#inc-secret-room", "DRAFT-TITLE", "DRAFT-MESSAGE", "Typo on"):
        assert secret not in bodies
    assert all(r.headers["Content-Type"].startswith("application/json") for r in receiver.requests)
    assert "4 notification(s) sent, 0 failed" in result.output


def test_slack_message_text(project):
    with Receiver() as receiver:
        result = project.run("notify", "--since", "HEAD~1", "--now", NOW, env=targets(receiver))
    assert result.exit_code == 0, result.output
    texts = [r.json()["text"] for r in receiver.on(SLACK)]
    assert [set(r.json()) for r in receiver.on(SLACK)] == [{"text"}, {"text"}]
    assert texts == [
        "[P2 High] Identified: Elevated API errors — A faulty deploy caused the errors; we are rolling it back. "
        "https://status.example.com/incidents/2026-03-04-api-errors/",
        "[P1 Critical] Investigating: Sign-in unavailable — Nobody can sign in. We are on it. "
        "https://status.example.com/incidents/2026-03-04-sign-in/",
    ]


def test_slack_message_escapes_and_maintenance_wording(tmp_path):
    repo = GitProject(tmp_path / "status")
    repo.write("2026-03-10-db.md", MAINTENANCE.replace("title: Database upgrade",
                                                       'title: "Database <upgrade> & cleanup"'))
    repo.commit("announce maintenance")
    with Receiver() as receiver:
        result = repo.run("notify", "--since", "HEAD~1", "--now", NOW,
                          env={"STATUSGEN_SLACK_WEBHOOK_URL": receiver.url(SLACK)})
    assert result.exit_code == 0, result.output
    [message] = [r.json()["text"] for r in receiver.requests]
    assert message == ("[Maintenance] Scheduled: Database &lt;upgrade&gt; &amp; cleanup (2026-03-10 02:00–04:00 UTC) — "
                       "We will upgrade the database. https://status.example.com/incidents/2026-03-10-db/")


def test_chat_template_can_be_overridden(project):
    override = project.root / "overrides" / "statusgen" / "notify"
    override.mkdir(parents=True)
    (override / "slack.txt.j2").write_text(
        "{{ site_name }}: {{ incident.title }} is {{ status }} ({{ components | map(attribute='name') | join(', ') }})"
        "{% if is_new %} NEW{% endif %}\n", encoding="utf-8")
    with Receiver() as receiver:
        result = project.run("notify", "--since", "HEAD~1", "--now", NOW, env=targets(receiver))
    assert result.exit_code == 0, result.output
    assert [r.json()["text"] for r in receiver.on(SLACK)] == [
        "Test Status: Elevated API errors is identified (Public API)",
        "Test Status: Sign-in unavailable is investigating (Website, Public API) NEW",
    ]


def test_a_broken_chat_template_is_reported_with_its_line(project):
    override = project.root / "overrides" / "statusgen" / "notify"
    override.mkdir(parents=True)
    (override / "slack.txt.j2").write_text("{{ incident.title }}\n{% if %}\n", encoding="utf-8")
    with Receiver() as receiver:
        result = project.run("notify", "--since", "HEAD~1", "--now", NOW, env=targets(receiver))
    assert result.exit_code == 1
    assert receiver.requests == []
    assert f"{override / 'slack.txt.j2'}:2: template error:" in result.output
    assert "nothing was sent" in result.output
    assert "Traceback" not in result.output


def test_a_chat_template_that_fails_to_render_does_not_stop_the_webhook(project):
    override = project.root / "overrides" / "statusgen" / "notify"
    override.mkdir(parents=True)
    (override / "slack.txt.j2").write_text("{{ no_such_variable }}\n", encoding="utf-8")
    with Receiver() as receiver:
        result = project.run("notify", "--since", "HEAD~1", "--now", NOW, env=targets(receiver))
    assert result.exit_code == 1
    assert [r.path for r in receiver.requests] == [WEBHOOK, WEBHOOK]
    assert result.output.count("'no_such_variable' is undefined") == 2
    assert "2 notification(s) sent, 2 failed" in result.output


def test_an_unchanged_incident_is_not_announced_again(project):
    with Receiver() as receiver:
        nothing = project.run("notify", "--since", "HEAD", "--now", NOW, env=targets(receiver))
        assert nothing.exit_code == 0, nothing.output
        assert "0 change(s) to announce" in nothing.output
        assert receiver.requests == []
        # One more update to the outage: only the outage is announced, once per target.
        project.write("2026-03-04-sign-in.md", add_update(OUTAGE, """\
  - at: 2026-03-04T10:30:00Z
    status: monitoring
    message: A fix is in place.
"""))
        project.commit("monitoring")
        again = project.run("notify", "--since", "HEAD~1", "--now", NOW, env=targets(receiver))
    assert again.exit_code == 0, again.output
    assert [(r.path, r.json().get("incident", {}).get("id")) for r in receiver.requests] == [
        (WEBHOOK, "2026-03-04-sign-in"), (SLACK, None)]
    assert "Monitoring: Sign-in unavailable" in receiver.on(SLACK)[0].json()["text"]


def test_edits_that_are_not_news_are_not_announced(project):
    project.write("2026-03-04-sign-in.md", OUTAGE.replace("Nobody can sign in.", "Nobody can sign in at all."))
    project.commit("fix wording")
    with Receiver() as receiver:
        result = project.run("notify", "--since", "HEAD~1", "--now", NOW, env=targets(receiver))
    assert result.exit_code == 0, result.output
    assert receiver.requests == []
    assert "0 change(s) to announce since HEAD~1" in result.output
    assert "1 other change(s) are not announced" in result.output


def test_a_draft_made_public_is_announced_as_new(project):
    project.write("2026-03-04-draft.md", DRAFT.replace("draft: true\n", ""))
    project.commit("publish")
    with Receiver() as receiver:
        result = project.run("notify", "--since", "HEAD~1", "--now", NOW, env=targets(receiver))
    assert result.exit_code == 0, result.output
    [hook] = [r.json() for r in receiver.on(WEBHOOK)]
    assert (hook["incident"]["id"], hook["meta"]["event"]) == ("2026-03-04-draft", "incident.created")


def test_severity_channels_decide_who_hears(tmp_path):
    options = """\
        maintenance_channels: [status_page, webhook]
    """
    repo = GitProject(tmp_path / "status", options=options)
    repo.write("2026-03-04-typo.md", LOW)
    repo.write("2026-03-10-db.md", MAINTENANCE)
    repo.commit("p4 and maintenance")
    with Receiver() as receiver:
        result = repo.run("notify", "--since", "HEAD~1", "--now", NOW, env=targets(receiver))
    assert result.exit_code == 0, result.output
    # The P4's channels are [status_page]: nobody. Maintenance: the webhook only.
    assert [(r.path, r.json()["incident"]["id"]) for r in receiver.requests] == [(WEBHOOK, "2026-03-10-db")]
    assert receiver.requests[0].json()["meta"]["event"] == "maintenance.created"
    assert "2026-03-04-typo (incident.created): P4 is announced on status_page only" in result.output


def test_no_targets_configured_sends_nothing_and_says_so(project):
    result = project.run("notify", "--since", "HEAD~1", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert "no notification targets are configured" in result.output
    assert "STATUSGEN_WEBHOOK_URL" in result.output and "STATUSGEN_SLACK_WEBHOOK_URL" in result.output
    assert "nothing was sent" in result.output
    # It still says what would have been announced, and what was never going to be.
    assert ("not sent  2026-03-04-sign-in (incident.created): STATUSGEN_SMTP_URL or STATUSGEN_SLACK_WEBHOOK_URL or "
            "STATUSGEN_WEBHOOK_URL is not set") in result.output
    assert "not sent  2026-03-04-typo (incident.created): P4 is announced on status_page only" in result.output


def test_a_blank_target_counts_as_not_configured(project):
    result = project.run("notify", "--since", "HEAD~1", "--now", NOW,
                         env={"STATUSGEN_WEBHOOK_URL": "", "STATUSGEN_SLACK_WEBHOOK_URL": "  "})
    assert result.exit_code == 0
    assert "no notification targets are configured" in result.output


def test_a_malformed_target_is_refused_before_sending(project):
    result = project.run("notify", "--since", "HEAD~1", "--now", NOW, env={"STATUSGEN_WEBHOOK_URL": "hooks.example"})
    assert result.exit_code == 1
    assert "STATUSGEN_WEBHOOK_URL: is not an http(s) URL" in result.output


def test_a_target_outside_ascii_is_refused_before_sending(project):
    result = project.run("notify", "--since", "HEAD~1", "--now", NOW,
                         env={"STATUSGEN_WEBHOOK_URL": "https://hooks.example/ünicode"})
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "characters outside ASCII" in result.output


def test_retries_a_server_error_then_succeeds(project):
    with Receiver(codes=[500, 500]) as receiver:
        result = project.run("notify", "--since", "HEAD~1", "--now", NOW, "--backoff", "0.01",
                             env={"STATUSGEN_WEBHOOK_URL": receiver.url(WEBHOOK)})
    assert result.exit_code == 0, result.output
    # Three attempts for the first change (500, 500, 200), one for the second.
    assert len(receiver.requests) == 4
    first = [r.json()["incident"]["id"] for r in receiver.requests[:3]]
    assert first == ["2026-03-04-api-errors"] * 3
    assert receiver.requests[0].body == receiver.requests[2].body  # the same body each time
    assert "HTTP 200, 3 attempts" in result.output
    assert "2 notification(s) sent, 0 failed" in result.output


def test_gives_up_after_bounded_attempts_and_exits_non_zero(project):
    with Receiver(codes=[503] * 10) as receiver:
        result = project.run("notify", "--since", "HEAD~1", "--now", NOW, "--backoff", "0", "--attempts", "2",
                             env={"STATUSGEN_WEBHOOK_URL": receiver.url(WEBHOOK)})
    assert result.exit_code == 1
    assert len(receiver.requests) == 4  # two changes, two attempts each
    assert result.output.count("HTTP 503, 2 attempts") == 2
    assert "0 notification(s) sent, 2 failed" in result.output
    assert "could not be delivered" in result.output


def test_client_errors_are_not_retried_but_429_is(project):
    with Receiver(codes=[404, 429]) as receiver:
        result = project.run("notify", "--since", "HEAD~1", "--now", NOW, "--backoff", "0",
                             env={"STATUSGEN_WEBHOOK_URL": receiver.url(WEBHOOK)})
    assert result.exit_code == 1
    # 404 for the first change: one attempt. 429 then 200 for the second.
    assert [r.json()["incident"]["id"] for r in receiver.requests] == [
        "2026-03-04-api-errors", "2026-03-04-sign-in", "2026-03-04-sign-in"]
    assert "FAILED    2026-03-04-api-errors (incident.updated) -> webhook" in result.output
    assert "HTTP 404, 1 attempt" in result.output
    assert "::error" not in result.output  # annotations only inside GitHub Actions
    assert "1 notification(s) sent, 1 failed" in result.output


def test_failures_are_annotated_in_github_actions(project):
    with Receiver(codes=[403]) as receiver:
        result = project.run("notify", "--since", "HEAD~1", "--now", NOW,
                             env={"STATUSGEN_WEBHOOK_URL": receiver.url(WEBHOOK), "GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    assert ("::error file=STATUSGEN_WEBHOOK_URL::2026-03-04-api-errors (incident.updated) not delivered: HTTP 403"
            in result.output)


def test_a_silent_server_got_the_request_so_its_outcome_is_unknown_and_not_retried(project):
    """The request was sent whole and nothing came back: the receiver may have acted on it, so no second copy."""
    with Silent() as silent:
        url = silent.url()
        result = project.run("notify", "--since", "HEAD~1", "--now", NOW, "--timeout", "0.2", "--attempts", "2",
                             "--backoff", "0", env={"STATUSGEN_WEBHOOK_URL": url})
        connections = len(silent.connections)
    assert result.exit_code == 1
    assert connections == 2  # 2 changes, one attempt each
    assert result.output.count("no answer within 0.2 s after the request was sent; the receiver may have acted on "
                               "it, 1 attempt") == 2
    mids = re.findall(r"<statusgen\.2026-03-04-[a-z-]+\.[12]\.[0-9a-f]{12}\.webhook@status\.example\.com>",
                      result.output)
    assert {m.split(".")[1] for m in mids} == {"2026-03-04-api-errors", "2026-03-04-sign-in"}
    for mid in set(mids):
        assert (f"statusgen: {redact(url)} (STATUSGEN_WEBHOOK_URL) may have received {mid}: it was sent, then no "
                "answer came; check the receiver's log for it, and if it is not there, and no other notify run is "
                f"still running, `statusgen notify --resend '{mid}'` sends it again deliberately (it is never sent "
                "again automatically)") in result.output


def test_a_tls_handshake_that_stalls_is_a_timeout_and_retried(project):
    """Nothing was sent before the handshake ended, so asking again cannot make a second copy."""
    with Stalling(never_answer) as server:
        url = server.url().replace("http://", "https://", 1)
        started = time.monotonic()
        result = project.run("notify", "--since", "HEAD~1", "--now", NOW, "--timeout", "0.2", "--attempts", "2",
                             "--backoff", "0", env={"STATUSGEN_WEBHOOK_URL": url})
        elapsed = time.monotonic() - started
        # Under load an attempt can use its 0.2 s before it even connects: every connection made is closed.
        hung_up = wait_until(lambda: len(server.hangups) == server.connections >= 1)
    assert elapsed < 4 * 0.2 + MARGIN
    assert result.exit_code == 1
    assert result.output.count("timed out after 0.2 s, 2 attempts") == 2
    assert server.connections <= 4 and hung_up, "the stalled handshakes were left open"


def test_a_refused_connection_is_retried_then_reported(project):
    with Receiver() as receiver:
        url = receiver.url(WEBHOOK)
    # The server is gone: the port refuses connections.
    result = project.run("notify", "--since", "HEAD~1", "--now", NOW, "--backoff", "0",
                         env={"STATUSGEN_WEBHOOK_URL": url})
    assert result.exit_code == 1
    assert result.output.count("could not connect") == 2
    assert "3 attempts" in result.output


def test_redirects_are_failures_not_silent_gets(project):
    with Receiver(codes=[301, 301]) as receiver:
        result = project.run("notify", "--since", "HEAD~1", "--now", NOW,
                             env={"STATUSGEN_WEBHOOK_URL": receiver.url(WEBHOOK)})
    assert result.exit_code == 1
    assert len(receiver.requests) == 2
    assert "HTTP 301 redirect" in result.output


def test_webhook_urls_never_appear_in_output(project):
    with Receiver() as receiver:
        secret_url = receiver.url("/services/T000/B000/SECRETTOKEN")
        result = project.run("notify", "--since", "HEAD~1", "--now", NOW, env={"STATUSGEN_SLACK_WEBHOOK_URL": secret_url})
    assert result.exit_code == 0, result.output
    assert "SECRETTOKEN" not in result.output
    assert redact(secret_url) in result.output


def test_unknown_since_is_a_clear_error(project):
    result = project.run("notify", "--since", "no-such-branch", "--now", NOW)
    assert result.exit_code == 1
    assert '"no-such-branch" is not a commit in this repository' in result.output
    assert "Traceback" not in result.output


def test_payloads_are_deterministic_for_the_same_inputs(project):
    runs = []
    for _ in range(2):
        with Receiver() as receiver:
            project.run("notify", "--since", "HEAD~1", "--now", NOW, env=targets(receiver))
        runs.append([r.body for r in receiver.requests])
    assert runs[0] == runs[1]
    assert len(runs[0]) == 4


def test_dry_run_prints_instead_of_sending(project):
    with Receiver() as receiver:
        result = project.run("notify", "--since", "HEAD~1", "--now", NOW, "--dry-run", env=targets(receiver))
    assert result.exit_code == 0, result.output
    assert receiver.requests == []
    assert "[P1 Critical] Investigating: Sign-in unavailable" in result.output
    assert "dry run; 4 notification(s) would be sent" in result.output


def test_summary_file_reports_each_delivery(project, tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n", encoding="utf-8")
    with Receiver(codes=[500, 500, 500]) as receiver:
        result = project.run("notify", "--since", "HEAD~1", "--now", NOW, "--backoff", "0", "--summary", str(summary),
                             env={"STATUSGEN_WEBHOOK_URL": receiver.url(WEBHOOK)})
    assert result.exit_code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# earlier step\n### Notifications")  # appended, not replaced
    assert "- `2026-03-04-api-errors` (incident.updated) → webhook: **failed**: HTTP 500, 3 attempt(s)" in text
    assert "- `2026-03-04-sign-in` (incident.created) → webhook: sent: HTTP 200, 1 attempt(s)" in text
    assert "- `2026-03-04-typo` (incident.created): not sent; P4 is announced on status\\_page only" in text


def test_backoff_doubles_between_attempts():
    delays = []
    with Receiver(codes=[500, 502, 504]) as receiver:
        result = post_json(receiver.url("/x"), b"{}", Policy(timeout=5, attempts=4, backoff=0.25), sleep=delays.append)
    assert result.ok and result.attempts == 4
    assert delays == [0.25, 0.5, 1.0]


def test_retry_after_is_honoured_on_429():
    delays = []
    with Receiver(codes=[429]) as receiver:
        original = receiver.server.RequestHandlerClass.do_POST

        def do_post(handler):
            if not receiver.requests:
                handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
                receiver.requests.append(None)
                receiver.codes.pop(0)
                handler.send_response(429)
                handler.send_header("Retry-After", "7")
                handler.send_header("Content-Length", "0")
                handler.end_headers()
                return
            original(handler)

        receiver.server.RequestHandlerClass.do_POST = do_post
        result = post_json(receiver.url("/x"), json.dumps({"a": 1}).encode(), Policy(backoff=0.01), sleep=delays.append)
    assert result.ok and result.attempts == 2
    assert delays == [7.0]


def test_webhook_incident_is_the_json_api_object(project):
    """The webhook's `incident` is what /api/v2 publishes, and passes the API's JSON Schema."""
    from pathlib import Path

    import jsonschema

    from generator.read.config import load_config
    from generator.outputs.api import INCIDENTS, MAINTENANCES, render_api
    from generator.validate.project import load_project
    from generator.model.state import build_state
    from generator.core.timeutil import parse_time

    project.write("2026-03-10-db.md", MAINTENANCE)
    project.commit("maintenance")
    with Receiver() as receiver:
        result = project.run("notify", "--since", "HEAD~2", "--now", NOW,
                             env={"STATUSGEN_WEBHOOK_URL": receiver.url(WEBHOOK)})
    assert result.exit_code == 0, result.output
    hooks = {r.json()["incident"]["id"]: r.json() for r in receiver.requests}
    assert sorted(hooks) == ["2026-03-04-api-errors", "2026-03-04-sign-in", "2026-03-10-db"]

    config = load_config(project.config)
    now = parse_time(NOW)
    files = render_api(build_state(config, load_project(config, now).incidents, now))
    published = {i["id"]: i for i in json.loads(files[INCIDENTS])["incidents"]}
    published.update({m["id"]: m for m in json.loads(files[MAINTENANCES])["scheduled_maintenances"]})
    schema = json.loads((Path(__file__).parent / "schemas" / "statuspage_v2.json").read_text(encoding="utf-8"))
    for incident_id, hook in hooks.items():
        assert hook["incident"] == published[incident_id]
        kind = "maintenance" if incident_id == "2026-03-10-db" else "incident"
        jsonschema.Draft202012Validator({**{k: v for k, v in schema.items() if k != "files"},
                                         "$ref": f"#/$defs/{kind}"}).validate(hook["incident"])
    assert hooks["2026-03-10-db"]["incident"]["scheduled_for"] == "2026-03-10T02:00:00Z"


@pytest.mark.parametrize("url", ["https://[bad", "http://a:b@127.0.0.1:99999/x", "https://hooks.example/a b",
                                 "https://hooks.example/a\x7f"])
def test_a_garbled_target_url_is_refused_without_traceback(project, url):
    result = project.run("notify", "--since", "HEAD~1", "--now", NOW, env={"STATUSGEN_WEBHOOK_URL": url})
    assert result.exit_code == 1
    assert "STATUSGEN_WEBHOOK_URL: is not a valid URL" in result.output
    assert "Traceback" not in result.output


def test_maintenance_window_across_a_clock_change_names_each_zone(tmp_path):
    repo = GitProject(tmp_path / "status", options="time_zone: America/New_York\n")
    repo.write("2026-11-01-db.md", MAINTENANCE.replace("2026-03-10T02:00:00Z", "2026-11-01T05:00:00Z")
               .replace("2026-03-10T04:00:00Z", "2026-11-01T07:00:00Z"))
    repo.commit("announce maintenance")
    with Receiver() as receiver:
        result = repo.run("notify", "--since", "HEAD~1", "--now", NOW,
                          env={"STATUSGEN_SLACK_WEBHOOK_URL": receiver.url(SLACK)})
    assert result.exit_code == 0, result.output
    [message] = [r.json()["text"] for r in receiver.requests]
    assert "(2026-11-01 01:00 EDT – 2026-11-01 02:00 EST)" in message


# --- notify never hangs --------------------------------------------------------------------------------------------
# A socket timeout bounds each read, not the answer; these receivers keep every read short and never finish.
# The bound below (the timeout plus a generous 5 s for a slow machine) fails the old behaviour by a wide margin:
# it waited until the receiver gave up, which they do after Stalling.LIMIT = 30 s.
MARGIN = 5.0


@pytest.fixture
def one_change(tmp_path):
    """A project where exactly one incident is new: one notification per target."""
    repo = GitProject(tmp_path / "status")
    repo.write("2026-03-04-sign-in.md", OUTAGE)
    repo.commit("outage")
    return repo


def wait_until(condition, seconds: float = 10.0) -> bool:  # returns as soon as it holds; slack for a loaded machine
    end = time.monotonic() + seconds
    while not condition() and time.monotonic() < end:
        time.sleep(0.01)
    return condition()


@pytest.mark.parametrize("script", [trickle_headers, endless_continue, never_answer],
                         ids=["headers-one-byte-at-a-time", "endless-100-continue", "never-answers"])
def test_a_stalling_receiver_ends_within_the_timeout_with_an_unknown_outcome(one_change, script):
    with Stalling(script) as server:
        url = server.url("/services/T000/SECRETTOKEN")
        started = time.monotonic()
        result = one_change.run("notify", "--since", "HEAD~1", "--now", NOW, "--timeout", "0.5", "--attempts", "3",
                                "--backoff", "0", env={"STATUSGEN_WEBHOOK_URL": url})
        elapsed = time.monotonic() - started
        hung_up = wait_until(lambda: server.hangups)
    assert elapsed < 0.5 + MARGIN, f"notify took {elapsed:.1f} s"
    assert result.exit_code == 1
    assert (f"UNKNOWN   2026-03-04-sign-in (incident.created) -> webhook {redact(url)}: no answer within 0.5 s after "
            "the request was sent; the receiver may have acted on it, 1 attempt") in result.output
    # What to do, naming the target without its secret path.
    assert re.search(re.escape(f"statusgen: {redact(url)} (STATUSGEN_WEBHOOK_URL) may have received ")
                     + r"<statusgen\.2026-03-04-sign-in\.1\.[0-9a-f]{12}\.webhook@status\.example\.com>: it was sent, "
                     r"then no answer came", result.output)
    assert "SECRETTOKEN" not in result.output
    assert "Traceback" not in result.output
    assert server.connections == 1  # sent whole: never sent again by a retry
    assert hung_up, "the abandoned connection was left open"


@pytest.mark.parametrize(("script", "says"), [
    (hang_up_after_request, "the connection was lost (Remote end closed connection without response) after the "
                            "request was sent; the receiver may have acted on it, 1 attempt"),
    (not_http, "the answer is not HTTP (BadStatusLine) after the request was sent; the receiver may have acted on "
               "it, 1 attempt"),
], ids=["hangs-up", "not-http"])
def test_a_request_sent_whole_without_a_proper_answer_is_unknown_and_not_retried(one_change, script, says):
    with Stalling(script) as server:
        result = one_change.run("notify", "--since", "HEAD~1", "--now", NOW, "--timeout", "1", "--attempts", "3",
                                "--backoff", "0", env={"STATUSGEN_WEBHOOK_URL": server.url()})
    assert result.exit_code == 1
    assert says in result.output
    assert server.connections == 1


def test_a_2xx_whose_body_never_ends_counts_as_delivered(one_change):
    """The status line and headers are the receiver's answer; a body sent 100 bytes at a time does not undo it."""
    with Stalling(slow_huge_body) as server:
        started = time.monotonic()
        result = one_change.run("notify", "--since", "HEAD~1", "--now", NOW, "--timeout", "0.5", "--attempts", "3",
                                env={"STATUSGEN_WEBHOOK_URL": server.url()})
        elapsed = time.monotonic() - started
        hung_up = wait_until(lambda: server.hangups)
    assert elapsed < 0.5 + MARGIN
    assert result.exit_code == 0, result.output
    assert "HTTP 200, 1 attempt" in result.output
    assert server.connections == 1 and hung_up


def test_retries_of_a_stalling_receiver_are_bounded_too(one_change):
    """A handshake that never ends: nothing was sent, so each attempt is retried, and each ends on time."""
    with Stalling(never_answer) as server:
        started = time.monotonic()
        result = one_change.run("notify", "--since", "HEAD~1", "--now", NOW, "--timeout", "0.2", "--attempts", "3",
                                "--backoff", "0.1", env={"STATUSGEN_WEBHOOK_URL": server.url().replace("http:", "https:")})
        elapsed = time.monotonic() - started
        # Under load an attempt can use its 0.2 s before it even connects: every connection made is closed.
        hung_up = wait_until(lambda: len(server.hangups) == server.connections >= 1)
    assert elapsed < 3 * 0.2 + 0.1 + 0.2 + MARGIN
    assert result.exit_code == 1
    assert "timed out after 0.2 s, 3 attempts" in result.output
    assert server.connections <= 3 and hung_up, "the stalled handshakes were left open"


def test_the_whole_run_stops_at_max_time(project):
    """Two changes, each allowed 3 x 0.5 s: --max-time 1 cuts the first short and leaves the second unsent."""
    with Stalling(never_answer) as server:
        url = server.url().replace("http://", "https://", 1)  # a handshake that never ends: retried
        started = time.monotonic()
        result = project.run("notify", "--since", "HEAD~1", "--now", NOW, "--timeout", "0.5", "--attempts", "3",
                             "--backoff", "0", "--max-time", "1", env={"STATUSGEN_WEBHOOK_URL": url})
        elapsed = time.monotonic() - started
    assert elapsed < 1 + MARGIN
    assert result.exit_code == 1
    # 0.5 s, then what is left of the 1 s: about 0.5 s.
    assert re.search(r"FAILED    2026-03-04-api-errors \(incident.updated\) -> webhook "
                     + re.escape(redact(url)) + r": timed out after 0\.[0-9]+ s \(cut short by the run's time limit\), "
                     r"2 attempts", result.output), result.output
    assert ("FAILED    2026-03-04-sign-in (incident.created) -> webhook "
            f"{redact(url)}: not attempted: the run's time limit was reached, 0 attempts") in result.output
    assert (f"{redact(url)} (STATUSGEN_WEBHOOK_URL) was not tried in time: the run's --max-time of 1 s ran out"
            in result.output)
    assert "0 notification(s) sent, 2 failed" in result.output


def test_a_request_cut_short_by_max_time_after_it_was_sent_is_unknown(project):
    """The run's limit ends the wait for the answer, not the fact that the receiver may have the request."""
    with Stalling(never_answer) as server:
        url = server.url()
        started = time.monotonic()
        result = project.run("notify", "--since", "HEAD~1", "--now", NOW, "--timeout", "0.5", "--attempts", "3",
                             "--backoff", "0", "--max-time", "0.7", env={"STATUSGEN_WEBHOOK_URL": url})
        elapsed = time.monotonic() - started
    assert elapsed < 0.7 + MARGIN
    assert result.exit_code == 1
    assert ("2026-03-04-api-errors (incident.updated) -> webhook "
            f"{redact(url)}: no answer within 0.5 s after the request was sent; the receiver may have acted on it, "
            "1 attempt") in result.output
    assert re.search(r"2026-03-04-sign-in \(incident.created\) -> webhook " + re.escape(redact(url))
                     + r": no answer within 0\.[0-9]+ s after the request was sent; the receiver may have acted on it "
                     r"\(cut short by the run's time limit\), 1 attempt", result.output), result.output
    assert server.connections == 2


def test_no_wait_is_begun_that_would_end_after_the_deadline():
    delays = []
    with Receiver(codes=[503, 503]) as receiver:
        started = time.monotonic()
        result = post_json(receiver.url("/x"), b"{}", Policy(timeout=5, attempts=3, backoff=30), sleep=delays.append,
                           deadline=started + 10)
    assert delays == []
    assert (result.ok, result.attempts) == (False, 1)
    assert result.detail == "HTTP 503; the run's time limit leaves no time to try again"


def test_a_connection_made_after_the_timeout_sends_nothing(monkeypatch):
    """Slow DNS or connect: the caller gives up on time, and the late connection is closed unused."""
    real = socket.create_connection

    def slow_create_connection(*args, **kwargs):
        time.sleep(0.4)
        return real(*args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", slow_create_connection)
    with Receiver() as receiver:
        started = time.monotonic()
        result = post_json(receiver.url("/x"), b"{}", Policy(timeout=0.2, attempts=1))
        elapsed = time.monotonic() - started
        time.sleep(0.5)  # the worker connects meanwhile, and would send now
        late = list(receiver.requests)
    assert elapsed < 0.2 + MARGIN
    assert (result.ok, result.detail) == (False, "timed out after 0.2 s")
    assert late == []


# --- one line per single-line field ----------------------------------------------------------------------------------
FORGED_TITLE = 'title: "A\\n*RESOLVED* forged"'


def test_a_title_cannot_forge_a_line_in_the_chat_message(tmp_path):
    repo = GitProject(tmp_path / "status")
    repo.write("2026-03-04-sign-in.md", OUTAGE.replace("title: Sign-in unavailable", FORGED_TITLE))
    repo.commit("outage")
    with Receiver() as receiver:
        result = repo.run("notify", "--since", "HEAD~1", "--now", NOW, env=targets(receiver))
        dry = repo.run("notify", "--since", "HEAD~1", "--now", NOW, "--dry-run", env=targets(receiver))
    assert result.exit_code == 0, result.output
    [text] = [r.json()["text"] for r in receiver.on(SLACK)]
    assert text == ("[P1 Critical] Investigating: A *RESOLVED* forged — Nobody can sign in. We are on it. "
                    "https://status.example.com/incidents/2026-03-04-sign-in/")
    assert "[P1 Critical] Investigating: A *RESOLVED* forged — Nobody" in dry.output
    # The webhook is JSON, where a newline cannot forge anything: the title stays as published in /api/v2.
    [hook] = [r.json() for r in receiver.on(WEBHOOK)]
    assert hook["incident"]["name"] == "A\n*RESOLVED* forged"


def test_single_line_fields_of_an_overridden_template_are_one_line(tmp_path):
    project = GitProject(tmp_path / "status")
    override = project.root / "overrides" / "statusgen" / "notify"
    override.mkdir(parents=True)
    (override / "slack.txt.j2").write_text(
        "{{ incident.title }}|{{ incident.updates[-1].status }}|{{ severity.name }}|"
        "{{ components | map(attribute='name') | join(',') }}|{{ message }}\n", encoding="utf-8")
    project.write("2026-03-04-sign-in.md", OUTAGE.replace("title: Sign-in unavailable", FORGED_TITLE)
                  .replace("message: Nobody can sign in. We are on it.", 'message: "Line one.\\n\\nLine two."'))
    project.commit("forged title")
    with Receiver() as receiver:
        result = project.run("notify", "--since", "HEAD~1", "--now", NOW,
                             env={"STATUSGEN_SLACK_WEBHOOK_URL": receiver.url(SLACK)})
    assert result.exit_code == 0, result.output
    # The message is the one field that may span lines; the rest is one line each.
    assert [r.json()["text"] for r in receiver.requests] == [
        "A *RESOLVED* forged|investigating|Critical|Website,Public API|Line one.\n\nLine two."]


def test_a_diagnostic_with_a_user_value_stays_one_line(project):
    result = project.run("notify", "--since", "nope\n::error file=x::forged", "--now", NOW)
    assert result.exit_code == 1
    [line] = [line for line in result.output.splitlines() if "is not a commit" in line]
    assert line.startswith('--since: "nope ::error file=x::forged" is not a commit in this repository')
    assert not [line for line in result.output.splitlines() if line.startswith("::")]
    assert "Traceback" not in result.output


def test_a_template_error_that_quotes_a_message_stays_one_line(tmp_path):
    """The FAILED line quotes the template error, which quotes a multi-line update message."""
    repo = GitProject(tmp_path / "status")
    override = repo.root / "overrides" / "statusgen" / "notify"
    override.mkdir(parents=True)
    (override / "slack.txt.j2").write_text("{% include incident.updates[-1].message %}\n", encoding="utf-8")
    repo.write("2026-03-04-sign-in.md", OUTAGE.replace("message: Nobody can sign in. We are on it.",
                                                       'message: "Nobody can sign in.\\n::error::FORGED"'))
    repo.commit("outage")
    with Receiver() as receiver:
        result = repo.run("notify", "--since", "HEAD~1", "--now", NOW,
                          env={"STATUSGEN_SLACK_WEBHOOK_URL": receiver.url(SLACK)})
    assert result.exit_code == 1
    [line] = [line for line in result.output.splitlines() if "FAILED  " in line]
    assert "template error: Nobody can sign in. ::error::FORGED;" in line and line.endswith("0 attempts")
    assert not [line for line in result.output.splitlines() if line.startswith("::")]
    assert receiver.requests == []
