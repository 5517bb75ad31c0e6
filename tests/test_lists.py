"""E-mail to subscribers through a mailing-list provider: `statusgen notify` against loopback stand-ins of
Listmonk and Buttondown (tests/list_providers.py), with a record, in real git repositories."""
from __future__ import annotations

import json
import re
import textwrap
from email import message_from_bytes, policy

import pytest
from gitrepo import GitProject
from list_providers import Buttondown, Listmonk
from smtp_support import SmtpServer

NOW = "2026-03-04T12:00:00Z"
ID = "2026-03-04-sign-in"
FIRST = """
---
title: Sign-in unavailable
severity: P1
components:
  web: major_outage
started: 2026-03-04T10:00:00Z
updates:
  - at: 2026-03-04T10:03:00Z
    status: investigating
    message: Nobody can sign in. We are on it.
---
"""
SECOND = FIRST.rstrip().removesuffix("---") + """\
  - at: 2026-03-04T10:30:00Z
    status: identified
    message: An expired certificate; we are replacing it.
---
"""
RESOLVED = SECOND.rstrip().removesuffix("---") + """\
  - at: 2026-03-04T11:10:00Z
    status: resolved
    message: Sign-in works again for everyone.
---
"""
LIFECYCLE = (FIRST, SECOND, RESOLVED)


def listmonk_options(url: str, policy: str = "") -> str:
    return textwrap.dedent(f"""\
        mailing_list:
          provider: listmonk
          url: {url}
          audiences:
            everyone: [1]
            enterprise: [4]
            component:web: [7]
            component:api: [9]
        notifications:
          audiences:
            - name: enterprise
              description: Enterprise accounts
        """) + textwrap.indent(textwrap.dedent(policy), "  ")


def buttondown_options(url: str, everyone: str = "[tag-everyone]") -> str:
    return textwrap.dedent(f"""\
        mailing_list:
          provider: buttondown
          url: {url}
          audiences:
            everyone: {everyone}
            component:web: [tag-web]
        """)


def project(tmp_path, options: str) -> GitProject:
    return GitProject(tmp_path / "status", options=options)


def notify(repo, env, *extra):
    return repo.run("notify", "--now", NOW, "--backoff", "0", "--attempts", "1", "--timeout", "2", *extra, env=env)


def post(repo, text: str) -> str:
    repo.write(f"{ID}.md", text)
    return repo.commit("update")


def record_lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.fixture
def listmonk():
    with Listmonk() as server:
        yield server


@pytest.fixture
def buttondown():
    with Buttondown() as server:
        yield server


def test_a_p1_lifecycle_goes_to_the_lists_once_each_in_the_documented_requests(tmp_path, listmonk):
    repo = project(tmp_path, listmonk_options(listmonk.url))
    record = tmp_path / "record.jsonl"
    env = {**listmonk.env(), "STATUSGEN_RECORD": str(record)}
    assert notify(repo, env, "--begin-record").exit_code == 0
    for text in LIFECYCLE:
        post(repo, text)
        done = notify(repo, env)
        assert done.exit_code == 0, done.output
        again = notify(repo, env)  # nothing new: nothing asked of the provider
        assert again.exit_code == 0, again.output
    assert listmonk.refused == []
    # Per message: look first, create the draft, start it. Nothing else, nothing twice.
    assert listmonk.routes() == ["GET /api/campaigns", "POST /api/campaigns", "PUT /api/campaigns/1/status",
                                 "GET /api/campaigns", "POST /api/campaigns", "PUT /api/campaigns/2/status",
                                 "GET /api/campaigns", "POST /api/campaigns", "PUT /api/campaigns/3/status"]
    assert [c["status"] for c in listmonk.campaigns] == ["running"] * 3
    # everyone's list and the affected component's followers; enterprise and api are not this message's
    assert {tuple(x["id"] for x in c["lists"]) for c in listmonk.campaigns} == {(1, 7)}
    first, second, last = listmonk.campaigns
    assert "Nobody can sign in" in first["body"] and "Nobody can sign in" in first["altbody"]
    assert "expired certificate" in second["body"] and "works again" in last["body"]
    assert "<html" not in first["body"] and first["content_type"] == "html"
    assert all(s.headers["Authorization"] == "token statusgen:s3cret-token" for s in listmonk.seen)
    # The record: attempt then outcome per message, with audiences and lists, never an address or a secret.
    lines = [x for x in record_lines(record) if x.get("channel") == "mailing-list"]
    assert [x["type"] for x in lines] == ["attempt", "outcome"] * 3
    assert lines[0]["audiences"] == ["everyone", "component:web"] and lines[0]["lists"] == [1, 7]
    assert lines[0]["provider"] == "listmonk" and all(x.get("outcome", "sent") == "sent" for x in lines)
    assert "s3cret-token" not in record.read_text()


def test_the_subscribers_get_the_same_words_as_the_smtp_e_mail(tmp_path, listmonk):
    repo = project(tmp_path, listmonk_options(listmonk.url))
    with SmtpServer(tmp_path, mode="plain") as smtp:
        env = {**listmonk.env(), **smtp.env(), "STATUSGEN_RECORD": str(tmp_path / "r.jsonl")}
        assert notify(repo, env, "--begin-record").exit_code == 0
        post(repo, FIRST.replace("We are on it.", "We are on it {{ .Subscriber.Email }}."))
        done = notify(repo, env)
        assert done.exit_code == 0, done.output
        assert len(smtp.handler.messages) == 1  # the plain SMTP target stays, for everyone
        mail = message_from_bytes(smtp.handler.messages[0][2].as_bytes(), policy=policy.default)
    campaign, = listmonk.campaigns
    assert campaign["subject"] == str(mail["Subject"])
    text = mail.get_body(("plain",)).get_content().replace("\r\n", "\n")
    # Listmonk reads Go templates: the incident's "{{" is printed as written, never evaluated.
    assert campaign["altbody"].replace('{{"{{"}}', "{{").strip() == text.strip()
    assert "{{ .Subscriber" not in campaign["body"] and "&#123;&#123; .Subscriber.Email &#125;&#125;" in campaign["body"]
    assert '{{"{{"}} .Subscriber.Email }}' in campaign["altbody"]


def test_a_lost_answer_to_the_create_is_found_and_started_not_sent_twice(tmp_path, listmonk):
    repo = project(tmp_path, listmonk_options(listmonk.url))
    env = {**listmonk.env(), "STATUSGEN_RECORD": str(tmp_path / "r.jsonl")}
    assert notify(repo, env, "--begin-record").exit_code == 0
    post(repo, FIRST)
    listmonk.fault("POST /api/campaigns", "lost")
    done = notify(repo, env)
    assert done.exit_code == 0, done.output
    assert listmonk.routes() == ["GET /api/campaigns", "POST /api/campaigns", "GET /api/campaigns",
                                 "PUT /api/campaigns/1/status"]
    assert len(listmonk.campaigns) == 1 and listmonk.started() == listmonk.campaigns
    assert listmonk.refused == []


def test_a_lost_answer_to_the_start_is_checked_not_started_again(tmp_path, listmonk):
    repo = project(tmp_path, listmonk_options(listmonk.url))
    env = {**listmonk.env(), "STATUSGEN_RECORD": str(tmp_path / "r.jsonl")}
    assert notify(repo, env, "--begin-record").exit_code == 0
    post(repo, FIRST)
    listmonk.fault("PUT /api/campaigns/1/status", "lost")
    done = notify(repo, env)
    assert done.exit_code == 0, done.output
    assert listmonk.routes()[-1] == "GET /api/campaigns" and listmonk.routes().count("PUT /api/campaigns/1/status") == 1
    assert len(listmonk.started()) == 1 and listmonk.refused == []


def test_a_lost_answer_that_cannot_be_checked_is_held_and_a_deliberate_resend_still_sends_once(tmp_path, listmonk):
    repo = project(tmp_path, listmonk_options(listmonk.url))
    record = tmp_path / "r.jsonl"
    env = {**listmonk.env(), "STATUSGEN_RECORD": str(record)}
    assert notify(repo, env, "--begin-record").exit_code == 0
    start = post(repo, FIRST)
    listmonk.fault("POST /api/campaigns", "lost")
    listmonk.fault("GET /api/campaigns", "", "500")  # the first look answers, the one after the lost create fails
    held = notify(repo, env)
    assert held.exit_code == 1 and "UNKNOWN" in held.output
    assert [c["status"] for c in listmonk.campaigns] == ["draft"]  # created, never started
    outcome = [x for x in record_lines(record) if x["type"] == "outcome" and x["channel"] == "mailing-list"][-1]
    assert outcome["outcome"] == "unknown"
    before = len(listmonk.seen)
    later = notify(repo, env)  # held: not sent again, not even asked
    assert "is unknown" in later.output and len(listmonk.seen) == before
    mid = outcome["message_id"]
    resent = notify(repo, env, "--since", f"{start}~1", "--resend", mid)
    assert resent.exit_code == 0, resent.output
    assert len(listmonk.campaigns) == 1 and len(listmonk.started()) == 1  # the draft was found and started
    assert listmonk.refused == []


def test_a_failure_is_retried_by_the_next_run(tmp_path, listmonk):
    repo = project(tmp_path, listmonk_options(listmonk.url))
    env = {**listmonk.env(), "STATUSGEN_RECORD": str(tmp_path / "r.jsonl")}
    assert notify(repo, env, "--begin-record").exit_code == 0
    post(repo, FIRST)
    listmonk.fault("POST /api/campaigns", "500")
    failed = notify(repo, env)
    assert failed.exit_code == 1 and "FAILED" in failed.output and listmonk.campaigns == []
    retried = notify(repo, env)
    assert retried.exit_code == 0, retried.output
    assert len(listmonk.started()) == 1 and len(listmonk.campaigns) == 1 and listmonk.refused == []


def test_buttondown_p1_lifecycle_drafts_then_sends_each_message_once_to_the_tags(tmp_path, buttondown):
    repo = project(tmp_path, buttondown_options(buttondown.url))
    env = {**buttondown.env(), "STATUSGEN_RECORD": str(tmp_path / "r.jsonl")}
    assert notify(repo, env, "--begin-record").exit_code == 0
    for text in LIFECYCLE:
        post(repo, text)
        assert notify(repo, env).exit_code == 0
        assert notify(repo, env).exit_code == 0
    assert buttondown.refused == []
    ids = [e["id"] for e in buttondown.emails]
    assert buttondown.routes() == [r for i in ids for r in ("GET /v1/emails", "POST /v1/emails",
                                                            f"PATCH /v1/emails/{i}")]
    assert [e["id"] for e in buttondown.sent] == ids  # each queued to subscribers once
    created = [s.body for s in buttondown.seen if s.method == "POST"]
    assert all(b["status"] == "draft" for b in created)  # a create never sends; the PATCH does
    assert {v["value"] for b in created for v in b["filters"]["filters"]} == {"tag-everyone", "tag-web"}
    assert all(b["filters"]["predicate"] == "or" for b in created)
    assert created[0]["metadata"]["statusgen_message_id"].endswith(".mailing-list@status.example.com>")
    assert "Nobody can sign in" in created[0]["body"]


def test_buttondown_everyone_as_all_sends_without_a_filter_and_a_lost_create_is_found(tmp_path, buttondown):
    repo = project(tmp_path, buttondown_options(buttondown.url, everyone="all"))
    env = {**buttondown.env(), "STATUSGEN_RECORD": str(tmp_path / "r.jsonl")}
    assert notify(repo, env, "--begin-record").exit_code == 0
    post(repo, FIRST)
    buttondown.fault("POST /v1/emails", "lost")
    assert notify(repo, env).exit_code == 0
    body = next(s.body for s in buttondown.seen if s.method == "POST")
    assert "filters" not in body
    assert len(buttondown.emails) == 1 and len(buttondown.sent) == 1 and buttondown.refused == []


def test_a_missing_secret_stops_the_run_before_anything_is_sent(tmp_path, listmonk):
    repo = project(tmp_path, listmonk_options(listmonk.url))
    env = {**listmonk.env(), "STATUSGEN_RECORD": str(tmp_path / "r.jsonl")}
    assert notify(repo, env, "--begin-record").exit_code == 0
    post(repo, FIRST)
    done = notify(repo, {**env, "STATUSGEN_LISTMONK_TOKEN": ""})
    assert done.exit_code != 0 and "STATUSGEN_LISTMONK_TOKEN: is not set" in done.output
    assert "Traceback" not in done.output and listmonk.seen == []


def test_mailing_list_options_are_checked_with_file_and_line_all_at_once(tmp_path):
    options = textwrap.dedent("""\
        mailing_list:
          provider: listmonk
          url: http://lists.example.com
          audiences:
            everyone: [1, "two"]
            component:nope: [3]
            Big Customers: [4]
          signup:
            everyone: javascript:alert(1)
        """)
    repo = project(tmp_path, options)
    done = repo.run("validate")
    assert done.exit_code != 0 and "Traceback" not in done.output
    out = done.output
    assert "mkdocs.yml:" in out
    for said in ("plugins.statusgen.mailing_list.url", "unencrypted",
                 "plugins.statusgen.mailing_list.audiences.everyone[1]",
                 "'component:nope' names no configured component",
                 "'Big Customers' is not an audience name",
                 "plugins.statusgen.mailing_list.signup.everyone"):
        assert said in out, said
    unknown = project(tmp_path / "b", "mailing_list:\n  provider: mailchimp\n").run("validate")
    assert "unknown provider 'mailchimp'" in unknown.output and "listmonk, buttondown" in unknown.output


@pytest.mark.parametrize("audiences, lists, smtp", [
    ("[everyone, enterprise]", [1, 4, 7], 1),  # one campaign: a subscriber on both lists gets one copy
    ("[enterprise]", [4], 0),  # not everyone's: SMTP (everyone's) stays quiet, component followers too
])
def test_the_policy_s_audiences_choose_the_lists(tmp_path, listmonk, audiences, lists, smtp):
    policy = f"""\
        severities:
          P1:
            email:
              first: {audiences}
        """
    repo = project(tmp_path, listmonk_options(listmonk.url, policy))
    with SmtpServer(tmp_path, mode="plain") as server:
        env = {**listmonk.env(), **server.env(), "STATUSGEN_RECORD": str(tmp_path / "r.jsonl")}
        assert notify(repo, env, "--begin-record").exit_code == 0
        post(repo, FIRST)
        done = notify(repo, env)
        assert done.exit_code == 0, done.output
        assert len(server.handler.messages) == smtp
    campaign, = listmonk.campaigns
    assert [x["id"] for x in campaign["lists"]] == lists and campaign["status"] == "running"
    assert listmonk.refused == []


def test_an_audience_the_policy_does_not_know_is_named(tmp_path):
    options = "mailing_list:\n  provider: buttondown\n  audiences:\n    everyone: all\n    vip: [tag-1]\n"
    done = project(tmp_path, options).run("validate")
    assert done.exit_code != 0 and "plugins.statusgen.mailing_list.audiences.vip" in done.output
    assert "'vip' is not an audience of the notification policy" in done.output


def test_the_subscribe_page_links_each_audience_s_sign_up_page_and_nothing_else(tmp_path):
    from generator.write.build import build_site
    from sample import NOW as BUILD_NOW
    from sample import write_project

    page = "# Subscribe\n\n{{ email_signup }}\n\n## Feeds\n"
    options = textwrap.dedent("""\
        mailing_list:
          provider: buttondown
          audiences:
            everyone: all
          signup:
            component:api: https://buttondown.com/acme-status?tag=api&x="<b>
            everyone: https://buttondown.com/acme-status
        """)
    project = write_project(tmp_path / "a", {}, options=options, pages={"subscribe.md": page})
    build_site(project.mkdocs, now=BUILD_NOW)
    html = (project.site / "subscribe" / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    links = re.findall(r'<a href="([^"]*)" rel="noopener">([^<]*)</a>', article)
    assert links == [("https://buttondown.com/acme-status", "Every incident and maintenance"),
                     ("https://buttondown.com/acme-status?tag=api&amp;x=&quot;&lt;b&gt;", "Only Public API")]
    assert "<script" not in article.split("statusgen-signup")[1].split("</ul>")[0]
    assert "{{" not in article and "<h2" in article
    bare = write_project(tmp_path / "b", {}, pages={"subscribe.md": page})  # no provider: no section
    build_site(bare.mkdocs, now=BUILD_NOW)
    article = (bare.site / "subscribe" / "index.html").read_text(encoding="utf-8")
    assert "email_signup" not in article and "statusgen-signup" not in article and "E-mail" not in article


def test_a_provider_that_stalls_is_cut_off_at_the_deadline_and_what_it_did_is_found(tmp_path, listmonk):
    import time

    repo = project(tmp_path, listmonk_options(listmonk.url))
    env = {**listmonk.env(), "STATUSGEN_RECORD": str(tmp_path / "r.jsonl")}
    assert notify(repo, env, "--begin-record").exit_code == 0
    post(repo, FIRST)
    listmonk.fault("POST /api/campaigns", "stall")  # creates it, then never answers
    began = time.monotonic()
    done = repo.run("notify", "--now", NOW, "--backoff", "0", "--attempts", "1", "--timeout", "0.5", env=env)
    assert time.monotonic() - began < 4  # the stall lasts 5 s; each attempt is cut off at 0.5 s
    assert done.exit_code == 0, done.output
    assert len(listmonk.campaigns) == 1 and len(listmonk.started()) == 1 and listmonk.refused == []


def test_a_dry_run_needs_no_secret_and_says_the_provider_would_get_it(tmp_path, listmonk):
    repo = project(tmp_path, listmonk_options(listmonk.url))
    start = post(repo, FIRST)
    done = repo.run("notify", "--now", NOW, "--since", f"{start}~1", "--dry-run", env={})
    assert done.exit_code == 0, done.output
    assert "1 notification(s) would be sent" in done.output and listmonk.seen == []


def test_an_answer_not_in_the_documented_shape_sends_nothing_and_says_so(tmp_path, listmonk):
    from generator.notify.lists.deliver import send_campaign
    from generator.notify.lists.http import Reply
    from generator.notify.lists.campaign import Campaign
    from generator.notify.lists.providers import Listmonk as Client
    from generator.notify.send import Policy, Result

    campaign = Campaign("<m@x>", "s", "<p>h</p>", "t", ("everyone",), (1,))
    asked = []

    def http(method, url, auth, payload, policy, deadline):
        asked.append(method)
        found = {"data": {"results": [{"id": "12; DROP", "name": campaign.name, "tags": [], "status": "draft"}]}}
        return Reply(Result(True, 1, "HTTP 200"), found if method == "GET" else {"data": {"id": None}}, 200)

    result = send_campaign(campaign, Client("u", "t"), "http://127.0.0.1:1", Policy(), 1e12, http=http)
    assert not result.ok and "no numeric id" in result.detail and asked == ["GET"]


def test_buttondown_pages_are_followed_on_the_api_s_own_host_only(tmp_path, buttondown):
    from generator.notify.lists.campaign import Campaign
    from generator.notify.lists.deliver import send_campaign
    from generator.notify.lists.providers import Buttondown as Client
    from generator.notify.send import Policy

    buttondown.PAGE = 2
    for n in range(5):  # older emails; statusgen's draft is the oldest, on the last page
        buttondown.emails.append({"id": f"e{n}", "status": "sent" if n else "draft", "subject": "s",
                                  "metadata": {"statusgen_message_id": "<m@x>"} if n == 0 else {}})
    campaign = Campaign("<m@x>", "s", "<p>h</p>", "t", ("everyone",), (), everyone=True)
    deadline = __import__("time").monotonic() + 10
    result = send_campaign(campaign, Client(buttondown.key), buttondown.url, Policy(timeout=2, attempts=1), deadline)
    assert result.ok, result.detail
    assert buttondown.routes() == ["GET /v1/emails", "GET /v1/emails", "GET /v1/emails", "PATCH /v1/emails/e0"]
    assert [e["id"] for e in buttondown.sent] == ["e0"] and buttondown.refused == []
    assert Client.next_page({"next": "https://evil.example/v1/emails?page=2"}, buttondown.url) is None
