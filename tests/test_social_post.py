"""Posting the social channel to Mastodon and Bluesky: each message once, threaded, through the record.

Loopback stand-ins (tests/social_standins.py) check every request against the documented shape and
refuse anything else; a real git repository holds the incident, a file holds the record.
"""
from __future__ import annotations

import json

import pytest
from gitrepo import GitProject
from social_standins import Bluesky, Mastodon, graphemes

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
  - at: 2026-03-04T10:20:00Z
    status: identified
    message: An expired certificate; replacing it.
---
"""
THIRD = SECOND.rstrip().removesuffix("---") + """\
  - at: 2026-03-04T11:00:00Z
    status: resolved
    message: Sign-in works again.
---
"""
STAGES = (FIRST, SECOND, THIRD)


@pytest.fixture
def repo(tmp_path):
    return GitProject(tmp_path / "status")


def env_for(record, mastodon: Mastodon | None = None, bluesky: Bluesky | None = None) -> dict:
    env = {"STATUSGEN_RECORD": str(record)}
    if mastodon is not None:
        env |= {"STATUSGEN_MASTODON_TOKEN": mastodon.token, "STATUSGEN_MASTODON_URL": mastodon.url}
    if bluesky is not None:
        env |= {"STATUSGEN_BLUESKY_APP_PASSWORD": bluesky.password, "STATUSGEN_BLUESKY_HANDLE": bluesky.handle_name,
                "STATUSGEN_BLUESKY_SERVICE": bluesky.url}
    return env


def post(repo, text, message) -> str:
    repo.write(f"{ID}.md", text)
    return repo.commit(message)


def notify(repo, env, *extra, attempts="1"):
    return repo.run("notify", "--now", NOW, "--backoff", "0", "--attempts", attempts, "--timeout", "3", *extra,
                    env=env)


def lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def posted(record) -> list[dict]:
    """The record's outcomes of social posts."""
    return [e for e in lines(record) if e["type"] == "outcome" and e["channel"] in ("mastodon", "bluesky")]


def creates(bluesky: Bluesky) -> list[dict]:
    return [json.loads(b) for m, p, _, b in bluesky.requests if p == "/xrpc/com.atproto.repo.createRecord"]


def test_a_p1_lifecycle_posts_each_message_once_on_each_threaded_under_the_first(repo, tmp_path):
    record = tmp_path / "record.jsonl"
    with Mastodon() as mastodon, Bluesky() as bluesky:
        env = env_for(record, mastodon, bluesky)
        start = post(repo, FIRST, "investigating")
        runs = [notify(repo, env, "--since", f"{start}~1")]
        for stage, text in enumerate(STAGES[1:], start=2):
            post(repo, text, f"stage {stage}")
            runs.append(notify(repo, env))
        again = notify(repo, env, "--since", f"{start}~1")  # every message again: the record says sent
    for run in runs:
        assert run.exit_code == 0, run.output
    assert mastodon.refused == [] and bluesky.refused == []
    # Mastodon: three statuses, the second replying to the first, the third to the second.
    statuses = mastodon.statuses
    assert [s["content"].split(":")[0] for s in statuses] == ["Investigating", "Update (Identified)", "Resolved"]
    assert [s["in_reply_to_id"] for s in statuses] == [None, statuses[0]["id"], statuses[1]["id"]]
    assert all(s["visibility"] == "public" for s in statuses)
    keys = [h["Idempotency-Key"] for m, p, h, b in mastodon.requests if m == "POST"]
    assert len(keys) == len(set(keys)) == 3 and all(k.startswith(f"<statusgen.{ID}.") for k in keys)
    # Bluesky: three posts, each link a facet, the later ones replies in one thread under the first.
    posts = list(bluesky.posts.values())
    assert len(posts) == 3 and bluesky.sessions == 3  # one session a run
    first, second, third = posts
    assert "reply" not in first["value"]
    assert second["value"]["reply"] == {"root": {"uri": first["uri"], "cid": first["cid"]},
                                        "parent": {"uri": first["uri"], "cid": first["cid"]}}
    assert third["value"]["reply"] == {"root": {"uri": first["uri"], "cid": first["cid"]},
                                       "parent": {"uri": second["uri"], "cid": second["cid"]}}
    link = f"https://status.example.com/incidents/{ID}/"
    assert all(p["value"]["facets"][0]["features"][0]["uri"] == link for p in posts)
    # The run after changes nothing: nothing is posted twice.
    assert again.exit_code == 0 and len(mastodon.statuses) == 3 and len(bluesky.posts) == 3
    assert "0 notification(s) sent, 0 failed, 2 already sent" in again.output
    sent = [e for e in posted(record) if e["outcome"] == "sent"]
    assert sorted(e["channel"] for e in sent) == ["bluesky"] * 3 + ["mastodon"] * 3
    assert all(e["incident"] == ID and e["post"] for e in sent)


def test_x_stays_a_draft_and_a_dry_run_shows_every_platform(repo, tmp_path):
    with Mastodon() as mastodon, Bluesky() as bluesky:
        start = post(repo, FIRST, "investigating")
        shown = notify(repo, env_for(tmp_path / "r.jsonl", mastodon, bluesky) | {"STATUSGEN_RECORD": ""},
                       "--since", f"{start}~1", "--dry-run")
    assert shown.exit_code == 0, shown.output
    assert "X post (a draft: not posted):" in shown.output
    assert "Mastodon post:" in shown.output and "Bluesky post:" in shown.output
    assert mastodon.requests == [] and bluesky.requests == []


def test_a_lost_mastodon_answer_is_asked_again_with_the_same_key_and_posts_once(repo, tmp_path):
    record = tmp_path / "record.jsonl"
    with Mastodon(lose={"/api/v1/statuses": 1}) as mastodon:
        start = post(repo, FIRST, "investigating")
        run = notify(repo, env_for(record, mastodon), "--since", f"{start}~1", attempts="2")
    assert run.exit_code == 0, run.output
    posts = [r for r in mastodon.requests if r[0] == "POST"]
    assert len(posts) == 2 and len(mastodon.statuses) == 1 and mastodon.refused == []
    assert posts[0][2]["Idempotency-Key"] == posts[1][2]["Idempotency-Key"]
    [outcome] = posted(record)
    assert outcome["outcome"] == "sent" and outcome["post"]["id"] == mastodon.statuses[0]["id"]


def test_a_mastodon_answer_lost_on_the_last_try_is_asked_again_next_run_with_the_same_key(repo, tmp_path):
    record = tmp_path / "record.jsonl"
    with Mastodon(lose={"/api/v1/statuses": 1}) as mastodon:
        start = post(repo, FIRST, "investigating")
        first = notify(repo, env_for(record, mastodon), "--since", f"{start}~1")
        second = notify(repo, env_for(record, mastodon), "--since", f"{start}~1")
    assert first.exit_code == 1 and "UNKNOWN" in first.output
    assert "look for it on the account, settle it with --confirm-sent" in first.output
    assert second.exit_code == 0, second.output
    posts = [r for r in mastodon.requests if r[0] == "POST"]
    assert len(posts) == 2 and len(mastodon.statuses) == 1  # the same key: Mastodon answered the first status
    assert posts[0][2]["Idempotency-Key"] == posts[1][2]["Idempotency-Key"]
    assert [e["outcome"] for e in posted(record)] == ["unknown", "sent"]


def test_a_mastodon_post_unknown_for_longer_than_its_key_is_kept_is_held(repo, tmp_path):
    record = tmp_path / "record.jsonl"
    with Mastodon(lose={"/api/v1/statuses": 1}) as mastodon:
        start = post(repo, FIRST, "investigating")
        first = notify(repo, env_for(record, mastodon), "--since", f"{start}~1")
        # An hour later the key no longer protects: the record's lines are made an hour older.
        older = [json.dumps({**e, "time": "2020-01-01T00:00:00Z"} if e.get("channel") == "mastodon" else e)
                 for e in lines(record)]
        record.write_text("\n".join(older) + "\n")
        second = notify(repo, env_for(record, mastodon), "--since", f"{start}~1")
    assert first.exit_code == 1
    assert "is unknown" in second.output and "held" in second.output and "--confirm-sent" in second.output
    assert len([r for r in mastodon.requests if r[0] == "POST"]) == 1 and len(mastodon.statuses) == 1


def test_a_lost_bluesky_answer_is_found_under_its_record_key_and_posts_once(repo, tmp_path):
    record = tmp_path / "record.jsonl"
    with Bluesky(lose={"/xrpc/com.atproto.repo.createRecord": 1}) as bluesky:
        start = post(repo, FIRST, "investigating")
        run = notify(repo, env_for(record, bluesky=bluesky), "--since", f"{start}~1", attempts="2")
    assert run.exit_code == 0, run.output
    assert len(creates(bluesky)) == 1 and len(bluesky.posts) == 1 and bluesky.refused == []
    looked = [p for m, p, _, _ in bluesky.requests if m == "GET"]
    [rkey] = bluesky.posts
    assert len(looked) == 1 and f"rkey={rkey}" in looked[0]
    attempt = next(e for e in lines(record) if e["type"] == "attempt")
    assert attempt["rkey"] == rkey  # written down before the post went out


def test_a_lost_bluesky_answer_is_settled_by_the_next_run_without_a_second_post(repo, tmp_path):
    record = tmp_path / "record.jsonl"
    with Bluesky(lose={"/xrpc/com.atproto.repo.createRecord": 1}) as bluesky:
        start = post(repo, FIRST, "investigating")
        first = notify(repo, env_for(record, bluesky=bluesky), "--since", f"{start}~1")
        second = notify(repo, env_for(record, bluesky=bluesky))
    assert first.exit_code == 1 and "looks for the post under record key" in first.output
    assert second.exit_code == 0, second.output
    assert len(creates(bluesky)) == 1 and len(bluesky.posts) == 1 and bluesky.refused == []
    outcomes = posted(record)
    assert [e["outcome"] for e in outcomes] == ["failed", "sent"]
    assert outcomes[1]["post"]["uri"] == next(iter(bluesky.posts.values()))["uri"]


def test_a_failure_is_posted_by_the_next_run(repo, tmp_path):
    record = tmp_path / "record.jsonl"
    with Mastodon(codes={"/api/v1/statuses": [503]}) as mastodon, \
            Bluesky(codes={"/xrpc/com.atproto.repo.createRecord": [502]}) as bluesky:
        env = env_for(record, mastodon, bluesky)
        start = post(repo, FIRST, "investigating")
        first = notify(repo, env, "--since", f"{start}~1")
        second = notify(repo, env)
        third = notify(repo, env)
    assert first.exit_code == 1 and second.exit_code == 0, second.output
    assert len(mastodon.statuses) == 1 and len(bluesky.posts) == 1
    assert mastodon.refused == [] and bluesky.refused == []
    assert "0 change(s) to announce" in third.output


def test_a_long_title_fits_bluesky_in_graphemes(repo, tmp_path):
    family = "\U0001F469\u200d\U0001F469\u200d\U0001F467"  # one grapheme, five code points, 18 bytes
    long = FIRST.replace("title: Sign-in unavailable", "title: Sign-in " + (family + " ") * 400)
    record = tmp_path / "record.jsonl"
    with Bluesky() as bluesky:
        start = post(repo, long, "investigating")
        run = notify(repo, env_for(record, bluesky=bluesky), "--since", f"{start}~1")
    assert run.exit_code == 0, run.output
    assert bluesky.refused == []
    [created] = bluesky.posts.values()
    text = created["value"]["text"]
    assert graphemes(text) <= 300 and len(text.encode()) <= 3000 and "…" in text and family in text


def test_a_token_without_its_settings_is_said_before_anything_is_sent(repo, tmp_path):
    start = post(repo, FIRST, "investigating")
    run = notify(repo, {"STATUSGEN_RECORD": str(tmp_path / "r.jsonl"), "STATUSGEN_MASTODON_TOKEN": "t",
                        "STATUSGEN_MASTODON_VISIBILITY": "everyone", "STATUSGEN_BLUESKY_APP_PASSWORD": "p"},
                 "--since", f"{start}~1")
    assert run.exit_code != 0
    for said in ("STATUSGEN_MASTODON_URL: is not set", "STATUSGEN_MASTODON_VISIBILITY:",
                 "STATUSGEN_BLUESKY_HANDLE: is not set"):
        assert said in run.output
    assert "Traceback" not in run.output and not (tmp_path / "r.jsonl").exists()


def test_a_refused_bluesky_login_is_said_and_nothing_is_posted(repo, tmp_path):
    record = tmp_path / "record.jsonl"
    with Bluesky() as bluesky:
        start = post(repo, FIRST, "investigating")
        env = env_for(record, bluesky=bluesky) | {"STATUSGEN_BLUESKY_APP_PASSWORD": "wrong-pass-word-here"}
        run = notify(repo, env, "--since", f"{start}~1")
    assert run.exit_code == 1 and "logging in: HTTP 401" in run.output
    assert "check the app password and STATUSGEN_BLUESKY_HANDLE" in run.output
    assert bluesky.posts == {}


def test_an_instance_with_a_smaller_limit_gets_posts_that_fit_it(repo, tmp_path):
    record = tmp_path / "record.jsonl"
    words = " ".join(["The sign-in service is refusing every password after a certificate expired."] * 6)
    with Mastodon(max_characters=200) as mastodon:
        start = post(repo, FIRST.replace("Nobody can sign in. We are on it.", words), "investigating")
        run = notify(repo, env_for(record, mastodon), "--since", f"{start}~1")
    assert run.exit_code == 0, run.output
    assert mastodon.refused == []
    [status] = mastodon.statuses
    assert "…" in status["content"] and graphemes(status["content"]) > 100
    assert mastodon.requests[0][:2] == ("GET", "/api/v2/instance")  # asked once, before posting


def test_the_policy_decides_what_goes_to_social_p0_posts_only_the_first_notice_and_the_resolution(tmp_path):
    # Seed 001 (the p0-p3 preset): social carries a critical incident's "initial announcement, resolution
    # announcement", not every update.
    repo = GitProject(tmp_path / "status", options="severities: p0-p3\n")
    record = tmp_path / "record.jsonl"
    with Mastodon() as mastodon, Bluesky() as bluesky:
        env = env_for(record, mastodon, bluesky)
        start = post(repo, FIRST.replace("severity: P1", "severity: P0"), "investigating")
        runs = [notify(repo, env, "--since", f"{start}~1")]
        for stage, text in enumerate(STAGES[1:], start=2):
            post(repo, text.replace("severity: P1", "severity: P0"), f"stage {stage}")
            runs.append(notify(repo, env))
    for run in runs:
        assert run.exit_code == 0, run.output
    assert [s["content"].split(":")[0] for s in mastodon.statuses] == ["Investigating", "Resolved"]
    assert mastodon.statuses[1]["in_reply_to_id"] == mastodon.statuses[0]["id"]
    first, resolved = bluesky.posts.values()
    assert resolved["value"]["reply"]["root"] == {"uri": first["uri"], "cid": first["cid"]}
    assert mastodon.refused == [] and bluesky.refused == []


def test_a_social_secret_gone_missing_after_posting_is_said_and_nothing_is_settled(repo, tmp_path):
    record = tmp_path / "record.jsonl"
    with Mastodon() as mastodon, Bluesky() as bluesky:
        start = post(repo, FIRST, "investigating")
        assert notify(repo, env_for(record, mastodon, bluesky), "--since", f"{start}~1").exit_code == 0
        post(repo, SECOND, "identified")
        lost = notify(repo, env_for(record, mastodon))  # the Bluesky app password is no longer set
        back = notify(repo, env_for(record, mastodon, bluesky))
    assert lost.exit_code != 0 and "STATUSGEN_BLUESKY_APP_PASSWORD: is not set, though the record shows bluesky" \
        in lost.output
    assert back.exit_code == 0, back.output
    assert len(mastodon.statuses) == 2 and len(bluesky.posts) == 2  # each once: Mastodon's was not posted again
