"""The notification policy: its presets (each following a procedure), mkdocs.yml's overrides, every mistake
reported with its option path and line at once, and the kind(s) a change is."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import pytest

from generator.changes.detect import NEW, REPORT, REPORT_PUBLISHED, STATUS, UPDATE, Change
from generator.comms.policy import audiences_for, kinds_of, routes, rules
from generator.core.diagnostics import UserError
from generator.core.model import Security
from generator.read.config import load_config

from sample import write_project


@pytest.fixture(autouse=True)
def in_project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def load(tmp_path, options=""):
    write_project(tmp_path, {}, options=options)
    return load_config("mkdocs.yml")


def problems(tmp_path, options):
    with pytest.raises(UserError) as caught:
        load(tmp_path, options)
    return [d.format() for d in caught.value.diagnostics]


def table(config):
    """{(scope, channel, kind): audiences} for every rule that sends."""
    return {(r.scope, r.channel, r.kind): r.audiences for r in rules(config) if r.audiences}


class Item:
    """Just what the policy reads of an incident."""

    def __init__(self, severity=None, maintenance=False):
        self.severity, self.is_maintenance = severity, maintenance


def test_the_p1_p4_preset_follows_seed_000_and_keeps_the_channels_elsewhere(tmp_path):
    config = load(tmp_path)  # severities default to p1-p4, and so does the policy
    assert config.notifications.preset == "p1-p4"
    sent = table(config)
    everyone = ("everyone",)
    # P1: e-mail every update as before, the report to Enterprise customers (seed 000, step 5).
    for kind in ("first", "update", "resolved", "security"):
        assert sent[("P1", "email", kind)] == everyone
        assert sent[("P1", "social", kind)] == everyone
    assert sent[("P1", "email", "report")] == ("enterprise",)
    # P2: no e-mail but the resolution (step 4: P1/P2) and the report.
    assert ("P2", "email", "first") not in sent and ("P2", "email", "update") not in sent
    assert sent[("P2", "email", "resolved")] == everyone
    assert sent[("P2", "email", "report")] == ("enterprise",)
    # Chat and webhook as the severities' channels; P4 is on the status page only.
    assert sent[("P3", "chat", "update")] == sent[("P3", "webhook", "report")] == everyone
    assert not [key for key in sent if key[0] == "P4"]
    # Maintenance: maintenance_channels (chat and webhook), every phase.
    assert {k for k in sent if k[0] == "maintenance"} == {
        ("maintenance", c, k) for c in ("chat", "webhook")
        for k in ("maintenance_scheduled", "maintenance_started", "maintenance_ended")}
    assert [a.name for a in config.notifications.audiences] == ["everyone", "enterprise"]


def test_the_p0_p3_preset_follows_seed_001(tmp_path):
    config = load(tmp_path, {"severities": "p0-p3"})
    assert config.notifications.preset == "p0-p3"
    sent = table(config)
    # E-mail: the first notice and the resolution only, for P0 and P1; the report to affected users.
    for sid in ("P0", "P1"):
        assert sent[(sid, "email", "first")] == sent[(sid, "email", "resolved")] == ("everyone",)
        assert (sid, "email", "update") not in sent
        assert sent[(sid, "email", "report")] == ("everyone",)
    assert sent[("P0", "social", "first")] == sent[("P0", "social", "resolved")] == ("everyone",)
    assert ("P0", "social", "update") not in sent and ("P1", "social", "first") not in sent
    assert not [key for key in sent if key[0] == "P2" and key[1] == "email"]


def test_the_channels_preset_is_the_behaviour_before_the_policy(tmp_path):
    config = load(tmp_path, {"notifications": {"preset": "channels"}})
    sent = table(config)
    assert ("P2", "email", "resolved") not in sent and ("P1", "email", "report") not in sent
    assert sent[("P1", "email", "update")] == ("everyone",)
    assert [a.name for a in config.notifications.audiences] == ["everyone"]


def test_overrides_per_severity_channel_and_kind_with_audiences(tmp_path):
    config = load(tmp_path, """\
        notifications:
          audiences:
            - name: enterprise
              description: Enterprise accounts
            - name: api-users
              description: Everyone who uses the API
          severities:
            P1:
              email:
                update: false
                first: [everyone, api-users]
              social: false
            P3:
              email: [api-users]
          maintenance:
            email: {maintenance_scheduled: true, maintenance_ended: [enterprise]}
        """)
    p1, p3 = Item("P1"), Item("P3")
    assert audiences_for(config, p1, "update", "email") == ()
    assert audiences_for(config, p1, "first", "email") == ("everyone", "api-users")
    assert audiences_for(config, p1, "resolved", "email") == ("everyone",)  # the preset's still
    assert audiences_for(config, p1, "first", "social") == ()
    assert audiences_for(config, p3, "report", "email") == ("api-users",)
    assert audiences_for(config, p3, "first", "email") == ("api-users",)
    works = Item(maintenance=True)
    assert audiences_for(config, works, "maintenance_scheduled", "email") == ("everyone",)
    assert audiences_for(config, works, "maintenance_started", "email") == ()
    assert audiences_for(config, works, "maintenance_ended", "email") == ("enterprise",)
    assert audiences_for(config, works, "first", "chat") == ()  # not a maintenance kind
    assert audiences_for(config, Item(None), "first", "chat") == ()
    sources = {(r.scope, r.channel, r.kind): r.source for r in rules(config)}
    assert sources[("P1", "email", "update")] == "mkdocs.yml"
    assert sources[("P2", "email", "resolved")] == "preset p1-p4"
    assert sources[("P2", "chat", "first")] == "channels"
    names = {a.name: a.description for a in config.notifications.audiences}
    assert names["enterprise"] == "Enterprise accounts" and "everyone" in names


def test_every_mistake_is_reported_at_once_with_its_line(tmp_path):
    found = problems(tmp_path, """\
        notifications:
          preset: p9-p9
          audiences:
            - name: Enterprise Accounts
            - name: vip
            - name: vip
          severities:
            P7:
              email: true
            P1:
              sms: true
              in_app: false
              email:
                maintenance_started: true
                resolve: true
                report: [enterprize]
              chat: maybe
          maintenance:
            email: {first: true}
          colour: red
        """)
    text = "\n".join(found)
    assert len(found) == 12, text
    expected = [
        ("mkdocs.yml:9:", 'notifications.preset: unknown preset "p9-p9"'),
        ("mkdocs.yml:11:", '"Enterprise Accounts" is not a valid audience name'),
        ("mkdocs.yml:13:", 'duplicate audience "vip"'),
        ("mkdocs.yml:15:", 'unknown severity "P7"'),
        ("mkdocs.yml:18:", 'unknown channel "sms"'),
        ("mkdocs.yml:19:", "status_page and in_app show every published update"),
        ("mkdocs.yml:21:", "maintenance_started goes under notifications.maintenance"),
        ("mkdocs.yml:22:", 'unknown kind of message "resolve" (did you mean "resolved"?)'),
        ("mkdocs.yml:23:", 'unknown audience "enterprize" (did you mean "enterprise"?)'),
        ("mkdocs.yml:24:", "expected false, true, a list of audiences or a mapping of kinds of message"),
        ("mkdocs.yml:26:", "first goes under notifications.severities.<ID>"),
        ("mkdocs.yml:27:", "notifications.colour: unknown option"),
    ]
    for where, what in expected:
        assert any(line.startswith(where) and what in line for line in found), (where, what, text)


def test_an_unknown_key_names_the_allowed_ones(tmp_path):
    found = problems(tmp_path, """\
        notifications:
          presets: p1-p4
        """)
    assert found == ["mkdocs.yml:9: plugins.statusgen.notifications.presets: unknown option "
                     '(did you mean "preset"?); allowed: preset, audiences, severities, maintenance']


def test_a_preset_whose_levels_are_not_among_the_severities_is_refused(tmp_path):
    found = problems(tmp_path, """\
        severities:
          - {id: SEV1, name: Outage, channels: [status_page, email]}
        notifications: {preset: p0-p3}
        """)
    assert len(found) == 1 and found[0].startswith("mkdocs.yml:10: plugins.statusgen.notifications.preset: p0-p3 "
                                                   "follows a procedure whose levels are P0, P1")
    # Without a preset, a scheme of one's own follows its channels.
    config = load(tmp_path, """\
        severities:
          - {id: SEV1, name: Outage, channels: [status_page, email]}
        """)
    assert config.notifications.preset == "channels"
    assert audiences_for(config, Item("SEV1"), "update", "email") == ("everyone",)


def _change(item, kinds, before=None):
    return Change(incident=item, before=before, kinds=kinds, new_updates=item.updates[-1:])


def test_kinds_of_a_change(tmp_path):
    from generator.validate.project import load_project

    from sample import incident, maintenance

    at = datetime(2026, 3, 5, tzinfo=timezone.utc)
    project = write_project(tmp_path, {
        "2026-03-04-api": incident(updates=[("2026-03-04T09:12:00Z", "investigating", "Looking."),
                                            ("2026-03-04T09:40:00Z", "identified", "Found it."),
                                            ("2026-03-04T10:05:00Z", "resolved", "Fixed.")]),
        "2026-03-12-db": maintenance(updates=[("2026-03-05T10:00:00Z", "scheduled", "We will upgrade."),
                                              ("2026-03-12T02:00:00Z", "in_progress", "Started."),
                                              ("2026-03-12T04:00:00Z", "completed", "Done.")]),
    })
    loaded = load_project(load_config(project.mkdocs), at.replace(month=4))
    by_id = {i.id: i for i in loaded.incidents}
    api, db = by_id["2026-03-04-api"], by_id["2026-03-12-db"]
    first = replace(api, updates=api.updates[:1])
    second = replace(api, updates=api.updates[:2])
    assert kinds_of(_change(first, (NEW,))) == ("first",)
    assert kinds_of(_change(second, (UPDATE, STATUS), first)) == ("update",)
    assert kinds_of(_change(api, (UPDATE, STATUS), second)) == ("resolved",)
    with_report = replace(api, report="## Summary\n\nIt broke.")
    assert kinds_of(_change(with_report, (REPORT, REPORT_PUBLISHED), api)) == ("report",)
    assert kinds_of(_change(with_report, (UPDATE, STATUS, REPORT, REPORT_PUBLISHED), second)) == ("resolved",)
    breach = replace(first, security=Security(data="E-mail addresses."))
    assert kinds_of(_change(breach, (NEW,))) == ("security", "first")
    assert kinds_of(_change(replace(db, updates=db.updates[:1]), (NEW,))) == ("maintenance_scheduled",)
    assert kinds_of(_change(replace(db, updates=db.updates[:2]), (UPDATE, STATUS))) == ("maintenance_started",)
    assert kinds_of(_change(db, (UPDATE, STATUS))) == ("maintenance_ended",)
    assert kinds_of(_change(api, ("edited",), api)) == ()


def _api_incident(tmp_path, severity, options=""):
    from generator.validate.project import load_project

    from sample import incident

    project = write_project(tmp_path, {"2026-03-04-api": incident(severity=severity, updates=[
        ("2026-03-04T09:12:00Z", "investigating", "Looking."), ("2026-03-04T09:40:00Z", "identified", "Found it."),
        ("2026-03-04T10:05:00Z", "resolved", "Fixed.")])}, options=options)
    config = load_config(project.mkdocs)
    [item] = load_project(config, datetime(2026, 4, 1, tzinfo=timezone.utc)).incidents
    return config, item


def _walk(item, security=None):
    """The changes of its life: first notice, update, resolution."""
    if security is not None:
        item = replace(item, security=security)
    steps = [replace(item, updates=item.updates[:n]) for n in (1, 2, 3)]
    return [_change(steps[0], (NEW,)), _change(steps[1], (UPDATE, STATUS), steps[0]),
            _change(steps[2], (UPDATE, STATUS), steps[1])]


def test_a_breach_notice_goes_where_security_notices_go_and_where_its_phase_goes(tmp_path):
    breach = Security(data="E-mail addresses.")
    # Seed 000 (p1-p4): a P2 has no e-mail but its resolution; a P2 breach is e-mailed at its resolution too.
    config, item = _api_incident(tmp_path, "P2")
    assert [dict(routes(config, c)).get("email") for c in _walk(item, breach)] == [None, None, ("everyone",)]
    # Seed 001 (p0-p3): a High (P1) e-mails no ordinary update, but a breach's updates are security notices.
    config, item = _api_incident(tmp_path / "b", "P1", {"severities": "p0-p3"})
    assert [dict(routes(config, c)).get("email") for c in _walk(item)] == [("everyone",), None, ("everyone",)]
    assert [dict(routes(config, c)).get("email") for c in _walk(item, breach)] == [("everyone",)] * 3
    assert kinds_of(_walk(item, breach)[1]) == ("security", "update")
    # Audiences from both kinds, each once.
    config, item = _api_incident(tmp_path / "c", "P1", """\
        notifications:
          audiences: [{name: legal, description: Our lawyers}]
          severities:
            P1: {email: {security: [legal, everyone], first: [everyone]}}
        """)
    assert dict(routes(config, _walk(item, breach)[0]))["email"] == ("legal", "everyone")
