"""`statusgen deploy-s3` against a stand-in AWS CLI (a script on PATH keeping the "bucket" in a folder and
every object's headers beside it): what changed is uploaded with the manifest's headers, build.json last,
the origin is checked before CloudFront is asked to invalidate, and only the changed addresses are."""
from __future__ import annotations

import json
import os
import sys
import textwrap

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.deploy.s3 import plan
from generator.write.build import build_site
from sample import ACME, ALL

STANDIN = textwrap.dedent('''\
    #!{python}
    """A stand-in for the AWS CLI: the calls statusgen makes, on a folder for a bucket."""
    import json, os, shutil, sys
    from pathlib import Path

    root = Path(os.environ["STANDIN_BUCKETS"])
    args = sys.argv[1:]
    with open(root / "calls.jsonl", "a") as log:
        log.write(json.dumps(args) + "\\n")

    def option(name):
        return args[args.index(name) + 1] if name in args else None

    def split(url):
        bucket, _, key = url[len("s3://"):].partition("/")
        return root / bucket, key

    def store(folder, key, source):
        target = folder / "objects" / key
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        meta = folder / "meta.json"
        data = json.loads(meta.read_text()) if meta.exists() else {{}}
        data[key] = [option("--cache-control"), option("--content-type")]
        meta.write_text(json.dumps(data))

    if args[:2] == ["s3", "cp"] and args[2].startswith("s3://"):
        folder, key = split(args[2])
        path = folder / "objects" / key
        stale = os.environ.get("STANDIN_STALE")
        if stale and key.endswith(stale):
            sys.stdout.write("{{}}")
        elif not path.exists():
            sys.exit("fatal error: An error occurred (404) when calling the HeadObject operation: Key not found")
        else:
            sys.stdout.buffer.write(path.read_bytes())
    elif args[:2] == ["s3", "cp"] and "--recursive" in args:
        folder, prefix = split(args[3])
        base = Path(args[2])
        keys = [prefix + path.relative_to(base).as_posix() for path in sorted(base.rglob("*")) if path.is_file()]
        for key in keys:
            store(folder, key, base / key[len(prefix):])
        with open(root / "uploads.jsonl", "a") as log:
            log.write(json.dumps(keys) + "\\n")
    elif args[:2] == ["s3", "cp"]:
        folder, key = split(args[3])
        store(folder, key, args[2])
    elif args[:2] == ["s3", "rm"]:
        folder, key = split(args[2])
        (folder / "objects" / key).unlink()
    elif args[:2] == ["cloudfront", "create-invalidation"]:
        pass
    else:
        sys.exit("stand-in aws: unexpected call " + " ".join(args))
''')


@pytest.fixture
def layout():
    return {**ACME, "site_url": "https://acme.example/status/", "options": {"hosting": "s3"}}


@pytest.fixture
def aws(tmp_path, monkeypatch):
    """The stand-in on PATH; returns a function giving the calls made so far."""
    tools = tmp_path / "bin"
    tools.mkdir()
    script = tools / "aws"
    script.write_text(STANDIN.format(python=sys.executable), encoding="utf-8")
    script.chmod(0o755)
    buckets = tmp_path / "buckets"
    buckets.mkdir()
    # The stand-in alone: never a real AWS CLI that happens to be installed.
    monkeypatch.setenv("PATH", str(tools))
    monkeypatch.setenv("STANDIN_BUCKETS", str(buckets))

    def calls(log="calls.jsonl"):
        log = buckets / log
        return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return calls


def deploy(site, *more):
    return CliRunner().invoke(main, ["deploy-s3", str(site), "--bucket", "status-acme", *more])


def uploads(calls):
    """The single-file uploads (the manifest); groups go up with --recursive, logged in uploads.jsonl."""
    return [call for call in calls if call[:2] == ["s3", "cp"] and not call[2].startswith("s3://")]


def test_first_and_next_deploys_upload_what_changed_with_its_headers(make_project, now, tmp_path, aws):
    incidents = dict(ALL)
    project = make_project(incidents)
    site = build_site(project.mkdocs, now=now).site_dir
    manifest = json.loads((site / ".statusgen-s3.json").read_text())

    first = deploy(site, "--distribution", "E2EXAMPLE")
    assert first.exit_code == 0, first.output
    bucket = tmp_path / "buckets" / "status-acme"
    meta = json.loads((bucket / "meta.json").read_text())
    for key, entry in manifest["objects"].items():
        assert meta[key] == [entry["Cache-Control"], entry["Content-Type"]], key
        assert (bucket / "objects" / key).read_bytes() == (site / key.removeprefix("status/")).read_bytes()
    calls = aws()
    groups = aws("uploads.jsonl")
    assert sorted(key for keys in groups for key in keys) == sorted(manifest["objects"])
    # Pages after everything else, build.json alone and last, then the manifest for the next deploy.
    assert groups[-1] == ["status/build.json"]
    html = [i for i, keys in enumerate(groups) if keys[0].endswith(".html")]
    assert html and max(html) == len(groups) - 2 and html == list(range(min(html), len(groups) - 1))
    assert uploads(calls)[-1][3] == "s3://status-acme/status/.statusgen-s3.json"
    # The origin was read back before anything was invalidated; a first deploy invalidates the whole site.
    check = calls.index(["s3", "cp", "s3://status-acme/status/build.json", "-", "--only-show-errors"])
    [invalidation] = [i for i, call in enumerate(calls) if call[0] == "cloudfront"]
    assert check < invalidation
    assert calls[invalidation][-2:] == ["--paths", "/status/*"]

    # The next build: one incident gone, one updated. Only what changed goes up; the gone page is deleted.
    gone = sorted(incidents)[0]
    del incidents[gone]
    project = make_project(incidents)
    site = build_site(project.mkdocs, now=now).site_dir
    before = len(aws())
    second = deploy(site, "--distribution", "E2EXAMPLE")
    assert second.exit_code == 0, second.output
    calls = aws()[before:]
    assert ["s3", "rm", f"s3://status-acme/status/incidents/{gone}/index.html", "--only-show-errors"] in calls
    assert not (bucket / "objects" / "status" / "incidents" / gone).joinpath("index.html").exists()
    new_manifest = json.loads((site / ".statusgen-s3.json").read_text())
    unchanged = [key for key, entry in new_manifest["objects"].items() if manifest["objects"].get(key) == entry]
    changed = sorted(set(new_manifest["objects"]) - set(unchanged))
    assert unchanged and changed
    assert sorted(key for keys in aws("uploads.jsonl")[len(groups):] for key in keys) == changed
    assert "changed" in second.output and f"of {len(new_manifest['objects'])}" in second.output
    [invalidate] = [call for call in calls if call[0] == "cloudfront"]
    paths = invalidate[invalidate.index("--paths") + 1:]
    assert f"/status/incidents/{gone}/" in paths or paths == ["/status/*"]
    for key in unchanged:
        for address in new_manifest["paths"][key]:
            assert address not in paths or paths == ["/status/*"], address


def test_the_changed_addresses_alone_are_invalidated_when_few():
    def manifest(objects):
        return {"site_root": "/s/", "objects": {key: {"Cache-Control": "c", "Content-Type": "text/html; charset=utf-8",
                                                      "sha256": digest} for key, digest in objects.items()},
                "paths": {key: [f"/{key}"] for key in objects}}
    old = manifest({"s/a.html": "1", "s/b.html": "2", "s/build.json": "3", "s/gone.html": "4"})
    new = manifest({"s/a.html": "1", "s/b.html": "9", "s/build.json": "8"})
    steps = plan(new, old)
    assert steps.invalidate == ["/s/b.html", "/s/build.json", "/s/gone.html"]
    assert steps.removed == ["s/gone.html"]
    assert [keys for _headers, keys in steps.uploads] == [["s/b.html"], ["s/build.json"]]
    many = manifest({f"s/p{i}.html": "x" for i in range(200)})
    assert plan(many, manifest({})).invalidate == ["/s/*"]
    assert plan(new, new).invalidate == [] and plan(new, new).uploads == []


def test_nothing_is_invalidated_when_the_origin_does_not_serve_the_new_build(make_project, now, aws, monkeypatch):
    site = build_site(make_project(ALL).mkdocs, now=now).site_dir
    monkeypatch.setenv("STANDIN_STALE", "build.json")
    result = deploy(site, "--distribution", "E2EXAMPLE")
    assert result.exit_code == 1
    assert "does not hold the new build" in result.output and "nothing was invalidated" in result.output
    assert not [call for call in aws() if call[0] == "cloudfront"]
    assert "Traceback" not in result.output


def test_a_site_not_built_for_s3_is_refused_saying_how_to_build_it(make_project, now, aws, tmp_path):
    site = build_site(make_project(ALL, options={"hosting": "github-pages"}).mkdocs, now=now).site_dir
    result = deploy(site)
    assert result.exit_code == 1
    assert ".statusgen-s3.json is missing" in result.output and "--hosting s3" in result.output
    assert aws() == []
