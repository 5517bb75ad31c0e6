"""One declaration of the format (generator.read.spec): the validator and the JSON Schema agree on it.

tests/corpus/ holds front matter that both must accept (valid/), both must
refuse (invalid/), and what only the validator can refuse because a JSON
Schema cannot say it (beyond-schema/: time order, dates that do not exist...).
"""
from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.read import spec
from generator.read.config import load_config
from generator.core.diagnostics import ERROR
from generator.core.model import Impact, Kind, Status
from generator.read.reader import read_source
from generator.validate.schema import front_matter_schema
from generator.validate.validate import parse_incident

CORPUS = Path(__file__).parent / "corpus"
MKDOCS = """\
site_name: Spec Status
site_url: https://status.example.com/
plugins:
  - statusgen:
      components:
        - id: api
          name: Public API
        - id: web
          name: Website
"""


class _EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server sees it: times are strings."""


_EditorLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    root = tmp_path_factory.mktemp("spec")
    (root / "mkdocs.yml").write_text(MKDOCS)
    return load_config(root / "mkdocs.yml")


def corpus(folder: str) -> list[Path]:
    return sorted((CORPUS / folder).glob("*.md"))


def validator_errors(path: Path, config) -> list[str]:
    source, problems = read_source(path, CORPUS)
    parsed = parse_incident(source, config)
    return [p.format() for p in problems + parsed.problems if p.level == ERROR]


def schema_errors(path: Path, config) -> list[str]:
    front = path.read_text().split("---\n")[1]
    data = yaml.load(front, Loader=_EditorLoader)
    validator = jsonschema.Draft202012Validator(front_matter_schema(config))
    return [e.message for e in validator.iter_errors(data)]


def test_the_corpus_covers_each_field_and_case():
    assert len(corpus("valid")) >= 5 and len(corpus("invalid")) >= 25 and len(corpus("beyond-schema")) >= 5


@pytest.mark.parametrize("path", corpus("valid"), ids=lambda p: p.stem)
def test_both_accept(path, config):
    assert validator_errors(path, config) == []
    assert schema_errors(path, config) == []


@pytest.mark.parametrize("path", corpus("invalid"), ids=lambda p: p.stem)
def test_both_refuse(path, config):
    assert validator_errors(path, config), "the validator accepts it"
    assert schema_errors(path, config), "the schema accepts it"


@pytest.mark.parametrize("path", corpus("beyond-schema"), ids=lambda p: p.stem)
def test_only_the_validator_refuses_what_a_schema_cannot_say(path, config):
    assert validator_errors(path, config), "the validator accepts it"
    assert schema_errors(path, config) == []


def test_generic_schema_without_a_config_accepts_every_valid_file():
    validator = jsonschema.Draft202012Validator(front_matter_schema(None))
    for path in corpus("valid"):
        data = yaml.load(path.read_text().split("---\n")[1], Loader=_EditorLoader)
        assert list(validator.iter_errors(data)) == [], path.name


def test_every_field_of_the_spec_is_known_to_the_validator_and_the_schema(config):
    schema = front_matter_schema(config)
    for kind, branch in ((Kind.INCIDENT, schema["else"]), (Kind.MAINTENANCE, schema["then"])):
        allowed = {f.name for f in spec.FIELDS if kind in f.allowed}
        assert set(branch["properties"]) == allowed
        assert set(branch["required"]) == {f.name for f in spec.FIELDS if kind in f.required} | (
            {"type"} if kind == Kind.MAINTENANCE else set())
        updates = branch["properties"]["updates"]["items"]
        assert set(updates["properties"]) == set(spec.names(spec.UPDATE_FIELDS))
        assert updates["properties"]["status"]["enum"] == [str(s) for s in Status.of(kind)]
        assert branch["properties"]["components"]["properties"]["api"]["enum"] == [str(i) for i in Impact.of(kind)]


def test_internal_fields_are_declared_as_never_published():
    assert [f.name for f in spec.FIELDS if not f.public] == ["detected", "acknowledged", "action_items", "internal"]


def test_words_check_themselves():
    assert Status("resolved") is Status.RESOLVED and Status.RESOLVED == "resolved"
    assert {"resolved": 1}[Status.RESOLVED] == 1 and {Status.RESOLVED: 1}["resolved"] == 1
    assert f"{Status.IN_PROGRESS}" == "in_progress" and Status.IN_PROGRESS.label == "In progress"
    assert Status.RESOLVED.terminal and not Status.MONITORING.terminal
    assert not Status.INVESTIGATING.may_follow(Status.RESOLVED, Kind.INCIDENT)
    assert not Status.SCHEDULED.may_follow(Status.IN_PROGRESS, Kind.MAINTENANCE)
    assert Impact.MAJOR_OUTAGE.rank > Impact.PARTIAL_OUTAGE.rank > Impact.OPERATIONAL.rank
    with pytest.raises(ValueError):
        Status("fixed")
