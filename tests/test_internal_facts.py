"""The team's facts in an incident file (detected, acknowledged, action_items): checked, kept apart, warned on."""
from __future__ import annotations

from datetime import date

from generator.read.config import load_config
from generator.core.diagnostics import ERROR, WARNING
from generator.core.model import ActionStatus
from generator.validate.project import load_project
from generator.core.timeutil import parse_time

from sample import incident, write_project

FACTS = """\
detected: 2026-03-04T09:07:00Z
acknowledged: 2026-03-04T09:10:00Z
action_items:
  - action: Alert on replica lag
    owner: SRE team
    due: 2026-03-20
    status: done
  - action: Load-test the failover path
    owner: Platform team
    due: 2026-03-31
  - action: Document the rollback
    owner: Sam
    due: 2026-04-30
    status: in_progress
"""


def with_facts(text: str, facts: str = FACTS) -> str:
    """The incident file with `facts` added at the end of its front matter."""
    head, _, body = text.rpartition("---\n")
    return head + facts + "---\n" + body


def load(tmp_path, files, now="2026-04-05T12:00:00Z"):
    return load_project(load_config(write_project(tmp_path, files).mkdocs), parse_time(now))


def test_facts_are_read_into_their_own_record_not_the_incident(tmp_path):
    project = load(tmp_path, {"2026-03-04-api": with_facts(incident(severity="P3"))}, now="2026-03-10T12:00:00Z")
    assert project.diagnostics == []
    facts = project.internal["2026-03-04-api"]
    assert facts.detected_at == parse_time("2026-03-04T09:07:00Z")
    assert facts.acknowledged_at == parse_time("2026-03-04T09:10:00Z")
    assert [(i.action, i.owner, i.due, i.status) for i in facts.action_items] == [
        ("Alert on replica lag", "SRE team", date(2026, 3, 20), ActionStatus.DONE),
        ("Load-test the failover path", "Platform team", date(2026, 3, 31), ActionStatus.OPEN),
        ("Document the rollback", "Sam", date(2026, 4, 30), ActionStatus.IN_PROGRESS)]
    assert [i.line for i in facts.action_items] == [17, 21, 24]
    (published,) = project.incidents
    text = repr(published) + "".join(str(getattr(published, name, "")) for name in dir(published)
                                      if not name.startswith("_") and not callable(getattr(published, name)))
    assert "Platform team" not in text and "09:07" not in text and "detected" not in vars(published)


def test_an_overdue_action_item_is_a_warning_at_its_line(tmp_path):
    project = load(tmp_path, {"2026-03-04-api": with_facts(incident(severity="P3"))}, now="2026-04-05T12:00:00Z")
    assert project.errors == []
    assert [d.format() for d in project.warnings] == [
        'incidents/2026-03-04-api.md:21: warning: action_items[2]: "Load-test the failover path" (Platform team) '
        "was due 2026-03-31, 5 days ago, and is still open; finish it and set status: done, or agree a new due "
        "date"]
    # Due today is not overdue yet; done and in-progress items before their due date are fine.
    assert load(tmp_path, {"2026-03-04-api": with_facts(incident(severity="P3"))}, now="2026-03-31T23:00:00Z").warnings == []


def test_every_mistake_in_the_facts_is_reported_at_once_with_its_line(tmp_path):
    facts = """\
detected: 2026-03-04T09:20:00Z
acknowledged: 2026-03-04 09:10
action_items:
  - action: Alert on replica lag
    ownr: SRE team
    due: 2026-03-20
    status: finished
  - action: ""
    owner: Sam
    due: 20 March
  - Document the rollback
"""
    project = load(tmp_path, {"2026-03-04-api": with_facts(incident(), facts)})
    assert [d.format() for d in project.errors] == [
        "incidents/2026-03-04-api.md:14: detected (2026-03-04 09:20 UTC) is after the first update "
        "(2026-03-04 09:12 UTC); the team knew by then at the latest",
        'incidents/2026-03-04-api.md:15: acknowledged: "2026-03-04 09:10" has no time zone; add Z for UTC or an '
        "offset like +01:00",
        "incidents/2026-03-04-api.md:17: action_items[1]: owner is required",
        'incidents/2026-03-04-api.md:18: action_items[1]: unknown field "ownr" (did you mean "owner"?); allowed: '
        "action, owner, due, status",
        'incidents/2026-03-04-api.md:20: action_items[1].status: "finished" is not allowed; use one of open, '
        "in_progress, done, cancelled",
        "incidents/2026-03-04-api.md:21: action_items[2].action: expected non-empty text",
        'incidents/2026-03-04-api.md:23: action_items[2].due: expected a day like 2026-12-01, got "20 March"',
        "incidents/2026-03-04-api.md:24: action_items[3]: expected a mapping with action, owner, due and status, "
        "got text",
    ]
    assert project.incidents == []


def test_a_report_published_after_its_deadline_is_a_warning(tmp_path):
    late = incident(severity="P1", report="## Summary\n\nWhat happened.\n", started="2026-03-04T09:05:00Z",
                    updates=[("2026-03-04T09:12:00Z", "investigating", "We are on it."),
                             ("2026-03-04T09:20:00Z", "resolved", "Fixed.")], report_published=None)
    late = with_facts(late, "report_published: 2026-03-07T10:05:00Z\n")
    on_time = with_facts(late.replace("2026-03-07T10:05:00Z", "2026-03-06T09:20:00Z"), "")
    project = load(tmp_path, {"2026-03-04-api": late})
    assert [(d.level, d.format()) for d in project.diagnostics] == [
        (WARNING, "incidents/2026-03-04-api.md:14: warning: the post-incident report was published 3 d after the "
                  "incident was resolved; P1 asks for one within 2 d")]
    assert load(tmp_path, {"2026-03-04-api": on_time}).diagnostics == []


def test_facts_of_a_draft_are_checked_but_not_kept(tmp_path):
    project = load(tmp_path, {"2026-03-04-api": with_facts(incident(severity="P3", draft=True))}, now="2026-03-10T12:00:00Z")
    assert project.diagnostics == [] and project.internal == {} and project.drafts == 1
    broken = with_facts(incident(draft=True), "action_items: {action: x}\n")
    assert [d.level for d in load(tmp_path, {"2026-03-04-api": broken}).diagnostics] == [ERROR]
