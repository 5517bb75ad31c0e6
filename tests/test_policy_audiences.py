"""Audiences in notify's plan and delivery: a target reaches the audiences it can, each (message, audience) is a
delivery of its own with its own id in the record (everyone's id unchanged), and an audience no target reaches
is said, never sent to everyone instead."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from gitrepo import GitProject
from servers import Receiver
from test_notify import NOW, OUTAGE, SLACK, WEBHOOK

from generator.changes.detect import NEW, Change
from generator.comms.identity import change_message_id
from generator.model.state import build_state
from generator.notify.deliver import post
from generator.notify.plan import plan
from generator.notify.record import Record
from generator.notify.record.filestore import FileStore
from generator.notify.run import deliver_all
from generator.notify.send import Policy
from generator.notify.targets import Target
from generator.read.config import load_config
from generator.validate.project import load_project

AUDIENCES = """\
notifications:
  audiences:
    - name: enterprise
      description: Enterprise accounts
  severities:
    P1:
      webhook: {first: [everyone, enterprise]}
      chat: {first: [enterprise]}
      email: false
"""
AT = datetime(2026, 3, 4, 12, tzinfo=timezone.utc)


@pytest.fixture
def repo(tmp_path):
    repo = GitProject(tmp_path / "status", options=AUDIENCES)
    repo.write("2026-03-04-sign-in.md", OUTAGE)
    repo.commit("a P1")
    return repo


def changes_of(repo):
    config = load_config(repo.config)
    loaded = load_project(config, AT)
    assert not loaded.errors
    return config, loaded, [Change(incident=i, before=None, kinds=(NEW,), new_updates=i.updates)
                            for i in loaded.incidents]


def test_a_target_that_reaches_an_audience_gets_one_delivery_per_audience_each_once(repo, tmp_path):
    config, loaded, changes = changes_of(repo)
    with Receiver() as receiver:
        targets = [Target("webhook", "STATUSGEN_WEBHOOK_URL", receiver.url(WEBHOOK),
                          audiences=("everyone", "enterprise")),
                   Target("chat", "STATUSGEN_SLACK_WEBHOOK_URL", receiver.url(SLACK))]
        planned = plan(changes, targets, config)
        [item] = planned.announcements
        assert item.kinds == ("first",)
        assert item.audiences == (("chat", ("enterprise",)), ("webhook", ("everyone", "enterprise")),
                                  ("social", ("everyone",)))  # social: drafted for whoever posts it
        assert [(s.target.channel, s.audience) for s in item.sends] == [("webhook", "everyone"),
                                                                        ("webhook", "enterprise")]
        # The chat has one target, for everyone: the enterprise audience has none there, and is told so.
        [missed] = item.unreached
        assert (missed.channel, missed.audience) == ("chat", "enterprise")
        assert "not sent to anyone else instead" in missed.reason
        state = build_state(config, loaded.incidents, AT)
        store = FileStore(tmp_path / "record.jsonl")
        record = Record.begin(store, repo.git("rev-parse", "HEAD"), AT)
        policy = Policy(timeout=5, attempts=1, backoff=0)

        def run():
            return deliver_all(planned.announcements, record, state, AT, None, None,
                               send_one=lambda t, content, mid: post(t, content, policy, 10**12, mid),
                               send_mail=None)

        done = run()
        again = run()
        record.close()
    assert [d.result.ok for d in done.deliveries] == [True, True]
    ids = [d.message_id for d in done.deliveries]
    host = "status.example.com"
    # Everyone's id is the one it always was; the audience's is its own.
    assert ids[0] == change_message_id(changes[0], host, "webhook")
    assert ids[1] == ids[0].replace(".webhook@", ".webhook.to-enterprise@")
    assert [r.headers["Idempotency-Key"] for r in receiver.requests] == ids
    assert [d.result.kind for d in again.deliveries] == ["already-sent", "already-sent"]
    assert len(receiver.requests) == 2  # once each
    lines = [json.loads(line) for line in (tmp_path / "record.jsonl").read_text().splitlines()]
    attempts = [line for line in lines if line.get("type") == "attempt"]
    assert [a.get("audience") for a in attempts] == [None, "enterprise"]


def test_notify_says_which_audience_has_no_target_and_sends_it_to_nobody(repo):
    with Receiver() as receiver:
        result = repo.run("notify", "--since", "HEAD~1", "--now", NOW,
                          env={"STATUSGEN_WEBHOOK_URL": receiver.url(WEBHOOK),
                               "STATUSGEN_SLACK_WEBHOOK_URL": receiver.url(SLACK)})
    assert result.exit_code == 0, result.output
    # One webhook message, to everyone; none for enterprise (the webhook's URL is everyone's), no chat at all.
    assert [r.path for r in receiver.requests] == [WEBHOOK]
    assert ("not sent  2026-03-04-sign-in (incident.created) -> webhook [enterprise]: no webhook target reaches "
            "the audience enterprise") in result.output
    assert "-> chat [enterprise]: no chat target reaches the audience enterprise" in result.output


def test_the_dry_run_and_summary_name_audiences(repo, tmp_path):
    summary = tmp_path / "summary.md"
    with Receiver() as receiver:
        result = repo.run("notify", "--since", "HEAD~1", "--now", NOW, "--dry-run", "--summary", str(summary),
                          env={"STATUSGEN_WEBHOOK_URL": receiver.url(WEBHOOK)})
    assert result.exit_code == 0, result.output
    assert receiver.requests == []
    text = summary.read_text()
    assert "→ webhook: would be sent (dry run)" in text
    assert "webhook to enterprise: no webhook target reaches the audience enterprise" in text


def test_comms_policy_shows_which_kinds_go_where_and_to_whom(repo):
    result = repo.run("comms", "--policy")
    assert result.exit_code == 0, result.output
    text = result.output
    assert "Preset p1-p4: seed 000, Incident Communication Procedures (P1-P4)." in text
    assert "  enterprise  Enterprise accounts" in text
    p1 = text.split("\nP1 Critical\n")[1].split("\n\n")[0].splitlines()
    assert p1[0].split() == ["kind", "of", "message", "email", "chat", "webhook", "social"]
    assert p1[1].split() == ["first", "notice", "-*", "enterprise*", "everyone,", "enterprise*", "everyone"]
    assert p1[2].split() == ["update", "-*", "everyone", "everyone", "everyone"]
    p2 = text.split("\nP2 High\n")[1].split("\n\n")[0].splitlines()
    assert p2[3].split() == ["resolution", "everyone+", "everyone", "everyone", "-"]
    data = json.loads(repo.run("comms", "--policy", "--format", "json").output)
    assert {"scope": "P2", "channel": "email", "kind": "resolved", "audiences": ["everyone"],
            "source": "preset p1-p4"} in data["rules"]
    markdown = repo.run("comms", "--policy", "--format", "markdown").output
    assert "| first notice | -\\* | enterprise\\* | everyone, enterprise\\* | everyone |" in markdown
    refused = repo.run("comms", "--policy", "2026-03-04-sign-in")
    assert refused.exit_code == 2 and "--policy shows the whole policy" in refused.output


def test_drafts_and_the_pull_request_summary_name_the_audiences(repo):
    drafts = repo.run("comms", "2026-03-04-sign-in", "--now", NOW)
    assert drafts.exit_code == 0, drafts.output
    # The policy sends this first notice by no e-mail: no e-mail is drafted, and each channel names its audiences.
    assert ("first notice; channels: status_page, in_app, social (everyone), chat (enterprise), "
            "webhook (everyone, enterprise)") in drafts.output
    assert "=== email" not in drafts.output and "=== chat" in drafts.output
    summary = repo.run("changes", "--since", "HEAD~1", "--format", "markdown", "--now", NOW)
    assert summary.exit_code == 0, summary.output
    assert ("_first notice: announced to chat \\(enterprise\\); webhook \\(everyone, enterprise\\)_"
            in summary.output)


BOTH = """\
notifications:
  audiences:
    - name: enterprise
      description: Enterprise accounts
  severities:
    P1:
      email: {first: [everyone, enterprise]}
      social: {first: [everyone]}
      chat: false
      webhook: false
"""


def test_each_target_serves_its_policy_channel_the_provider_e_mail_and_the_accounts_social(tmp_path):
    """One plan for both kinds of target that serve a channel under a name of their own: the mailing-list
    provider serves "email" beside SMTP (one campaign for all its audiences), Mastodon and Bluesky serve
    "social" (each posts it)."""
    from generator.notify.plan import unserved
    from generator.notify.targets import BLUESKY, LIST, MASTODON

    repo = GitProject(tmp_path / "status", options=BOTH)
    repo.write("2026-03-04-sign-in.md", OUTAGE)
    repo.commit("a P1")
    config, _, changes = changes_of(repo)
    smtp = Target("email", "STATUSGEN_SMTP_URL", "smtps://u:p@mail.example:465")
    provider = Target(LIST, "STATUSGEN_LISTMONK_TOKEN", "https://lists.example", audiences=("enterprise", "everyone"))
    mastodon = Target(MASTODON, "STATUSGEN_MASTODON_TOKEN", "https://mastodon.example")
    bluesky = Target(BLUESKY, "STATUSGEN_BLUESKY_APP_PASSWORD", "https://bsky.social")
    targets = [smtp, mastodon, bluesky, provider]
    [item] = plan(changes, targets, config).announcements
    assert [t.serves for t in targets] == ["email", "social", "social", "email"]
    assert [(s.target.channel, s.audience) for s in item.sends] == [
        ("email", "everyone"), ("mastodon", "everyone"), ("bluesky", "everyone"), ("mailing-list", "everyone")]
    assert item.routed and not item.unreached
    # Without the SMTP target the provider alone reaches both audiences, still with one campaign.
    [alone] = plan(changes, [provider], config).announcements
    assert [(s.target.channel, s.audience) for s in alone.sends] == [("mailing-list", "everyone")]
    # A social account whose secret went missing after it posted is missed on its own; the provider, named in
    # mkdocs.yml, is not a secret gone missing.
    planned = plan(changes, [smtp, mastodon], config)
    assert set(unserved(planned, [smtp, mastodon], {"bluesky", "mastodon", "mailing-list", "email"})) == {"bluesky"}
