"""A component's name, group and description in other languages: `translations` on a component.

    components:
      - id: web-app
        name: Web application
        group: Core
        description: The dashboard at app.acme.example.
        translations:
          de: {name: Webanwendung, group: Kern, description: Das Dashboard unter app.acme.example.}
          ja: {name: Web アプリ}

A language's pages and feeds (plugins.statusgen.languages) and an audience's e-mail in its language
show them; what is not translated stays as written (names are often the product's own, the same in
every language). A group is translated once, on any one of its components, and holds for all of them.
The JSON API and the badges keep the names as written: they are language-neutral.

Read with the rest of the component (read.config); the languages are checked once theme.language and
the project's own languages are known (`language_problems`).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..core.diagnostics import Diagnostic
from ..core.timeutil import type_name
from ..languages.locales import UnknownLanguage, locale_of

TEXT_KEYS = ("name", "group", "description")


@dataclass(frozen=True)
class ComponentText:
    """One language's words for a component ("": not translated, the component's own is shown)."""
    language: str
    name: str = ""
    group: str = ""
    description: str = ""


def read_translations(value, keys: tuple, check, has_group: bool) -> tuple[ComponentText, ...]:
    """The component's `translations` (keys: its path in the options); every problem goes to `check`."""
    if value is None:
        return ()
    if not isinstance(value, dict):
        check.error(keys, f"expected a mapping of language codes to name, group and description, got "
                          f"{type_name(value)}")
        return ()
    if not value:
        check.error(keys, "is empty: give a language code with name, group or description (de: {name: ...}), "
                          "or remove translations")
        return ()
    out = []
    for code, words in value.items():
        at = keys + (code,)
        if not isinstance(code, str) or not code.strip():
            check.error(keys, f"expected language codes such as de or pt-BR as keys, got {type_name(code)}")
            continue
        if isinstance(words, str):  # the name alone: `de: Webanwendung`
            words = {"name": words}
        if not isinstance(words, dict):
            check.error(at, f"expected a mapping with name, group or description, got {type_name(words)}")
            continue
        check.mapping_keys(words, at, TEXT_KEYS)
        text = ComponentText(code.strip(), *(check.text(words.get(key), at + (key,)) for key in TEXT_KEYS))
        if text.group and not has_group:
            check.error(at + ("group",), "translates a group, but the component has no group")
            text = replace(text, group="")
        out.append(text)
    return tuple(out)


def group_problems(components, check) -> None:
    """A group's translation into a language is one: two of its components must not say it differently; and
    two groups keep two names in every language (the pages group components by name: two groups said alike
    would show as one)."""
    said: dict[tuple[str, str], tuple[str, str, int]] = {}
    for index, component in enumerate(components):
        for text in component.translations:
            if not text.group:
                continue
            key = (component.group, text.language)
            first = said.setdefault(key, (text.group, component.id, index))
            if first[0] != text.group:
                check.error(("components", index, "translations", text.language, "group"),
                            f'translates the group "{component.group}" as "{text.group}", but component '
                            f'"{first[1]}" translates it as "{first[0]}"; give it once, on any one of its components')
    groups = list(dict.fromkeys(c.group for c in components if c.group))
    for language in dict.fromkeys(code for _, code in said):
        named: dict[str, str] = {}  # a group's name in `language` -> the group
        for group in groups:
            found = said.get((group, language))
            name = found[0] if found else group
            other = named.setdefault(name, group)
            if other == group:
                continue
            index = (found or said[(other, language)])[2]  # the translation that made the two alike
            check.error(("components", index, "translations", language, "group"),
                        f'names the groups "{other}" and "{group}" alike in {language} ("{name}"), so its pages '
                        "would show them as one group; give each group its own name")


def language_problems(components, site_language: str, custom: frozenset[str], shown: str, located,
                      root: tuple) -> list[Diagnostic]:
    """Each translation's language: one Material and Babel know (spelled Material's way), not the site's own."""
    problems = []
    for index, component in enumerate(components):
        for text in component.translations:
            keys = root + ("components", index, "translations", text.language)
            where = f"plugins.statusgen.components[{index}].translations.{text.language}"
            if text.language == site_language:
                problems.append(Diagnostic(shown, located.line(*keys),
                                           f"{where}: is theme.language, the language the component's own name "
                                           "is written in; translate into other languages only"))
                continue
            try:
                locale_of(text.language, custom)
            except UnknownLanguage as exc:
                problems.append(Diagnostic(shown, located.line(*keys), f"{where}: {exc}"))
    return problems


def in_language(components: tuple, language: str) -> tuple:
    """The components as readers of `language` see them: each translated word in place of its own."""
    groups: dict[str, str] = {}
    for component in components:
        for text in component.translations:
            if text.language == language and text.group:
                groups.setdefault(component.group, text.group)
    out = []
    for component in components:
        text = next((t for t in component.translations if t.language == language), None)
        group = groups.get(component.group, component.group) if component.group else component.group
        if text is None and group == component.group:
            out.append(component)
            continue
        out.append(replace(component, name=(text and text.name) or component.name, group=group,
                           description=(text and text.description) or component.description))
    return tuple(out)


def config_in_language(config, language: str | None):
    """The site's configuration with its components in `language` (None or the site's own: unchanged)."""
    if language is None or language == config.language or not any(c.translations for c in config.components):
        return config
    return replace(config, components=in_language(config.components, language))
