"""From an AlertEvent to its draft incident file (generator.intake.draft), on real files in a project the
test writes: what a new draft holds, idempotence, acknowledgement, resolution, the flap window, a
person's edits, the unmapped policy, and a new occurrence after the last one closed."""
from __future__ import annotations

import difflib
import re
from datetime import datetime, timedelta, timezone

import pytest
import yaml

from generator.core.diagnostics import UserError
from generator.read.reader import split_source
from generator.intake.alert import ACKNOWLEDGED, FIRING, RESOLVED, AlertEvent
from generator.intake.draft import branch_name, clean_title, ingest
from generator.intake.mapping import map_alert
from generator.read.config import load_config
from generator.read.intake_options import Intake, Rule
from generator.validate.project import load_project
from generator.write.authoring import add_update

from sample import write_project

T0 = datetime(2026, 3, 4, 9, 12, 30, tzinfo=timezone.utc)  # when the alert started
OPTIONS = """\
    intake:
      {extra}
      rules:
        - match: {service: "check*", env: prod}
          severity: P1
          components: {api: major_outage, web: partial_outage}
        - match: {service: checkout}
          severity: P3
          components: {api: degraded_performance}
        - match: {team: comms}
          severity: P4
          components: {}
    """


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def event(state=FIRING, *, at=None, started=T0, key="group-1", labels=None, title="Checkout requests are failing",
          sender="alertmanager") -> AlertEvent:
    return AlertEvent(sender=sender, key=key, state=state, title=title, started=started,
                      at=started if at is None else at,
                      labels={"service": "checkout", "env": "prod", "alertname": "CheckoutErrors"}
                      if labels is None else labels,
                      annotations={"summary": "Checkout requests are failing",
                                   "runbook_url": "https://runbooks.internal.example/checkout"},
                      links=("http://prometheus.internal.example:9090/graph?g0.expr=x",))


@pytest.fixture
def config(tmp_path):
    write_project(tmp_path, {}, options=OPTIONS.replace("{extra}", "unmapped: draft"))
    return load_config(tmp_path / "mkdocs.yml")


def files(config):
    return sorted(config.incidents_dir.rglob("*.md"))


def front(path):
    """The front matter as the reader splits it (a "---" inside a block value does not end it)."""
    source, _ = split_source(path.read_text(encoding="utf-8"), path, path.name)
    return yaml.safe_load(source.front_matter)


def only_added(before: str, after: str) -> bool:
    """Whether `after` is `before` with lines inserted and nothing else changed."""
    steps = difflib.SequenceMatcher(None, before.split("\n"), after.split("\n"), autojunk=False).get_opcodes()
    return all(tag in ("equal", "insert") for tag, *_ in steps)


def test_a_firing_alert_becomes_a_draft_with_its_facts_kept_internal(config):
    outcome = ingest(config, event(), T0 + minutes(2))
    [path] = files(config)
    assert outcome.action == "created" and outcome.draft is True
    assert outcome.incident == path.stem == "2026-03-04-checkout-requests-are-failing"
    assert outcome.path == "incidents/2026-03-04-checkout-requests-are-failing.md"
    facts = front(path)
    assert facts["draft"] is True
    assert facts["title"] == "Checkout requests are failing"
    assert facts["severity"] == "P1"  # the first rule that matches, though the second matches too
    assert facts["components"] == {"api": "major_outage", "web": "partial_outage"}
    assert facts["started"] == facts["detected"] == T0
    [update] = facts["updates"]
    assert update["at"] == T0 + minutes(2) and update["status"] == "investigating"
    assert update["message"].startswith("We are investigating reports of problems with Public API and Website.")
    assert "within 15 minutes" in update["message"]  # P1's cadence, the standard wording
    assert "acknowledged" not in facts
    assert facts["internal"] == {"alert": {
        "sender": "alertmanager", "key": "group-1",
        "labels": {"service": "checkout", "env": "prod", "alertname": "CheckoutErrors"},
        "annotations": {"summary": "Checkout requests are failing",
                        "runbook_url": "https://runbooks.internal.example/checkout"},
        "links": ["http://prometheus.internal.example:9090/graph?g0.expr=x"]}}
    assert outcome.as_json()["branch"] == branch_name("alertmanager", "group-1")


def test_repeated_firing_changes_nothing(config):
    ingest(config, event(), T0 + minutes(2))
    [path] = files(config)
    before = path.read_bytes()
    outcome = ingest(config, event(), T0 + minutes(30))
    assert (outcome.action, outcome.changes) == ("unchanged", [])
    assert path.read_bytes() == before and files(config) == [path]


def test_an_acknowledgement_is_recorded_once(config):
    ingest(config, event(), T0 + minutes(2))
    [path] = files(config)
    outcome = ingest(config, event(ACKNOWLEDGED, at=T0 + minutes(4)), T0 + minutes(5))
    assert outcome.action == "updated" and outcome.changes == ["acknowledged: 2026-03-04T09:16:30Z"]
    assert front(path)["acknowledged"] == T0 + minutes(4)
    after = path.read_bytes()
    again = ingest(config, event(ACKNOWLEDGED, at=T0 + minutes(9)), T0 + minutes(10))
    assert again.action == "unchanged" and path.read_bytes() == after


def test_an_acknowledgement_for_an_unknown_alert_creates_the_draft_acknowledged(config):
    outcome = ingest(config, event(ACKNOWLEDGED, at=T0 + minutes(3)), T0 + minutes(4))
    [path] = files(config)
    facts = front(path)
    assert outcome.action == "created"
    assert (facts["detected"], facts["acknowledged"], facts["draft"]) == (T0, T0 + minutes(3), True)


def test_a_resolved_alert_adds_one_resolving_update(config):
    ingest(config, event(), T0 + minutes(2))
    [path] = files(config)
    outcome = ingest(config, event(RESOLVED, at=T0 + minutes(40)), T0 + minutes(41))
    assert outcome.action == "updated" and outcome.changes == ["added the resolving update"]
    updates = front(path)["updates"]
    assert [u["status"] for u in updates] == ["investigating", "resolved"]
    assert updates[1]["at"] == T0 + minutes(40)  # when the alert resolved, not when the message came
    assert updates[1]["message"].startswith("This incident has been resolved")
    assert front(path)["draft"] is True  # published only when a person merges it
    after = path.read_bytes()
    assert ingest(config, event(RESOLVED, at=T0 + minutes(40)), T0 + minutes(50)).action == "unchanged"
    assert path.read_bytes() == after


def test_resolved_within_the_flap_window_is_withdrawn_and_never_public(config):
    ingest(config, event(), T0 + minutes(1))
    [path] = files(config)
    before = path.read_text(encoding="utf-8")
    outcome = ingest(config, event(RESOLVED, at=T0 + minutes(3)), T0 + minutes(3.5))
    assert outcome.action == "withdrawn" and outcome.draft is True
    assert outcome.changes == ["internal.alert.withdrawn: 2026-03-04T09:15:30Z"]
    after = path.read_text(encoding="utf-8")
    # Only the one line was added, under internal.alert; the draft stays a draft, with no resolving update.
    assert [line for line in after.split("\n") if line not in before.split("\n")] == \
        ["    withdrawn: 2026-03-04T09:15:30Z"]
    facts = front(path)
    assert facts["draft"] is True and facts["internal"]["alert"]["withdrawn"] == T0 + minutes(3)
    assert [u["status"] for u in facts["updates"]] == ["investigating"]
    project = load_project(config, T0 + minutes(10))
    assert project.errors == [] and project.incidents == [] and project.drafts == 1
    # The same resolution again, or a late repeat of the firing, changes nothing.
    assert ingest(config, event(RESOLVED, at=T0 + minutes(3)), T0 + minutes(6)).action == "unchanged"
    assert ingest(config, event(), T0 + minutes(7)).action == "unchanged"
    assert path.read_text(encoding="utf-8") == after


def test_a_resolved_alert_without_a_file(config):
    quick = ingest(config, event(RESOLVED, at=T0 + minutes(2)), T0 + minutes(3))
    assert quick.action == "ignored" and "flap window" in quick.reason and files(config) == []
    late = ingest(config, event(RESOLVED, at=T0 + minutes(20)), T0 + minutes(21))
    [path] = files(config)
    assert late.action == "created"
    facts = front(path)
    assert facts["draft"] is True and [u["status"] for u in facts["updates"]] == ["investigating", "resolved"]


def test_a_flap_window_of_zero_keeps_every_alert(tmp_path):
    write_project(tmp_path, {}, options=OPTIONS.replace("{extra}", "flap_window: 0"))
    config = load_config(tmp_path / "mkdocs.yml")
    ingest(config, event(), T0 + minutes(1))
    assert ingest(config, event(RESOLVED, at=T0 + minutes(2)), T0 + minutes(2)).action == "updated"


def test_a_persons_edits_are_kept_and_only_what_is_missing_is_added(config):
    ingest(config, event(), T0 + minutes(2))
    [path] = files(config)
    text = path.read_text(encoding="utf-8")
    # Someone retitles it, publishes it (removes draft: true), adds a comment and an update.
    text = text.replace("title: Checkout requests are failing", "title: Payments failing at checkout  # reviewed")
    text = text.replace("draft: true\n", "# published by the incident lead\n")
    path.write_text(text, encoding="utf-8")
    add_update(config, path.stem, "identified", "A bad deploy; rolling back.", T0 + minutes(3))
    edited = path.read_text(encoding="utf-8")

    assert ingest(config, event(), T0 + minutes(4)).action == "unchanged"
    ack = ingest(config, event(ACKNOWLEDGED, at=T0 + minutes(2)), T0 + minutes(4))
    assert ack.action == "updated" and ack.title == "Payments failing at checkout" and ack.draft is False
    # Resolved within the flap window, but a person published it: it is resolved, not withdrawn.
    done = ingest(config, event(RESOLVED, at=T0 + minutes(4)), T0 + minutes(5))
    assert done.action == "updated"
    final = path.read_text(encoding="utf-8")
    assert only_added(edited, final)  # every line they had, as they wrote it
    facts = front(path)
    assert facts["title"] == "Payments failing at checkout" and "draft" not in facts
    assert [u["status"] for u in facts["updates"]] == ["investigating", "identified", "resolved"]
    assert facts["acknowledged"] == T0 + minutes(2)
    project = load_project(config, T0 + minutes(10))
    assert project.errors == [] and [i.title for i in project.incidents] == ["Payments failing at checkout"]


def test_a_renamed_file_is_still_found_by_its_alert(config):
    ingest(config, event(), T0 + minutes(2))
    [path] = files(config)
    moved = path.with_name("2026-03-04-payments.md")
    path.rename(moved)
    outcome = ingest(config, event(RESOLVED, at=T0 + minutes(30)), T0 + minutes(31))
    assert outcome.action == "updated" and outcome.incident == "2026-03-04-payments" and files(config) == [moved]


def test_unmapped_alerts_follow_the_policy(tmp_path, config):
    outcome = ingest(config, event(labels={"service": "search"}, title="Search is slow"), T0 + minutes(2))
    [path] = files(config)
    facts = front(path)
    assert outcome.action == "created" and "no intake rule matched" in outcome.changes[0]
    assert (facts["severity"], facts["components"], facts["draft"]) == ("P4", {}, True)  # least severe, a notice
    assert load_project(config, T0 + minutes(3)).errors == []

    write_project(tmp_path / "ignoring", {}, options=OPTIONS.replace("{extra}", "unmapped: ignore"))
    ignoring = load_config(tmp_path / "ignoring" / "mkdocs.yml")
    outcome = ingest(ignoring, event(labels={"service": "search"}), T0 + minutes(2))
    assert outcome.action == "ignored" and "unmapped is ignore" in outcome.reason and files(ignoring) == []


def test_the_alert_firing_again_after_it_closed_is_a_new_draft(config):
    ingest(config, event(), T0 + minutes(1))
    ingest(config, event(RESOLVED, at=T0 + minutes(2)), T0 + minutes(2))  # withdrawn: a flap
    again = ingest(config, event(started=T0 + minutes(10)), T0 + minutes(11))
    assert again.action == "created" and again.incident == "2026-03-04-checkout-requests-are-failing-2"
    assert len(files(config)) == 2
    # Later events go to the open one.
    resolved = ingest(config, event(RESOLVED, started=T0 + minutes(10), at=T0 + minutes(60)), T0 + minutes(61))
    assert resolved.action == "updated" and resolved.incident == again.incident


def test_two_open_files_for_one_alert_are_refused(config):
    ingest(config, event(), T0 + minutes(1))
    [path] = files(config)
    path.with_name("2026-03-04-copy.md").write_bytes(path.read_bytes())
    with pytest.raises(UserError) as caught:
        ingest(config, event(RESOLVED, at=T0 + minutes(30)), T0 + minutes(31))
    assert "are all open" in caught.value.diagnostics[0].message
    assert [p.read_bytes() for p in files(config)] == [path.read_bytes()] * 2


def test_a_broken_file_of_the_alert_is_a_problem_not_a_new_draft(config):
    ingest(config, event(), T0 + minutes(1))
    [path] = files(config)
    path.write_text(path.read_text(encoding="utf-8").replace("severity: P1", "severity: P9"), encoding="utf-8")
    with pytest.raises(UserError) as caught:
        ingest(config, event(RESOLVED, at=T0 + minutes(30)), T0 + minutes(31))
    assert "P9" in caught.value.diagnostics[0].format() and files(config) == [path]


def test_mapping_first_match_glob_and_catch_all():
    rules = (Rule((("service", "api*"),), "P2", (("api", "partial_outage"),)), Rule((), "P3", ()))
    intake = Intake(rules=rules)
    assert map_alert(intake, {"service": "api-gateway"}, "P4").rule == 0
    assert map_alert(intake, {"service": "API"}, "P4").rule == 1  # case-sensitive, so the catch-all
    assert map_alert(Intake(rules=rules[:1], unmapped="ignore"), {"team": "x"}, "P4") is None
    assert map_alert(Intake(rules=rules[:1]), {}, "P4").severity == "P4"


def test_titles_and_branch_names_from_untrusted_text():
    assert clean_title(event(title="  Disk\tfull\u200b on\n db-1 ")) == "Disk full on db-1"
    assert clean_title(event(title="\x00\x1b")) == "Alert from alertmanager"
    assert len(clean_title(event(title="x" * 500))) == 200
    name = branch_name("Uptime Kuma!", "monitor 7; rm -rf /")
    assert re.fullmatch(r"statusgen-alert/uptime-kuma-[0-9a-f]{12}", name)


def test_the_alerts_file_with_broken_yaml_is_a_problem_not_a_second_draft(config):
    ingest(config, event(), T0 + minutes(1))
    [path] = files(config)
    path.write_text(path.read_text(encoding="utf-8").replace("title: Checkout", "title: [Checkout"),
                    encoding="utf-8")
    with pytest.raises(UserError) as caught:
        ingest(config, event(RESOLVED, at=T0 + minutes(30)), T0 + minutes(31))
    assert caught.value.diagnostics[0].path.endswith(path.name) and files(config) == [path]


def test_hostile_alert_text_is_kept_exactly_and_only_internally(config):
    labels = {"service": "checkout", "env": "prod", "on": "yes", "time": "10:45", "quote": "it's \"x\"",
              "yaml": "&anchor *alias !!python/object", "#": "- [a, b]: {c}"}
    hostile = AlertEvent(
        sender="alertmanager", key="k: v\n---\n", state=FIRING, title="<script>alert(1)</script> --- `x`",
        started=T0, at=T0, labels=labels,
        annotations={"description": "line one\n---\n...\n  indented\nlast", "empty": ""},
        links=("https://x.example/?a=1&b=<2>",))
    outcome = ingest(config, hostile, T0 + minutes(1))
    [path] = files(config)
    facts = front(path)
    assert facts["internal"]["alert"] == {"sender": "alertmanager", "key": "k: v\n---\n", "labels": labels,
                                          "annotations": dict(hostile.annotations),
                                          "links": ["https://x.example/?a=1&b=<2>"]}
    assert facts["title"] == "<script>alert(1)</script> --- `x`"  # plain text; the page escapes it
    assert outcome.action == "created" and load_project(config, T0 + minutes(2)).errors == []
    # Found again by that key, byte for byte.
    before = path.read_bytes()
    assert ingest(config, hostile, T0 + minutes(3)).action == "unchanged" and path.read_bytes() == before


def test_times_from_a_skewed_clock_are_kept_in_order(config):
    # The sender's clock runs ahead: the alert "started" after the moment ingest runs.
    ahead = ingest(config, event(started=T0 + minutes(5)), T0 + minutes(1))
    facts = front(files(config)[0])
    assert ahead.action == "created" and facts["started"] == facts["detected"] == T0 + minutes(1)
    # An acknowledgement stamped before the detection is taken as the detection.
    ack = ingest(config, event(ACKNOWLEDGED, started=T0 + minutes(5), at=T0), T0 + minutes(2))
    assert ack.action == "updated" and front(files(config)[0])["acknowledged"] == T0 + minutes(1)


def test_withdrawal_goes_into_a_hand_edited_internal_block_and_nowhere_else(config):
    ingest(config, event(), T0 + minutes(1))
    [path] = files(config)
    text = path.read_text(encoding="utf-8")
    head, internal = text.split("internal:\n")
    # A person reordered it: links first, a block annotation last, a comment and their own notes after it.
    edited = head + (
        "internal:\n"
        "    alert:\n"
        "        links: ['http://prometheus.internal.example:9090/graph?g0.expr=x']\n"
        "        sender: alertmanager\n"
        "        key: group-1\n"
        "        labels: {service: checkout, env: prod, alertname: CheckoutErrors}\n"
        "        annotations:\n"
        "            description: |\n"
        "                Checkout failing.\n"
        "\n"
        "    # ours\n"
        "    notes: paged Sam\n"
        "---\n")
    path.write_text(edited, encoding="utf-8")
    assert ingest(config, event(RESOLVED, at=T0 + minutes(2)), T0 + minutes(2)).action == "withdrawn"
    after = path.read_text(encoding="utf-8")
    assert after == edited.replace("                Checkout failing.\n",
                                   "                Checkout failing.\n        withdrawn: 2026-03-04T09:14:30Z\n")
    assert front(path)["internal"]["notes"] == "paged Sam"


def test_a_withdrawal_that_cannot_be_added_in_place_is_refused_and_nothing_written(config):
    ingest(config, event(), T0 + minutes(1))
    [path] = files(config)
    text = path.read_text(encoding="utf-8")
    head = text.split("internal:\n")[0]
    flow = head + ("internal:\n  alert: {sender: alertmanager, key: group-1}\n---\n")
    path.write_text(flow, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        ingest(config, event(RESOLVED, at=T0 + minutes(2)), T0 + minutes(2))
    assert "by hand" in caught.value.diagnostics[0].message and path.read_text(encoding="utf-8") == flow


def test_the_validator_reads_the_withdrawal_for_everyone_else(config):
    """Reminders and reports learn from InternalFacts that a withdrawn draft is no open incident."""
    from generator.read.reader import read_source
    from generator.validate.validate import parse_incident

    ingest(config, event(), T0 + minutes(1))
    [path] = files(config)
    parsed = parse_incident(read_source(path, config.base_dir)[0], config)
    assert parsed.internal.withdrawn_at is None
    ingest(config, event(RESOLVED, at=T0 + minutes(2)), T0 + minutes(2))
    parsed = parse_incident(read_source(path, config.base_dir)[0], config)
    assert parsed.internal.withdrawn_at == T0 + minutes(2)
    path.write_text(path.read_text(encoding="utf-8").replace("withdrawn: 2026-03-04T09:14:30Z", "withdrawn: soon"),
                    encoding="utf-8")
    problems = parse_incident(read_source(path, config.base_dir)[0], config).problems
    assert [(p.line, p.message) for p in problems if "withdrawn" in p.message] == [
        (30, 'internal.alert.withdrawn: "soon" is not a valid time; write it like 2026-03-04T09:12:00Z')]


def test_the_alert_firing_again_before_its_resolution_reached_us_is_a_new_draft(config):
    # Alertmanager tells of a resolution a group_interval late, and the workflow adds its own minutes: the
    # alert ended at +30, ingest ran at +36, and the alert had fired again at +33. That is a new outage.
    ingest(config, event(), T0 + minutes(1))
    resolved = ingest(config, event(RESOLVED, at=T0 + minutes(30)), T0 + minutes(36))
    [first] = files(config)
    # The resolving update says when the alert resolved (the sender's end), not when the message arrived.
    assert resolved.action == "updated" and front(first)["updates"][-1]["at"] == T0 + minutes(30)
    again = ingest(config, event(started=T0 + minutes(33)), T0 + minutes(38))
    assert again.action == "created" and again.incident == "2026-03-04-checkout-requests-are-failing-2"
    # A late repeat of the first occurrence still changes nothing.
    assert ingest(config, event(started=T0), T0 + minutes(39)).action == "unchanged"


def test_a_resolution_stamped_before_the_last_update_or_in_the_future_is_kept_in_order(config):
    ingest(config, event(), T0 + minutes(1))
    [path] = files(config)
    add_update(config, path.stem, "identified", "Found it.", T0 + minutes(20))
    ingest(config, event(RESOLVED, at=T0 + minutes(15)), T0 + minutes(40))
    assert [u["at"] for u in front(path)["updates"]] == [T0 + minutes(1), T0 + minutes(20), T0 + minutes(20)]
    ingest(config, event(key="group-2"), T0 + minutes(41))
    [other] = [p for p in files(config) if p != path]
    ingest(config, event(RESOLVED, key="group-2", at=T0 + minutes(600)), T0 + minutes(50))
    assert front(other)["updates"][-1]["at"] == T0 + minutes(50)


def test_a_withdrawal_from_a_clock_far_ahead_does_not_silence_the_alert_for_good(config):
    # A sender whose clock is centuries ahead (or a forged payload): the withdrawal is marked at our time,
    # or every later occurrence of the alert would count as "started before the closing" and be dropped.
    far = datetime(8999, 1, 1, tzinfo=timezone.utc)
    ingest(config, event(started=far), T0 + minutes(1))
    [path] = files(config)
    withdrawn = ingest(config, event(RESOLVED, started=far, at=far + minutes(1)), T0 + minutes(2))
    assert withdrawn.action == "withdrawn"
    assert front(path)["internal"]["alert"]["withdrawn"] == T0 + minutes(2)
    again = ingest(config, event(started=T0 + minutes(10)), T0 + minutes(11))
    assert again.action == "created" and len(files(config)) == 2


def test_a_draft_from_an_alert_says_its_default_texts_in_each_language_the_site_is_read_in(tmp_path):
    write_project(tmp_path, {}, options=OPTIONS.replace("{extra}", "unmapped: draft") + "languages: [de]\n")
    config = load_config(tmp_path / "mkdocs.yml")
    ingest(config, event(), T0 + minutes(2))
    ingest(config, event(RESOLVED, at=T0 + minutes(40)), T0 + minutes(41))
    [path] = files(config)
    first, resolved = front(path)["updates"]
    assert first["translations"]["de"].startswith("Wir untersuchen gemeldete Probleme mit Public API")
    assert resolved["translations"]["de"].startswith("Diese Störung ist behoben")
