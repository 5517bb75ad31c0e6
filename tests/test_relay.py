"""relay/relay.py on 127.0.0.1, in front of the strict stand-in of GitHub's REST API: a PagerDuty v3
webhook signed with the subscription's secret becomes one repository_dispatch event; a bad or missing
signature, a wrong bearer secret, an oversized or non-JSON body is refused and nothing is forwarded;
a GitHub that does not answer costs the sender at most the forward deadline."""
from __future__ import annotations

import hashlib
import hmac
import http.client
import importlib.util
import json
import sys
import threading
import time
from pathlib import Path

import pytest
from github_api import GitHubAPI
from servers import Silent

ROOT = Path(__file__).resolve().parents[1]
SPEC = importlib.util.spec_from_file_location("statusgen_relay", ROOT / "relay" / "relay.py")
relay = importlib.util.module_from_spec(SPEC)
sys.modules[SPEC.name] = relay  # dataclasses look their module up by name
SPEC.loader.exec_module(relay)

TOKEN = "github_pat_relay-token"
PD_SECRET = "pd-subscription-secret"
SHARED = "shared-bearer-secret"
# A PagerDuty v3 webhook as its documentation shows one: an event envelope around the incident.
PAGERDUTY = {"event": {"id": "01DEN1HNLBC1VITSQL1PXP9EYG", "event_type": "incident.triggered",
                       "resource_type": "incident", "occurred_at": "2026-12-06T02:58:00.000Z",
                       "agent": None, "client": None,
                       "data": {"id": "PGR0VU2", "type": "incident", "title": "Checkout errors",
                                "status": "triggered", "number": 2,
                                "html_url": "https://acme.pagerduty.com/incidents/PGR0VU2",
                                "service": {"id": "PF9KMXH", "summary": "Checkout", "type": "service_reference"},
                                "urgency": "high", "priority": None}}}


def sign(body: bytes, secret: str = PD_SECRET) -> str:
    return "v1=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class Relay:
    def __init__(self, api_url: str, seconds: float = 5.0, max_bytes: int = 4096):
        self.settings = relay.Settings(TOKEN, "acme/status", PD_SECRET, SHARED, api_url, max_bytes, seconds)

    def __enter__(self):
        self.server = relay.serve(self.settings, "127.0.0.1", 0)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def post(self, path: str, body: bytes, headers: dict) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.server.server_address[1], timeout=20)
        try:
            connection.request("POST", path, body=body, headers={"Content-Type": "application/json", **headers})
            response = connection.getresponse()
            return response.status, response.read().decode()
        finally:
            connection.close()


@pytest.fixture
def api():
    with GitHubAPI("acme/status", TOKEN) as server:
        yield server


def test_a_signed_pagerduty_webhook_becomes_one_dispatch(api):
    body = json.dumps(PAGERDUTY).encode()
    with Relay(api.url) as server:
        status, text = server.post("/pagerduty", body, {"X-PagerDuty-Signature": sign(body)})
        # While the secret is rotated PagerDuty sends both signatures; one match is enough.
        rotated = server.post("/pagerduty", body, {"X-PagerDuty-Signature": f"{sign(body, 'old')},{sign(body)}"})

    assert (status, rotated[0]) == (202, 202), text
    assert api.violations == []
    assert api.dispatches == [{"event_type": "alert", "client_payload": {"sender": "pagerduty", "payload": PAGERDUTY}}] * 2
    [call, _] = api.calls
    assert (call.method, call.path) == ("POST", "/repos/acme/status/dispatches")
    assert call.headers["x-github-api-version"] == "2022-11-28"


@pytest.mark.parametrize("path, headers, body, status, words", [
    ("/pagerduty", {"X-PagerDuty-Signature": "v1=" + "0" * 64}, None, 401, "does not match"),
    ("/pagerduty", {}, None, 401, "does not match"),
    ("/pagerduty", "tampered", None, 401, "does not match"),
    ("/alertmanager", {"Authorization": "Bearer wrong"}, None, 401, "bearer secret"),
    ("/alertmanager", {}, None, 401, "bearer secret"),
    ("/alertmanager", {"Authorization": f"Bearer {SHARED}"}, b"[1, 2]", 400, "not a JSON object"),
    ("/alertmanager", {"Authorization": f"Bearer {SHARED}"}, b"{not json", 400, "not JSON"),
    ("/alertmanager", {"Authorization": f"Bearer {SHARED}"}, b"{" + b" " * 5000 + b"}", 413, "larger than 4096"),
    ("/nagios", {"Authorization": f"Bearer {SHARED}"}, None, 404, "not a sender"),
])
def test_what_the_relay_refuses_is_never_forwarded(api, path, headers, body, status, words):
    data = body if body is not None else json.dumps(PAGERDUTY).encode()
    if headers == "tampered":  # signed, then changed on the way
        headers = {"X-PagerDuty-Signature": sign(data)}
        data = data.replace(b"Checkout errors", b"Checkout errorz")
    with Relay(api.url) as server:
        got, text = server.post(path, data, headers)
    assert (got, words in text) == (status, True), text
    assert api.calls == [] and api.dispatches == []


def test_the_bearer_secret_lets_alertmanager_through(api):
    body = json.dumps({"version": "4", "status": "firing", "alerts": []}).encode()
    with Relay(api.url) as server:
        status, _ = server.post("/alertmanager", body, {"Authorization": f"Bearer {SHARED}"})
    assert status == 202
    assert api.dispatches[0]["client_payload"]["sender"] == "alertmanager"


def test_a_github_that_refuses_or_never_answers_is_reported_to_the_sender_in_time(api):
    body = json.dumps(PAGERDUTY).encode()
    with Relay(api.url) as server:
        server.settings = relay.Settings("wrong-token", "acme/status", PD_SECRET, SHARED, api.url, 4096, 5.0)
        server.server.RequestHandlerClass = relay.make_handler(server.settings)
        refused = server.post("/pagerduty", body, {"X-PagerDuty-Signature": sign(body)})
    assert refused[0] == 502 and "401" in refused[1]
    with Silent() as silent, Relay(silent.url("").rstrip("/"), seconds=1.0) as server:
        started = time.monotonic()
        status, text = server.post("/pagerduty", body, {"X-PagerDuty-Signature": sign(body)})
        took = time.monotonic() - started
    assert status == 504 and took < 3, (status, text, took)


def test_settings_come_from_the_environment_and_say_what_is_missing():
    with pytest.raises(SystemExit, match="RELAY_GITHUB_TOKEN is not set.*RELAY_REPOSITORY is not OWNER/REPO"):
        relay.Settings.from_environment({})
    found = relay.Settings.from_environment({"RELAY_GITHUB_TOKEN": "t", "RELAY_REPOSITORY": "a/b",
                                             "RELAY_PAGERDUTY_SECRET": "s"})
    assert (found.api, found.max_bytes, found.forward_seconds) == ("https://api.github.com", 262144, 10.0)


def test_what_the_relay_forwards_is_what_the_workflow_reads(api, tmp_path):
    """The relay's dispatch, as GitHub hands it to the workflow, unwraps to the very body PagerDuty signed,
    and `statusgen ingest` reads it as PagerDuty's (the steps of .github/workflows/alert.yml)."""
    from click.testing import CliRunner
    from sample import write_project

    from generator.cli import main

    body = (ROOT / "tests" / "intake" / "payloads" / "pagerduty" / "firing.json").read_bytes()
    with Relay(api.url, max_bytes=65536) as server:
        assert server.post("/pagerduty", body, {"X-PagerDuty-Signature": sign(body)})[0] == 202
    [dispatch] = api.dispatches
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": dispatch["event_type"], "client_payload": dispatch["client_payload"]}))
    payload = tmp_path / "payload.json"
    unwrapped = CliRunner().invoke(main, ["alert-pr", "unwrap", str(event), str(payload)])
    assert (unwrapped.exit_code, unwrapped.output) == (0, "pagerduty\n"), unwrapped.output
    assert json.loads(payload.read_bytes()) == json.loads(body)
    project = write_project(tmp_path / "status", {})
    ingested = CliRunner().invoke(main, ["ingest", "--config-file", str(project.mkdocs), "--sender", "pagerduty",
                                         str(payload)])
    assert ingested.exit_code == 0, ingested.output
    result = json.loads(ingested.output)
    assert (result["action"], result["sender"]) == ("created", "pagerduty")
    assert result["branch"].startswith("statusgen-alert/pagerduty-")
