"""The procedures' minimum monitoring before "resolved" (a severity's monitor_for): resolving sooner after
monitoring began is a policy warning, printed by `statusgen resolve` (which still resolves) and failing
`validate --strict`."""
from __future__ import annotations

import yaml

from generator.read.reader import split_source

from sample import incident, write_project
from test_cli import project, run  # noqa: F401  (project is a fixture: the same CLI project and runner)


def front_matter(path):
    source, _ = split_source(path.read_text(), path, path.name)
    return yaml.safe_load(source.front_matter)


MONITORED = incident(severity="P2", updates=[
    ("2026-03-04T09:12:00Z", "investigating", "Looking."),
    ("2026-03-04T09:40:00Z", "monitoring", "A fix is out; watching."),
    ("2026-03-04T09:45:00Z", "identified", "Errors are back; still on it."),
    ("2026-03-04T10:00:00Z", "monitoring", "A second fix is out."),
])


def test_resolving_sooner_than_monitor_for_warns_and_still_resolves(project):
    write_project(project, {"2026-03-04-api.md": MONITORED})
    result = run("resolve", "2026-03-04-api", "--now", "2026-03-04T10:06:00Z")  # 6 min after the second fix: the watch restarted
    assert "resolved incidents/2026-03-04-api.md" in result.output
    lines = (project / "incidents" / "2026-03-04-api.md").read_text().splitlines()
    assert lines[19] == "  - at: 2026-03-04T10:06:00Z"  # the warning names the resolving update's line
    assert ("incidents/2026-03-04-api.md:20: warning: resolved 6 min after monitoring began; P2 asks to watch the "
            "fix for at least 10 min (status monitoring) before resolving") in result.output
    assert front_matter(project / "incidents" / "2026-03-04-api.md")["updates"][-1]["status"] == "resolved"
    strict = run("validate", "--strict", "--now", "2026-03-04T10:07:00Z", ok=False)
    assert "resolved 6 min after monitoring began" in strict.output


def test_monitor_for_long_enough_or_not_asked_is_quiet(project):
    write_project(project, {"2026-03-04-api.md": MONITORED})
    result = run("resolve", "2026-03-04-api", "--now", "2026-03-04T10:10:00Z")
    assert "warning" not in result.output
    options = {"severities": [{"id": "P2", "name": "High", "monitor_for": "30m"}]}
    write_project(project, {"2026-03-04-api.md": MONITORED}, options=options)
    assert "P2 asks to watch the fix for at least 30 min" in run("resolve", "2026-03-04-api", "--now", "2026-03-04T10:10:00Z").output
    write_project(project, {"2026-03-04-api.md": MONITORED}, options={"severities": "p0-p3"})
    assert "warning" not in run("resolve", "2026-03-04-api", "--now", "2026-03-04T10:01:00Z").output


def test_monitor_for_is_checked_like_every_duration(project):
    write_project(project, {}, options={"severities": [{"id": "P2", "name": "High", "monitor_for": "a while"}]})
    result = run("validate", ok=False)
    assert 'plugins.statusgen.severities[0].monitor_for: "a while" is not a duration' in result.output
