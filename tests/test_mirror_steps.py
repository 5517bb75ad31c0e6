"""mirror.yml's shell steps, run as GitHub runs them (tests/test_workflow_steps.py's Runner), on real
builds and against stand-in curl and sleep: the upload's layout for sites at the top and under a
sub-path, the bounded check that the mirror serves the new build, and the decision to rebuild."""
from __future__ import annotations

import pytest

from generator.write.build import build_site
from sample import ACME, ALL
from test_workflow_steps import HEAD, Runner, step

LAYOUT = step("mirror.yml", "build", name="Lay out the upload")
DECIDE = step("mirror.yml", "build", step_id="due")
WAIT = {host: step("mirror.yml", host, name="Check that the mirror serves the new build")
        for host in ("cloudflare-pages", "netlify")}


@pytest.fixture
def layout():
    return ACME


@pytest.fixture
def runner(tmp_path) -> Runner:
    return Runner(tmp_path / "runner")


def files(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("host", ["cloudflare-pages", "netlify"])
def test_a_site_under_a_sub_path_goes_in_its_folder_with_the_host_files_on_top(make_project, now, runner, host):
    project = make_project(ALL, options={"hosting": host}, site_url="https://acme.example/status/")
    site = build_site(project.mkdocs, now=now, site_dir=runner.work / "site").site_dir
    done = runner.run(LAYOUT)
    assert done.returncode == 0, done.stderr
    upload = runner.work / "upload"
    host_files = ["_headers"] + (["_redirects"] if host == "netlify" else [])
    expected = sorted(host_files + ["status/" + name for name in files(site)
                                    if name not in host_files and name != ".statusgen-site"])
    assert files(upload) == expected
    assert (upload / "_headers").read_bytes() == (site / "_headers").read_bytes()


def test_a_site_at_the_top_is_uploaded_as_built_without_its_marker(make_project, now, runner):
    project = make_project(ALL, options={"hosting": "s3"})
    site = build_site(project.mkdocs, now=now, site_dir=runner.work / "site").site_dir
    done = runner.run(LAYOUT)
    assert done.returncode == 0, done.stderr
    assert files(runner.work / "upload") == [name for name in files(site) if name != ".statusgen-site"]
    assert (runner.work / "upload" / ".statusgen-s3.json").is_file()  # what statusgen deploy-s3 reads


# curl as the check calls it: the mirror shows the old build until call number $STUB_READY.
CURL = f'''
count=$(grep -c '^curl ' "$STUB_LOG")
if [ "$count" -ge "$STUB_READY" ]; then
  printf '{{"built_at": "2026-03-10T12:00:00Z", "commit": "{HEAD}"}}'
else
  printf '{{"built_at": "2026-03-10T11:00:00Z", "commit": "{"d" * 40}"}}'
fi
'''


@pytest.mark.parametrize("host", ["cloudflare-pages", "netlify"])
def test_the_check_waits_for_the_new_build_then_stops(runner, host):
    runner.stub("curl", CURL)
    runner.stub("sleep", "")
    env = {"MIRROR_URL": "https://mirror.example/status/", "STUB_LOG": str(runner.log), "STUB_READY": "3"}
    done = runner.run(WAIT[host], env)
    assert done.returncode == 0, done.stderr
    curls = [call for call in runner.calls() if call.startswith("curl ")]
    assert len(curls) == 3
    assert "https://mirror.example/status/build.json?deploy=4242-1" in curls[0]
    assert f"serves the build of {HEAD}" in done.stdout


def test_the_check_gives_up_after_thirty_tries_saying_what_to_look_at(runner):
    runner.stub("curl", 'echo "curl: (7) Failed to connect" >&2; exit 7')
    runner.stub("sleep", "")
    done = runner.run(WAIT["netlify"], {"MIRROR_URL": "https://mirror.example/"})
    assert done.returncode == 1
    assert len([call for call in runner.calls() if call.startswith("curl ")]) == 30
    assert "::error::https://mirror.example/build.json does not show" in done.stdout


def test_pushes_always_publish_and_the_schedule_asks_the_mirror(runner, make_project):
    runner.stub("curl", 'echo "curl: (7) Failed to connect" >&2; exit 7')
    runner.stub("statusgen", "exit 1")  # the mirror is up to date
    pushed = runner.run(DECIDE, {"EVENT": "push", "MIRROR_URL": "https://mirror.example/"})
    assert pushed.returncode == 0 and runner.outputs() == {"due": "true"}
    assert runner.calls() == []
    runner.output.write_text("")
    scheduled = runner.run(DECIDE, {"EVENT": "schedule", "MIRROR_URL": "https://mirror.example/"})
    assert scheduled.returncode == 0, scheduled.stderr
    assert runner.outputs() == {"due": "false"}
    [curl, due] = runner.calls()
    assert curl.startswith("curl ") and curl.endswith("https://mirror.example/build.json")
    assert due.startswith("statusgen due --build-info ") and due.endswith(f"--commit {HEAD}")
