"""The theme's files listed without its hidden folders (generator.write.theme_files)."""
from __future__ import annotations

from mkdocs.config import load_config
from mkdocs.structure.files import Files

from generator.write.theme_files import skip_hidden_folders
from sample import incident, write_project


def copied_from_theme(config) -> list[tuple[str, str]]:
    """What MkDocs copies from the theme into a site: (path in the site, source file)."""
    files = Files([])
    files.add_files_from_theme(config.theme.get_env(), config)
    return sorted((file.src_uri, file.abs_src_path) for file in files)


def test_a_build_copies_the_same_theme_files_and_loads_the_same_templates(tmp_path):
    # Material's hidden .icons folder, and a custom_dir with hidden folders and files of its own.
    project = write_project(tmp_path, {"2026-03-04-api.md": incident()})
    project.template_overrides()
    custom = tmp_path / "overrides"
    for path in (".drafts/old.css", "assets/.cache/x.js", "assets/extra.css", ".keep", "partials/.hidden/a.css"):
        (custom / path).parent.mkdir(parents=True, exist_ok=True)
        (custom / path).write_text("/* mine */\n")
    config = load_config(str(project.mkdocs))
    before = copied_from_theme(config)

    skip_hidden_folders(config.theme)

    assert copied_from_theme(config) == before
    copied = [path for path, _ in before]
    assert "assets/extra.css" in copied
    assert any(path.startswith("assets/stylesheets/main.") for path in copied)  # Material's own
    env = config.theme.get_env()
    listed = env.list_templates()
    assert "main.html" in listed and "assets/extra.css" in listed and ".keep" in listed
    assert not [name for name in listed if any(part.startswith(".") for part in name.split("/")[:-1])]
    # Anything still loads by name: Material's Markdown extension reads its icons from .icons.
    assert env.get_template("main.html") is not None
    assert "<svg" in env.loader.get_source(env, ".icons/material/alert.svg")[0]
    assert env.loader.get_source(env, "partials/.hidden/a.css")[0] == "/* mine */\n"
