"""A project's templates run in Jinja's sandbox: no way to the environment, files or the OS, a time
and size budget, and every template error names the template's file and line (issue #20, item 10).

The project here is a company's status repository with its own template overrides; `statusgen
comms`, `notify --dry-run` and `build` render them as they would in CI, where the SMTP URL (and
its password) is in the environment.
"""
from __future__ import annotations

import threading
import time

import jinja2
import pytest
from jinja2.sandbox import SandboxedEnvironment
from click.testing import CliRunner
from gitrepo import GitProject
from sample import NOW_TEXT, incident, write_project
from test_comms import P1, override
from test_notify import OUTAGE

from generator.cli import main
from generator.core import urls
from generator.render import Renderer, budget, plan_pages, sandbox, template_cache

SECRET = "S3CRET-SMTP-PASSWORD"
ENV = {"STATUSGEN_SMTP_URL": f"smtp://status:{SECRET}@127.0.0.1:1"}
NOW = "2026-03-04T12:00:00Z"
IN_APP = "resolved.txt.j2"  # the in-app text of the resolved P1 below


@pytest.fixture
def project(tmp_path):
    return write_project(tmp_path / "status", {"2026-03-04-sign-in.md": P1})


def comms(project):
    return CliRunner().invoke(main, ["comms", "-f", str(project.mkdocs), "--now", NOW, "2026-03-04-sign-in",
                                     "--channel", "in_app"], env=ENV, catch_exceptions=False)


def refused(result, template, line: int | None = 1) -> str:
    """The run failed on the template, naming its file (and line), with no traceback; returns the line."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and SECRET not in result.output
    where = f"{template}:{line}: template error: " if line else f"{template}: template error: "
    [found] = [text for text in result.output.splitlines() if text.startswith(where)]
    return found


# -- no way out ---------------------------------------------------------------------------------------

ENVIRON = "STATUSGEN_SMTP_URL"
ROUTES = {  # each prints the SMTP URL from an unsandboxed Jinja template
    "cycler's globals": "{{ cycler.__init__.__globals__.os.environ.VAR }}",
    "joiner's globals": "{{ joiner.__init__.__globals__.os.environ.VAR }}",
    "namespace's globals": "{{ namespace.__init__.__globals__.os.environ.VAR }}",
    "lipsum's globals": "{{ lipsum.__globals__.os.environ.VAR }}",
    "self's builtins": "{{ self.__init__.__globals__.__builtins__.__import__('os').environ.VAR }}",
    "attr filter": "{{ (cycler|attr('__init__')|attr('__globals__')).os.environ.VAR }}",
    "str.format": "{{ '{0.__init__.__globals__[os].environ[VAR]}'.format(cycler) }}",
    "format through attr": "{{ ('{0.__init__.__globals__[os].environ[VAR]}'|attr('format'))(cycler) }}",
    "object's subclasses": "{% for c in ''.__class__.__mro__[1].__subclasses__() %}{% if c.__name__ == '_wrap_close' %}"
                           "{{ c.__init__.__globals__.environ.VAR }}{% endif %}{% endfor %}",
}


@pytest.mark.parametrize("route", ROUTES.values(), ids=list(ROUTES))
def test_a_template_cannot_read_the_smtp_password_from_the_environment(project, route):
    template = override(project, "in_app", IN_APP, route.replace('VAR', ENVIRON) + " {{ url }}\n")
    refused(comms(project), template)


def test_the_refusal_says_what_a_template_may_do(project):
    template = override(project, "in_app", IN_APP, "{{ cycler.__init__ }} {{ url }}\n")
    assert refused(comms(project), template).endswith(
        "template error: access to attribute '__init__' of 'type' object is unsafe; a template may read the values "
        "statusgen gives it, not change them, nor reach Python's internals, the environment, files or the system")


@pytest.mark.parametrize("route", [
    "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}",
    "{% for c in ''.__class__.__mro__[1].__subclasses__() %}{% if c.__name__ == 'Popen' %}"
    "{{ c(['touch', 'MARKER']).wait() }}{% endif %}{% endfor %}",
], ids=["os.popen", "subprocess.Popen"])
def test_a_template_cannot_run_a_command(project, tmp_path, route):
    marker = tmp_path / "pwned"
    template = override(project, "in_app", IN_APP, route.replace('MARKER', str(marker)) + " {{ url }}\n")
    refused(comms(project), template)
    assert not marker.exists()


def test_a_template_that_is_a_link_out_of_the_overrides_folder_is_refused(project, tmp_path):
    elsewhere = tmp_path / "secrets.txt"
    elsewhere.write_text(f"password={SECRET}\n")
    link = project.root / "overrides" / "statusgen" / "comms" / "in_app" / IN_APP
    link.parent.mkdir(parents=True)
    link.symlink_to(elsewhere)
    message = refused(comms(project), link, None)
    assert f"reading {link}, a link to a file outside" in message


def test_a_template_that_includes_a_link_out_of_the_folder_is_refused_at_the_include(project, tmp_path):
    (tmp_path / "secrets.txt").write_text(f"password={SECRET}\n")
    (project.root / "overrides" / "statusgen").mkdir(parents=True)
    (project.root / "overrides" / "statusgen" / "leak.txt").symlink_to(tmp_path / "secrets.txt")
    template = override(project, "in_app", IN_APP, "{{ url }}\n{% include 'leak.txt' %}\n")
    assert "a link to a file outside" in refused(comms(project), template, 2)


def test_a_page_template_cannot_read_files_or_change_the_build(make_project):
    project = make_project({"2026-03-04-api.md": incident()})
    folder = project.template_overrides()
    for text in ("{{ config.base_dir.joinpath('mkdocs.yml').read_text() }}", "{{ state.incidents.clear() }}",
                 "{{ urls.urlsplit.__globals__ }}"):
        (folder / "history.html").write_text(f"<h1>History</h1>\n{text}\n")
        result = CliRunner().invoke(main, ["build", "-f", str(project.mkdocs), "--now", NOW_TEXT])
        message = refused(result, "overrides/statusgen/history.html", 2)
        assert "is unsafe" in message and "nor reach Python's internals, the environment, files or the system" \
            in message
    assert not project.site.exists()


def test_the_shipped_page_templates_render_the_same_in_the_sandbox(make_project):
    from sample import load_state, maintenance

    state = load_state(make_project({"2026-03-04-api.md": incident(), "2026-03-12-db.md": maintenance()},
                                    options={"reliability_page": True}))
    plain, sandboxed = Renderer(state, sandboxed=False), Renderer(state, sandboxed=True)
    assert isinstance(sandboxed.env, sandbox.ProjectEnvironment) and not plain.env.sandboxed
    pages = plan_pages(state)
    assert {page.kind for page in pages} >= {"status", "incident", "history", "component", "reliability"}
    for page in pages:
        assert sandboxed.render(page) == plain.render(page)
    assert sandboxed.render_not_found("/") == plain.render_not_found("/")


def test_pages_are_sandboxed_once_the_project_replaces_one(make_project, tmp_path):
    from sample import load_state

    state = load_state(make_project({"2026-03-04-api.md": incident()}))
    folder = tmp_path / "custom"
    (folder / "comms" / "email").mkdir(parents=True)
    (folder / "comms" / "email" / "first.txt.j2").write_text("Subject: x\n")  # a message template only
    assert not Renderer(state, (folder,)).env.sandboxed
    (folder / "partials").mkdir()
    (folder / "partials" / "macros.html").symlink_to(tmp_path / "missing.html")
    assert Renderer(state, (folder,)).env.sandboxed


def test_nothing_a_page_template_is_given_reaches_the_system(make_project):
    from sample import load_state

    state = load_state(make_project({"2026-03-04-api.md": incident()}))
    renderer = Renderer(state, sandboxed=True)
    for spec in plan_pages(state)[:3]:
        given = {**renderer.env.globals, **renderer.context(spec)}
        assert [name for name, value in given.items() if sandbox.reaches_system(value) and value is not urls] == []


# -- time and size ------------------------------------------------------------------------------------

LOOPS = {
    "nested ranges": "{% for a in range(10**5) %}{% for b in range(10**5) %}{% endfor %}{% endfor %}",
    "nested texts": "{% for a in 'x' * 10**5 %}{% for b in 'x' * 10**5 %}{% endfor %}{% endfor %}",
    "recursive loop": "{% for a in [[1]] recursive %}{% for b in range(10**5) %}{{ loop(a) if false }}{% endfor %}"
                      "{{ loop([[1], [1]]) }}{% endfor %}",
}


@pytest.mark.parametrize("loop", LOOPS.values(), ids=list(LOOPS))
@pytest.mark.parametrize("thread", ["main thread", "other thread"])
def test_a_loop_that_runs_too_long_stops_at_the_budget_naming_its_line(project, monkeypatch, loop, thread):
    monkeypatch.setattr(budget, "SECONDS", 0.5)
    template = override(project, "in_app", IN_APP, "{{ url }}\n" + loop + "\n")
    started = time.monotonic()
    if thread == "main thread":
        result = comms(project)
    else:  # no SIGALRM there: the checks in every loop item stop it
        results = []
        worker = threading.Thread(target=lambda: results.append(comms(project)))
        worker.start()
        worker.join(30)
        assert not worker.is_alive()
        [result] = results
    assert time.monotonic() - started < 10
    message = refused(result, template, 2)
    assert "the template took longer than 0.5 s to render" in message and "make it do less" in message


def test_the_alarm_stops_python_code_that_makes_no_checks():
    started = time.monotonic()
    with pytest.raises(budget.OverBudget):
        with budget.budget(0.3):
            while True:
                pass
    assert time.monotonic() - started < 3
    with budget.budget(0.3):  # the next render starts with a budget of its own
        time.sleep(0.1)


@pytest.mark.parametrize("text", ["{% include 'comms/in_app/resolved.txt.j2' %}",
                                  "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}"], ids=["include", "macro"])
def test_a_template_that_calls_itself_for_ever_is_stopped(project, text):
    template = override(project, "in_app", IN_APP, "{{ url }}\n" + text + "\n")
    assert refused(comms(project), template, 2).endswith(
        "template error: the template calls itself too deeply (an include, macro or recursive loop that never "
        "stops?); make it stop")


def test_a_template_that_writes_too_much_stops_at_the_line_that_writes(project):
    template = override(project, "in_app", IN_APP, "{{ url }}\n{% for i in range(100000) %}\n"
                                                   "{{ 'x' * 100 }}\n{% endfor %}\n")
    message = refused(comms(project), template, 3)
    assert "wrote more than 5,000,000 characters" in message


@pytest.mark.parametrize("expression", [
    "'x' * 10**10", "[1] * 10**9", "10 ** (10 ** 9)", "'%999999999d' % 1", "'{:>999999999}'.format(1)",
    "'{:>{w}}'.format(1, w=10**9)", "'x'|center(10**9)", "(['x' * 4000000] * 20)|join",
    "'ab'.replace('', 'x' * 4000000)", "'ab'|replace('', 'x' * 4000000)", "('x\\n' * 1000)|indent(10**6)",
    "'%s'|format(1)|center(10**9)", "range(10)|slice(10**9)|list",
])
def test_a_value_too_large_to_build_is_refused_before_it_is_built(project, expression):
    template = override(project, "in_app", IN_APP, "{{ url }}\n{{ " + expression + " }}\n")
    started = time.monotonic()
    assert "larger than a template may build" in refused(comms(project), template, 2)
    assert time.monotonic() - started < 5


def test_a_text_doubled_in_a_loop_is_refused_once_too_large(project):
    template = override(project, "in_app", IN_APP, "{{ url }}{% set ns = namespace(s='x') %}\n"
                                                   "{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}\n")
    assert "larger than a template may build" in refused(comms(project), template, 2)


# -- errors say where ---------------------------------------------------------------------------------

def test_an_undefined_variable_in_a_message_template_names_its_file_and_line(project):
    template = override(project, "in_app", IN_APP, "{{ url }}\n{% if true %}\n{{ no_such_variable }}\n{% endif %}\n")
    message = refused(comms(project), template, 3)
    assert "'no_such_variable' is undefined; the variables are listed in docs/pipeline.md" in message


def test_an_error_in_a_template_an_override_extends_names_that_file(project):
    base = override(project, "email", "base.txt.j2", "Subject: {{ title }}\n\n{% block body %}{% endblock %}\n"
                                                      "{{ 1 / 0 }}\n")
    override(project, "email", "resolved.txt.j2", "{% extends 'comms/email/base.txt.j2' %}"
                                                  "{% block body %}Fixed.{% endblock %}\n")
    result = CliRunner().invoke(main, ["comms", "-f", str(project.mkdocs), "--now", NOW, "2026-03-04-sign-in",
                                       "--channel", "email"], catch_exceptions=False)
    assert "ZeroDivisionError: division by zero" in refused(result, base, 4)


def test_a_dry_run_fails_on_a_chat_template_error_naming_its_line(tmp_path):
    repo = GitProject(tmp_path / "status")
    folder = repo.root / "overrides" / "statusgen" / "notify"
    folder.mkdir(parents=True)
    (folder / "slack.txt.j2").write_text("{{ incident.title }}\n{{ incident.no_such_field }}\n")
    repo.write("2026-03-04-sign-in.md", OUTAGE)
    repo.commit("outage")
    result = repo.run("notify", "--since", "HEAD~1", "--now", NOW, "--dry-run",
                      env={"STATUSGEN_SLACK_WEBHOOK_URL": "http://127.0.0.1:9/slack"})
    assert f"{folder / 'slack.txt.j2'}:2: template error: " in result.output
    assert "1 message(s) could not be drafted" in result.output
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_an_undefined_variable_in_a_page_template_fails_the_build_naming_its_line(make_project):
    project = make_project({"2026-03-04-api.md": incident()})
    (project.template_overrides() / "incident.html").write_text("<h1>{{ i.title }}</h1>\n\n<p>{{ i.nope }}</p>\n")
    result = CliRunner().invoke(main, ["build", "-f", str(project.mkdocs), "--now", NOW_TEXT])
    message = refused(result, "overrides/statusgen/incident.html", 3)
    assert "has no attribute 'nope'" in message and "/incidents/2026-03-04-api/" in message


# -- compiled once, for the environment that compiled it -----------------------------------------------

class Intercepting(SandboxedEnvironment):
    """A sandbox whose intercepted operators say so (a class with a stable name, so the cache keeps its code)."""

    def call_binop(self, context, operator, left, right):
        return f"intercepted {operator}"


def test_a_sandbox_that_intercepts_other_operators_does_not_take_anothers_code(tmp_path):
    (tmp_path / "t.txt").write_text("{{ 6 * 7 }}")

    def render(intercepted: frozenset) -> str:
        env = Intercepting(loader=jinja2.FileSystemLoader(str(tmp_path)))
        env.intercepted_binops = intercepted
        return template_cache.cached(env).get_template("t.txt").render()

    assert render(frozenset()) == "42"
    assert render(frozenset({"*"})) == "intercepted *"
