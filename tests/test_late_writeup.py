"""A root-cause write-up posted after the resolving update has a place: the post-incident report, published
when it was posted. Nothing may follow the resolving update, and both the validator and `statusgen update`
say where such a note goes instead of only "open a new incident file"."""
from __future__ import annotations

from sample import incident, load_state, write_project
from test_cli import project, run  # noqa: F401  (project is a fixture)

from generator.read.config import load_config
from generator.validate.project import load_project
from sample import NOW

RESOLVED = incident(updates=[("2026-03-04T09:12:00Z", "investigating", "Looking into it."),
                             ("2026-03-04T10:05:00Z", "resolved", "Error rates are back to normal.")])


def test_a_note_after_the_resolving_update_is_refused_with_where_it_goes(tmp_path):
    text = RESOLVED.replace("---\n", "", 1).replace("---\n", "") \
        + "  - at: 2026-03-06T15:00:00Z\n    status: resolved\n    message: 'Root cause: an expired certificate.'\n"
    project_ = write_project(tmp_path, {"2026-03-04-api.md": "---\n" + text + "---\n"})
    errors = [d.format() for d in load_project(load_config(project_.mkdocs), NOW).errors]
    assert errors == [
        "incidents/2026-03-04-api.md:14: updates[3]: comes after the resolved update at 2026-03-04 10:05 UTC; nothing "
        "may follow it. A root-cause write-up or a later note is the post-incident report: move it below the front "
        "matter and set report_published to when it was posted; if the problem came back, open a new incident file"]


def test_the_same_note_as_the_report_is_valid_and_shown_from_when_it_was_posted(tmp_path):
    text = RESOLVED.replace("severity: P2\n", "severity: P2\nreport_published: 2026-03-06T15:00:00Z\n") \
        + "Root cause: an expired certificate.\n"
    project_ = write_project(tmp_path, {"2026-03-04-api.md": text})
    from datetime import datetime, timezone

    before = load_state(project_, datetime(2026, 3, 6, 14, 0, tzinfo=timezone.utc))
    after = load_state(project_, datetime(2026, 3, 6, 16, 0, tzinfo=timezone.utc))
    assert not before.incidents[0].has_report
    assert after.incidents[0].report == "Root cause: an expired certificate."
    assert after.incidents[0].resolved_at == datetime(2026, 3, 4, 10, 5, tzinfo=timezone.utc)


def test_update_on_a_resolved_incident_points_to_the_report(project):  # noqa: F811
    (project / "incidents" / "2026-03-04-api.md").write_text(RESOLVED)
    result = run("update", "2026-03-04-api", "-s", "identified", "-m", "Root cause found.",
                 "--now", "2026-03-06T15:00:00Z", ok=False)
    assert ('"identified" cannot follow "resolved": it is already closed. A root-cause write-up or a later note is '
            'its post-incident report: statusgen postmortem 2026-03-04-api --publish -m "..." (or without them for the '
            "report skeleton, to fill in and publish later); if the problem came back, open a new incident file") \
        in result.output



def test_postmortem_with_a_message_and_publish_publishes_that_note_as_the_report(project):  # noqa: F811
    path = project / "incidents" / "2026-03-04-api.md"
    path.write_text(RESOLVED)
    run("postmortem", "2026-03-04-api", "--publish", "-m", "Root cause: an expired certificate on one load "
        "balancer.", "--now", "2026-03-06T15:00:00Z")
    text = path.read_text()
    assert text == RESOLVED.replace("\n---\n", "\nreport_published: 2026-03-06T15:00:00Z\n---\n") \
        + "\nRoot cause: an expired certificate on one load balancer.\n"
    state = load_state(project / "mkdocs.yml", NOW)
    assert state.incidents[0].report == "Root cause: an expired certificate on one load balancer."


def test_postmortem_refuses_an_empty_message(project):  # noqa: F811
    (project / "incidents" / "2026-03-04-api.md").write_text(RESOLVED)
    result = run("postmortem", "2026-03-04-api", "-m", "  ", "--now", "2026-03-06T15:00:00Z", ok=False)
    assert "statusgen postmortem: --message must not be empty" in result.output
