"""mirror.yml as it is in .github/workflows, under act, once for each host it can publish to: the build job
runs statusgen's Action for real and hands the upload on as an artifact; the host's job deploys it with
stand-ins of wrangler-action, Netlify's CLI (npx netlify-cli) and configure-aws-credentials with the AWS
CLI (standins/hosts.py), each checking the inputs the real tool documents and logging what it was asked.
The mirror is served on 127.0.0.1 from what the host deployed, so the job's own check that it serves
the new build runs for real.

Asserted: the deploy goes out once, with the site the build job made (and the schedule, finding the
mirror on that build, publishes nothing); nothing is purged or invalidated
before the origin serves the new build; each job sees only its own host's secrets. act does not enforce
`permissions:` (there is no real token), so those are read from the workflow the run used."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from actrun import STANDINS
from loopback import LiveSite
from sample import ACME, ALL, write_project

SECRETS = {"CLOUDFLARE_API_TOKEN": "cf-token", "CLOUDFLARE_ACCOUNT_ID": "0123456789abcdef0123456789abcdef",
           "NETLIFY_AUTH_TOKEN": "nf-token", "NETLIFY_SITE_ID": "5f1e2d3c-aaaa-bbbb-cccc-000000000001"}
ROLE = "arn:aws:iam::123456789012:role/statusgen-mirror"
VARIABLES = {"CLOUDFLARE_PAGES_PROJECT": "acme-status", "AWS_ROLE_ARN": ROLE, "AWS_REGION": "eu-west-1",
             "STATUSGEN_S3_BUCKET": "acme-status-mirror", "STATUSGEN_CLOUDFRONT_DISTRIBUTION": "E2STANDIN0001"}
PERMISSIONS = {"build": {"contents": "read"}, "cloudflare-pages": {}, "netlify": {},
               "s3": {"contents": "read", "id-token": "write"}}
TITLE = "Sign-in failures"  # an open incident of sample.ALL, shown on the front page


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def mirror(hosting):
    """The mirror's address: what the host stand-ins deployed ($STANDIN_STATE/mirror), on 127.0.0.1."""
    write_project(hosting.author, ALL, pages={"about.md": "# About\n"}, **ACME)
    hosting.create()
    hosting.tools = [STANDINS / "bin"]  # the runner image's aws and npx
    with LiveSite(hosting.folder / "mirror") as site:
        yield site


def events(hosting, point: str, run) -> list[dict]:
    return [event for event in hosting.events(point) if event["run"] == str(run.number)]


def publish(hosting, host: str, url: str):
    run = hosting.run("push", workflow="mirror.yml", secrets=SECRETS,
                      repo_vars={**VARIABLES, "STATUSGEN_MIRROR_HOST": host, "STATUSGEN_MIRROR_URL": url})
    assert run.jobs == {"build": "success", host: "success"}, run.output()
    # One build, one upload, taken once by the host's job.
    assert [e["name"] for e in events(hosting, "artifact-uploaded", run)] == ["mirror-site-1"]
    assert [(e["name"], e["job"]) for e in events(hosting, "artifact-downloaded", run)] == [("mirror-site-1", host)]
    upload = files(hosting.folder / "runs" / str(run.number) / "artifacts" / "mirror-site-1")
    assert json.loads(upload["build.json"])["commit"] == run.sha
    assert TITLE in upload["index.html"].decode()
    # The jobs that ran had the least they need (act cannot hold them to it: read from the run's file).
    data = yaml.safe_load((hosting.author / ".github" / "workflows" / "mirror.yml").read_text(encoding="utf-8"))
    assert data["permissions"] == {}
    assert {job: data["jobs"][job]["permissions"] for job in run.jobs} == {job: PERMISSIONS[job] for job in run.jobs}
    return run, upload


@pytest.mark.parametrize("host", ["cloudflare-pages", "netlify"])
def test_a_cdn_host_gets_the_build_once_and_the_job_waits_until_the_mirror_serves_it(hosting, mirror, host):
    if host == "netlify":
        mirror.script.modes.append("503")  # the first look finds the mirror failing: the job looks again
    run, upload = publish(hosting, host, mirror.url)

    assert files(hosting.folder / "mirror") == upload  # exactly the upload, _headers at the top
    assert "_headers" in upload
    if host == "cloudflare-pages":
        (deploy,) = hosting.events("wrangler")
        assert deploy["command"] == ["pages", "deploy", "upload", "--project-name=acme-status", "--branch=main",
                                     f"--commit-hash={run.sha}", "--commit-dirty=true"]
        assert deploy["account"] == SECRETS["CLOUDFLARE_ACCOUNT_ID"] and deploy["version"]
        assert deploy["secrets"] == []  # the token reached wrangler as its input, not the job's environment
    else:
        (deploy,) = hosting.events("netlify")
        assert [e["version"] for e in hosting.events("npx-netlify")] == [deploy_version(hosting)]
        assert deploy["flags"] == ["--no-build", "--prod"]
        assert deploy["message"] == f"Status page at {run.sha}"
        assert deploy["secrets"] == ["NETLIFY_AUTH_TOKEN", "NETLIFY_SITE_ID"]
    # The host purges its CDN as the deploy goes live; the job then looked until the new build was served.
    looks = [(path, mode) for path, mode in mirror.requests if path.startswith("/build.json")]
    expected = [("/build.json?deploy=1-1", "503"), ("/build.json?deploy=1-2", "ok")] if host == "netlify" \
        else [("/build.json?deploy=1-1", "ok")]
    assert looks == expected
    assert f"The mirror serves the build of {run.sha}." in run.output(host)
    if host == "cloudflare-pages":
        # The schedule asks the mirror itself which build it serves: the same commit, nothing to publish.
        check = hosting.run("schedule", workflow="mirror.yml", secrets=SECRETS,
                            repo_vars={**VARIABLES, "STATUSGEN_MIRROR_HOST": host, "STATUSGEN_MIRROR_URL": mirror.url})
        assert check.jobs == {"build": "success"}, check.output()
        assert [path for path, _mode in mirror.requests][len(looks):] == ["/build.json"]
        assert len(hosting.events("wrangler")) == 1 and len(hosting.events("artifact-uploaded")) == 1


def deploy_version(hosting) -> str:
    text = (hosting.author / ".github" / "workflows" / "mirror.yml").read_text(encoding="utf-8")
    return text.split("netlify-cli@", 1)[1].split()[0]


def test_s3_gets_each_object_with_its_headers_and_is_invalidated_after_the_bucket_serves_the_build(hosting, mirror):
    run, upload = publish(hosting, "s3", mirror.url)

    (assumed,) = hosting.events("aws-credentials")
    assert (assumed["role"], assumed["region"]) == (ROLE, "eu-west-1")
    assert assumed["secrets"] == []  # no stored AWS keys, no other host's secrets
    bucket = hosting.folder / "s3" / VARIABLES["STATUSGEN_S3_BUCKET"]
    assert files(bucket) == upload  # every object of the site, and the manifest for the next deploy
    manifest = json.loads(upload[".statusgen-s3.json"])
    headers = hosting.folder / "s3-headers" / VARIABLES["STATUSGEN_S3_BUCKET"]
    for key, entry in manifest["objects"].items():
        stored = json.loads((headers / f"{key}.json").read_text(encoding="utf-8"))
        assert stored == {"Cache-Control": entry["Cache-Control"], "Content-Type": entry["Content-Type"]}, key

    calls = hosting.events("aws")
    puts = [key for call in calls if call["call"] == "put" for key in call["keys"]]
    assert sorted(puts) == sorted(upload) and len(puts) == len(set(puts))  # each object once
    assert puts.index("build.json") > max(puts.index(k) for k in manifest["objects"] if k != "build.json")
    read_back = next(i for i, call in enumerate(calls) if call["call"] == "get" and call["key"] == "build.json")
    assert run.sha in calls[read_back]["body"]  # the origin served the new build ...
    invalidations = [i for i, call in enumerate(calls) if call["call"] == "invalidate"]
    assert len(invalidations) == 1 and invalidations[0] > read_back  # ... before CloudFront was asked
    assert invalidations[0] == len(calls) - 1
    assert calls[-1]["distribution"] == VARIABLES["STATUSGEN_CLOUDFRONT_DISTRIBUTION"]
    assert calls[-1]["paths"] == ["/*"]  # the first deploy: everything
    assert not hosting.events("wrangler") and not hosting.events("netlify")

    # The next push changes one page: only what changed goes up, and only its addresses are invalidated.
    (hosting.author / "site_src" / "about.md").write_text("# About\n\nWho runs this page.\n", encoding="utf-8")
    hosting.commit("About: who runs this page")
    second, upload = publish(hosting, "s3", mirror.url)
    assert files(bucket) == upload
    calls = events(hosting, "aws", second)
    puts = [key for call in calls if call["call"] == "put" for key in call["keys"]]
    changed = {key for key in puts if key != ".statusgen-s3.json"}
    assert {"about/index.html", "build.json"} <= changed and len(changed) < len(upload) / 2, sorted(changed)
    assert puts[-2:] == ["build.json", ".statusgen-s3.json"]
    manifest = json.loads(upload[".statusgen-s3.json"])
    (invalidation,) = [call for call in calls if call["call"] == "invalidate"]
    assert invalidation is calls[-1] and [c["key"] for c in calls if c["call"] == "get"][-1] == "build.json"
    assert invalidation["paths"] == sorted({a for key in changed for a in manifest["paths"].get(key, [])})
    assert "/about/" in invalidation["paths"] and "/*" not in invalidation["paths"]
