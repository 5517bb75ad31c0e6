"""`statusgen ingest` end to end: each sender's payloads (tests/intake/payloads/<sender>/, shaped as the
sender's documentation shows them) through the command, in a project the test writes; the JSON it
prints, the draft file it writes, idempotence, the flap window through a full site build, and the
failures that stop it (exit 2, a message, no traceback)."""
from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.core.timeutil import iso_z
from generator.read.reader import split_source
from generator.intake.senders import read_payload

from sample import write_project

PAYLOADS = Path(__file__).resolve().parent / "intake" / "payloads"
SENDERS = sorted(p.name for p in PAYLOADS.iterdir() if (p / "firing.json").is_file())
KEYS = ["action", "sender", "alert_key", "state", "incident", "path", "draft", "branch", "title", "changes", "reason"]
# Every alert becomes a P2 on the API, so each sender's file can be checked the same way.
CATCH_ALL = "intake:\n  {extra}\n  rules:\n    - match: {}\n      severity: P2\n      components: {api: partial_outage}\n"


def project(root: Path, extra: str = "unmapped: draft") -> Path:
    write_project(root, {}, options=CATCH_ALL.replace("{extra}", extra))
    return root / "mkdocs.yml"


def payload(sender: str, name: str) -> Path:
    return PAYLOADS / sender / f"{name}.json"


def event_of(sender: str, name: str):
    return read_payload(payload(sender, name).read_bytes(), sender)


def later(sender: str, *names: str) -> str:
    """A moment after every time in these payloads: when the command runs."""
    moments = [t for n in names for t in (event_of(sender, n).started, event_of(sender, n).at) if t is not None]
    return iso_z(max(moments) + timedelta(minutes=1))


def ingest(mkdocs: Path, *args: str, code: int = 0, stdin: bytes | None = None):
    result = CliRunner().invoke(main, ["ingest", "-f", str(mkdocs), *args], input=stdin)
    assert "Traceback" not in result.output + (result.stderr or "")
    assert result.exit_code == code, (result.output, result.stderr)
    if code:
        assert result.stdout == ""
        return result.stderr
    assert result.stderr == ""
    [line] = result.stdout.splitlines()
    found = json.loads(line)
    assert list(found) == KEYS and re.fullmatch(r"statusgen-alert/[a-z0-9-]+-[0-9a-f]{12}", found["branch"])
    return found


def front(path: Path) -> dict:
    """The front matter as the reader splits it (a "---" inside a block value does not end it)."""
    source, _ = split_source(path.read_text(encoding="utf-8"), path, path.name)
    return yaml.safe_load(source.front_matter)


@pytest.mark.parametrize("sender", SENDERS)
def test_each_senders_alert_becomes_one_draft_and_repeats_change_nothing(tmp_path, sender):
    mkdocs = project(tmp_path, "flap_window: 0")
    event = event_of(sender, "firing")
    now = later(sender, "firing")
    created = ingest(mkdocs, "--sender", sender, "--now", now, str(payload(sender, "firing")))
    assert created["action"] == "created" and created["draft"] is True
    assert (created["sender"], created["alert_key"], created["state"]) == (sender, event.key, "firing")
    assert created["branch"].startswith(f"statusgen-alert/{sender}-")
    path = tmp_path / created["path"]
    assert path.stem == created["incident"] and path.is_file()
    facts = front(path)
    assert facts["draft"] is True and facts["title"] == created["title"] == event.title
    assert (facts["severity"], facts["components"]) == ("P2", {"api": "partial_outage"})
    assert facts["detected"] == facts["started"] == event.started.replace(microsecond=0)
    assert [u["status"] for u in facts["updates"]] == ["investigating"]
    assert facts["internal"] == {"alert": {"sender": sender, "key": event.key, "labels": event.labels,
                                           "annotations": event.annotations, "links": list(event.links)}}
    original = path.read_bytes()

    # The same alert again, recognised by its shape this time: the file stays byte for byte.
    again = ingest(mkdocs, "--now", later(sender, "repeated"), str(payload(sender, "repeated")))
    assert (again["action"], again["incident"], again["changes"]) == ("unchanged", created["incident"], [])
    assert again["branch"] == created["branch"]
    assert path.read_bytes() == original

    if payload(sender, "acknowledged").is_file():
        ack = ingest(mkdocs, "--sender", sender, "--now", later(sender, "acknowledged"),
                     str(payload(sender, "acknowledged")))
        assert ack["action"] == "updated" and front(path)["acknowledged"] is not None
        assert ingest(mkdocs, "--now", later(sender, "acknowledged"),
                      str(payload(sender, "acknowledged")))["action"] == "unchanged"

    resolved_now = later(sender, "firing", "resolved")
    done = ingest(mkdocs, "--sender", sender, "--now", resolved_now, str(payload(sender, "resolved")))
    assert done["action"] == "updated" and done["changes"] == ["added the resolving update"]
    facts = front(path)
    assert [u["status"] for u in facts["updates"]][-1] == "resolved"
    assert sum(u["status"] == "resolved" for u in facts["updates"]) == 1
    assert facts["draft"] is True
    assert ingest(mkdocs, "--now", resolved_now, str(payload(sender, "resolved")))["action"] == "unchanged"
    assert len(list((tmp_path / "incidents").rglob("*.md"))) == 1


@pytest.mark.parametrize("sender", SENDERS)
def test_a_flap_leaves_nothing_public(tmp_path, sender):
    from generator.write.build import build_site
    from generator.core.timeutil import parse_time

    # A flap window longer than the fixture's alert lasted: firing then resolved is a flap.
    mkdocs = project(tmp_path, "flap_window: 3650d")
    now = later(sender, "firing", "resolved")
    created = ingest(mkdocs, "--now", now, str(payload(sender, "firing")))
    withdrawn = ingest(mkdocs, "--now", now, str(payload(sender, "resolved")))
    assert withdrawn["action"] == "withdrawn" and withdrawn["draft"] is True
    path = tmp_path / created["path"]
    facts = front(path)
    assert facts["draft"] is True and "withdrawn" in facts["internal"]["alert"]
    assert [u["status"] for u in facts["updates"]] == ["investigating"]

    site = build_site(mkdocs, now=parse_time(now) + timedelta(minutes=5)).site_dir
    event = event_of(sender, "firing")
    # Label values are often common words ("critical"); what only this alert says is checked instead.
    secrets = [created["incident"], event.title, event.key, *event.annotations.values(), *event.links]
    secrets = [s for s in secrets if len(s) >= 8]  # a monitor id such as "14" is in any file
    written = [p for p in Path(site).rglob("*") if p.is_file()]
    assert written
    for file in written:
        text = file.read_bytes().decode("utf-8", "replace")
        for secret in secrets:
            assert secret not in text, (file, secret)
    summary = json.loads((Path(site) / "api" / "v2" / "summary.json").read_text(encoding="utf-8"))
    assert summary["incidents"] == [] and {c["status"] for c in summary["components"]} == {"operational"}


NOT_ALERTS = sorted((p.parent.name, p.stem) for p in PAYLOADS.glob("*/*.json")
                    if p.stem not in ("firing", "repeated", "acknowledged", "resolved"))


@pytest.mark.parametrize("sender, name", NOT_ALERTS)
def test_a_notification_that_is_no_alert_is_ignored(tmp_path, sender, name):
    """Uptime Kuma's pending and test beats, Datadog's warnings, PagerDuty's ping and escalations."""
    mkdocs = project(tmp_path)
    result = ingest(mkdocs, "--now", "2026-03-04T12:00:00Z", str(PAYLOADS / sender / f"{name}.json"))
    assert result["action"] == "ignored" and result["reason"] and result["incident"] is None
    assert result["sender"] == sender and result["branch"].startswith(f"statusgen-alert/{sender}-")
    assert not list((tmp_path / "incidents").rglob("*.md"))


def test_stdin_and_the_unmapped_policy(tmp_path):
    sender = SENDERS[0]
    write_project(tmp_path, {}, options="intake:\n  unmapped: ignore\n")
    mkdocs = tmp_path / "mkdocs.yml"
    ignored = ingest(mkdocs, "--now", later(sender, "firing"), "-", stdin=payload(sender, "firing").read_bytes())
    assert ignored["action"] == "ignored" and ignored["incident"] is None and ignored["path"] is None
    assert "unmapped is ignore" in ignored["reason"]
    assert not list((tmp_path / "incidents").rglob("*.md"))


def test_what_stops_it_is_a_message_and_exit_2(tmp_path):
    sender = SENDERS[0]
    mkdocs = project(tmp_path)
    firing = str(payload(sender, "firing"))
    assert "not JSON" in ingest(mkdocs, "-", stdin=b"{not json", code=2)
    assert "unknown sender 'nagios'" in ingest(mkdocs, "--sender", "nagios", firing, code=2)
    assert "no such file" in ingest(mkdocs, str(tmp_path / "missing.json"), code=2)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (1024 * 1024) + b"{}")
    assert "larger than 1 MiB" in ingest(mkdocs, str(big), code=2)
    # mkdocs.yml with a mistake in the intake options: the option and its line, nothing written.
    broken = tmp_path / "broken"
    write_project(broken, {}, options="intake:\n  unmaped: ignore\n")
    message = ingest(broken / "mkdocs.yml", firing, code=2)
    assert re.search(r"mkdocs\.yml:\d+: plugins\.statusgen\.intake\.unmaped: unknown option", message)
    # The alert's own file made invalid by hand: named, with its line; nothing else written.
    created = ingest(mkdocs, "--now", later(sender, "firing"), firing)
    path = tmp_path / created["path"]
    path.write_text(path.read_text(encoding="utf-8").replace("severity: P2", "severity: P9"), encoding="utf-8")
    before = path.read_bytes()
    message = ingest(mkdocs, "--now", later(sender, "firing", "resolved"), str(payload(sender, "resolved")), code=2)
    assert re.search(rf"{re.escape(created['path'])}:\d+: .*P9", message) and "send the alert again" in message
    assert path.read_bytes() == before and len(list((tmp_path / "incidents").rglob("*.md"))) == 1
