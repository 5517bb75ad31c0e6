"""The MkDocs plugin: a thin adapter that adds the generated pages to a build.

All the work lives in the plain library (project -> state -> render); this
module only translates between it and MkDocs' events:

- on_config: read the statusgen options (same diagnostics as `statusgen validate`);
  put statusgen's frame in the theme's search path (generator.write.frame);
  list the theme's files without its hidden folders (generator.write.theme_files)
- on_pre_build: read and validate incidents (before MkDocs empties site_dir)
- on_files: plan the pages, add them as generated
  files whose pages render their body with generator.render (GeneratedPage)
- on_post_page: advertise the feeds in every page's <head>
- on_pre_build / on_post_build: refuse a site_dir statusgen did not write, and
  mark the one it wrote (generator.write.sitedir)
- on_post_build: write the files the chosen host reads (generator.hosting), before marking
- on_serve: reload when an incident file changes
"""
from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass, replace
from urllib.parse import urlsplit
from datetime import datetime
from pathlib import Path

from jinja2 import TemplateSyntaxError
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import frame_once, sitedir
from .languages import Multilingual, html_lang
from .generated_page import GeneratedPage, render_ahead
from .frame import EXTRA_KEY, SUBSCRIBE_PAGE, frame_options, insert_theme_layer
from .material_css import page_template_texts, used_stylesheet
from .marker import sha256
from ..hosting import HOST_FILES, HostingError, host_files
from ..languages.catalogs import gettext_for
from .theme_files import skip_hidden_folders
from ..core import urls
from ..read.config import OVERRIDE_FOLDER, Component, Config, load_config
from ..read.component_translations import config_in_language
from ..core.diagnostics import Diagnostic, UserError
from ..validate.project import Project, load_project
from ..read.reader import shown_path
from ..render import PageSpec, Renderer, builtin_templates_dir, plan_pages, template_cache
from ..render.loading import defer_scripts
from ..render.pages import COMPONENT
from ..render.share import head_tags
from ..model.state import SiteState, build_state
from ..core.timeutil import TimeError, build_now

log = logging.getLogger("mkdocs.plugins.statusgen")

ASSETS = ("assets/statusgen/statusgen.css", "assets/statusgen/statusgen.js")
STYLESHEET_KEY = "statusgen_stylesheet"  # config.extra: the frame links it on generated pages


def format_diagnostics(diagnostics: list[Diagnostic]) -> str:
    return "\n".join(d.format() for d in diagnostics)


class StatusPlugin(BasePlugin):
    """Options are validated by generator.read.config (with file and line), not by MkDocs."""

    def __init__(self):
        super().__init__()
        self.status_config: Config | None = None
        self._prepared: Prepared | None = None
        self._messages = None
        self._ahead = None  # page bodies rendered ahead (write.generated_page), for one build
        self.state: SiteState | None = None
        self.renderer: Renderer | None = None
        self.component_pages: dict[str, Component] = {}
        self._not_ours: frozenset[str] = frozenset()
        self.frames: frame_once.Frames | None = None
        self.languages: Multilingual | None = None  # the build's languages (write.languages)
        self._page_templates: list[Path] = []  # statusgen's page templates and the project's overrides (on_files)

    def load_config(self, options, config_file_path=None):
        # The options are checked in on_config by generator.read.config, which knows
        # every key and reports lines; MkDocs' own schema would only say "unknown".
        self.config = dict(options or {})
        return [], []

    def prepare(self, config: Config, project: Project, now: datetime, messages=None, commit: str | None = None) -> None:
        """The one entry point for a caller that drives MkDocs itself (`statusgen build`).

        It has already loaded the statusgen options and read and validated the
        incidents as of `now`; the next build uses them instead of reading
        mkdocs.yml and the incident files again. `messages` (render.Messages)
        may hold update messages converted ahead of time. Builds after that
        one (`mkdocs serve` rebuilds) read from disk as usual. `commit`, the commit being built,
        goes into build.json.
        """
        self._prepared = Prepared(config, project, now, messages, commit)

    # -- configuration -------------------------------------------------------------------------------------
    def on_config(self, config: MkDocsConfig):
        if self._prepared is not None:
            self.status_config = self._prepared.config
        else:
            try:
                self.status_config = load_config(config.config_file_path)
            except UserError as exc:
                raise PluginError(format_diagnostics(exc.diagnostics)) from None
        # The theme prints site_name unescaped in places (<title>, the header):
        # as Markup it comes out escaped there and is not escaped twice elsewhere.
        config.site_name = Markup.escape(config.site_name or "")
        # Likewise site_description, which the theme prints unescaped inside every page's <meta> attribute.
        if config.site_description:
            config.site_description = Markup.escape(config.site_description)
        # A status page, not a documentation site: no theme credit in the footer unless asked for.
        if "generator" not in config.extra:
            config.extra["generator"] = False
        css, js = ASSETS
        if css not in config.extra_css:
            config.extra_css.append(css)
        if js not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(js)
        insert_theme_layer(config.theme)
        skip_hidden_folders(config.theme)
        return config

    # -- pages --------------------------------------------------------------------------------------------
    def _project(self) -> tuple[Project, datetime, str | None]:
        if self._prepared is not None:
            prepared, self._prepared = self._prepared, None  # for one build only
            self._messages = prepared.messages
            return prepared.project, prepared.now, prepared.commit
        try:
            now = build_now()
        except TimeError as exc:
            raise PluginError(str(exc)) from None
        return load_project(self.status_config, now), now, None

    def on_pre_build(self, config: MkDocsConfig):
        # Validate here, not in on_files: MkDocs empties site_dir between the two,
        # and an invalid incident must leave the previous site in place.
        project, now, commit = self._project()
        if project.errors:
            raise PluginError(format_diagnostics(project.errors)
                              + f"\n{len(project.errors)} error(s) in incident files; fix them and build again.")
        self.state = build_state(self.status_config, project.incidents, now, commit)
        # MkDocs empties site_dir next (its hidden files excepted): only if statusgen wrote it.
        site = Path(config.site_dir)
        try:
            sitedir.check_replaceable(site, keep_hidden=True)
        except sitedir.SiteDirError as exc:
            raise self._site_error(config, exc) from None
        self._not_ours = frozenset(sitedir.foreign_files(site))  # hidden files MkDocs will keep

    def on_build_error(self, error: Exception):
        self._stop_ahead()

    def _stop_ahead(self) -> None:
        if self._ahead is not None:
            self._ahead.close()
            self._ahead = None

    def on_post_build(self, config: MkDocsConfig):
        self._stop_ahead()  # every body was taken by now: it stopped itself, or is told to here
        if self.frames is not None:
            self.frames.release()  # the plugin outlives the build (serve): its frames need not
        if self.languages is not None and self.languages.many:
            config.theme["language"] = self.status_config.language  # set page by page (write.languages)
        if self.languages is not None and self.languages.many:
            self._write_language_sitemaps(Path(config.site_dir))
        self._write_host_files(Path(config.site_dir), config)
        try:
            sitedir.mark(Path(config.site_dir), ignore=self._not_ours)
        except sitedir.SiteDirError as exc:  # a link put in place of the marker during the build
            raise self._site_error(config, exc) from None

    def _write_language_sitemaps(self, site: Path) -> None:
        root = site / "sitemap.xml"
        if not root.is_file():
            return
        # A hand-written one was refused in on_files; what is there now is this build's folder's (a --dirty
        # build or serve keeps the last build's), so it is replaced.
        for path, text in self.languages.sitemaps(root.read_text(encoding="utf-8")).items():
            (site / path).write_text(text, encoding="utf-8")

    def _write_host_files(self, site: Path, config: MkDocsConfig) -> None:
        """_headers, _redirects or the S3 manifest for hosting: (generator.hosting), as statusgen's own files.

        Written after MkDocs, from the files it wrote; a host file an earlier build left (another
        hosting:, kept by an in-place `mkdocs build`) goes, so the site never carries another host's rules.
        """
        host = self.status_config.hosting
        written = sitedir.written_files(site, self._not_ours)
        digests = {path: (sha256(site / path) if host == "s3" else None) for path in written}
        try:
            produced = host_files(host, config.site_url or "", digests)
        except HostingError as exc:
            raise PluginError(f"{shown_path(Path(config.config_file_path), self.status_config.base_dir)}: "
                              f"hosting: {host}: {exc}") from None
        for name in HOST_FILES:
            # Only a hidden one outlives MkDocs' emptying of the folder (a visible one is the docs' own).
            if name.startswith(".") and name not in produced and name in digests:
                (site / name).unlink()
        for name, content in produced.items():
            target = site / name
            if target.is_symlink():  # never write through a link planted in the site folder
                target.unlink()
            target.write_bytes(content)

    def _site_error(self, config: MkDocsConfig, exc: Exception) -> PluginError:
        return PluginError(f"{shown_path(Path(config.config_file_path), self.status_config.base_dir)}: {exc}")

    def on_files(self, files: Files, config: MkDocsConfig):
        overrides = ()
        if config.theme.custom_dir:
            overrides = (Path(config.theme.custom_dir) / OVERRIDE_FOLDER,)
        messages, self._messages = self._messages, None  # converted ahead by `statusgen build`, for one build
        langs = self.languages = Multilingual(self.status_config.language, self.status_config.languages,
                                              config.use_directory_urls, config.theme.get("palette"))
        if langs.palettes[langs.trees[0]] is not None:
            config.theme["palette"] = langs.palettes[langs.trees[0]]  # the toggle named in the site's language
        for file in files.documentation_pages():  # a project's own translations of its pages: not in the nav
            if not langs.tree(file.src_uri).own and file.inclusion is InclusionLevel.UNDEFINED:
                file.inclusion = InclusionLevel.NOT_IN_NAV
        renderers = {tree: Renderer(langs.state(self.state, tree), overrides, directory_urls=config.use_directory_urls,
                                    messages=messages if tree.own else None, language=tree.language, prefix=tree.prefix)
                     for tree in langs.trees}
        self.renderer = renderers[langs.trees[0]]
        self.component_pages = {}
        generated: list[GeneratedPage] = []
        planned_pages = plan_pages(self.state)
        # A hand-written page under another name can still be written to a generated page's address
        # (de.md and de/index.md both become de/index.html): the one written last would win, silently.
        written_to = {file.dest_uri: file.src_uri for file in files if file.inclusion.is_included()}
        for tree in langs.trees:
            for planned in planned_pages:
                spec, src = langs.page_spec(planned, tree, renderers[tree].components), tree.prefix + planned.src_uri
                if files.get_file_from_path(src) is not None:
                    raise PluginError(self._taken(config, src, f"this page is generated by statusgen ({spec.title})"))
                in_nav = spec.in_nav and tree.own  # a language's pages are reached from its own footer
                inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
                file = File.generated(config, src, content="", inclusion=inclusion)
                if file.dest_uri in written_to:
                    raise PluginError(self._taken(config, written_to[file.dest_uri],
                                                  f"it would be written to {file.dest_uri}, where statusgen writes "
                                                  f"a page of its own ({spec.title})"))
                files.append(file)
                generated.append(GeneratedPage(file, config, spec, renderers[tree]))
                if spec.kind == COMPONENT:
                    self.component_pages[src] = spec.args["component"]  # named as its tree names it
        # The bodies rendered ahead from the last page down (write.generated_page) while the rest of the build
        # goes on. The helper renders with copies of these renderers: one that still read from the message
        # helper's pipe would take messages from under this process, so that helper stops first (what it
        # converted so far is kept, by both).
        if messages is not None:
            messages.stop()
        self._ahead = render_ahead(generated)
        subscribe = files.get_file_from_path(SUBSCRIBE_PAGE)
        config.extra[EXTRA_KEY] = frame_options(self.status_config.contact, subscribe.url if subscribe else None,
                                                self.status_config.language)
        for path in ASSETS:
            if files.get_file_from_path(path) is None:
                source = builtin_templates_dir() / "assets" / Path(path).name
                files.append(File.generated(config, path, content=source.read_bytes()))
        self._page_templates = [builtin_templates_dir(), *overrides]  # their words: see on_env
        for name in HOST_FILES:
            if files.get_file_from_path(name) is not None and self.status_config.hosting != "github-pages":
                raise PluginError(self._taken(config, name, f"statusgen writes this file for hosting: "
                                                            f"{self.status_config.hosting} (docs/hosting.md)"))
        for path, content in self._outputs():
            if files.get_file_from_path(path) is not None:
                raise PluginError(self._taken(config, path, "this file is generated by statusgen"))
            files.append(File.generated(config, path, content=content))
        if langs.many:
            for tree in langs.trees[1:]:
                if files.get_file_from_path(tree.prefix + "sitemap.xml") is not None:
                    raise PluginError(self._taken(config, tree.prefix + "sitemap.xml",
                                                  "statusgen writes each language's sitemap here"))
        return files

    @staticmethod
    def _used_stylesheet(files: Files, config: MkDocsConfig, page_templates: list[Path], base_dir: Path) -> str:
        """Adds the part of Material's stylesheets generated pages use; its path ("": the theme's own links)."""
        texts = page_template_texts(page_templates[0], page_templates[1:])
        script = files.get_file_from_path(ASSETS[1])  # statusgen.js (or the project's own) adds classes too
        if script is not None:
            texts.append(script.content_bytes.decode("utf-8", "replace"))
        # A hand-written page that leaves the bundle out (`material_javascript: false`) links this file too:
        # the classes its Markdown wrote (an admonition, a button) count.
        texts += [file.page.content for file in files.documentation_pages()
                  if file.page is not None and not isinstance(file.page, GeneratedPage) and file.page.content
                  and (file.page.meta or {}).get("material_javascript", True) is False]
        try:
            found = used_stylesheet(config.theme.get_env(), config.theme.dirs, config.theme.get("palette"), texts)
        except TemplateSyntaxError as exc:  # a project's main.html (custom_dir), read before any page
            where = shown_path(Path(exc.filename), base_dir) if exc.filename else exc.name
            problem = (exc.message or "").rstrip(".")
            raise PluginError(f"{where}:{exc.lineno}: template error: {problem}; fix the template") from None
        if found is None:
            return ""
        files.append(File.generated(config, found[0], content=found[1]))
        return found[0]

    def _taken(self, config: MkDocsConfig, src: str, why: str) -> str:
        shown = shown_path(Path(config.docs_dir) / src, self.status_config.base_dir)
        return f"{shown}: {why}; remove or rename the hand-written file"

    def _outputs(self):
        from ..outputs import render_outputs

        produced = render_outputs(self.state)
        produced.update(self.languages.outputs(self.state))
        return sorted(produced.items())

    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        # MkDocs takes a page's title from the nav only when it creates the page;
        # ours exist earlier, so apply the nav's titles ("Status: index.md") here. A title that is
        # statusgen's own word (`init` writes "History") is said in the site's language ("Historique").
        for src, title in _nav_titles(config.nav or []):
            file = files.get_file_from_path(src)
            if file is not None and isinstance(file.page, GeneratedPage):
                file.page.title = Markup.escape(file.page.renderer._(title))
        return nav

    def on_env(self, env, config: MkDocsConfig, files: Files):
        # The theme's templates are compiled once per process, not once per build (serve rebuilds),
        # and the frame around generated pages outside the nav is rendered once per kind of page.
        self.frames = frame_once.Frames(_frameable)
        # Generated pages (and hand-written ones without the bundle) link only the part of Material's
        # stylesheets they can use (generator.write.material_css): made here, once every page's Markdown
        # has been converted (their classes count too) and before any page is written.
        config.extra[STYLESHEET_KEY] = self._used_stylesheet(files, config, self._page_templates,
                                                             self.status_config.base_dir)
        if self.languages.many:
            self.languages.plan_frames(files, config.extra[EXTRA_KEY], SUBSCRIBE_PAGE)
            self.languages.page_context(config, "", EXTRA_KEY)  # the 404 page, built first, is the root's
        return frame_once.use_frames(template_cache.cached(env), self.frames)

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav):
        if self.languages is not None and self.languages.many:
            self.languages.page_context(config, page.file.src_uri, EXTRA_KEY)
        return context

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files):
        if self.languages is not None and not self.languages.searchable(page.file.src_uri):
            page.meta["search"] = {"exclude": True}
        # Hand-written pages (subscribe.md) show snippets with the site's own address.
        if isinstance(page, GeneratedPage) or self.status_config is None:
            return markdown
        _hide_footer(page.meta)
        config = self.status_config
        if self.languages is not None and self.languages.many:
            # A translated page (de/about.md) promises the cadence, and offers the sign-up, in its own language,
            # naming the components as that language's pages do.
            language = self.languages.tree(page.file.src_uri).language
            config = replace(config_in_language(config, language), language=language)
        return substitute_site(markdown, config)

    def on_page_content(self, html_text: str, page: Page, config: MkDocsConfig, files: Files):
        # Tables in hand-written pages (subscribe.md's API table) read on a phone as the ones in
        # messages and reports do: one block per row, each value under its column's heading.
        if isinstance(page, GeneratedPage):
            return html_text
        from ..render.tables import readable_tables

        return readable_tables(html_text)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig):
        root = "../" * page.file.dest_uri.count("/")
        if isinstance(page, GeneratedPage) and page.share_info is not None:
            output = _share(output, page.share_info, page.spec, page, self.status_config)
        output = defer_scripts(output)
        language = self.status_config.language if self.status_config else None
        if self.languages is not None and self.languages.many:
            output = self.languages.post_page(output, page.file.src_uri, root, config.site_url or "",
                                              (page.meta or {}).get("material_javascript", True) is not False)
            tree = self.languages.tree(page.file.src_uri)
            root += tree.prefix  # the feeds of the page's language
            language = tree.language
        if language:
            output = html_lang(output, language)
        return _advertise(output, root, self.component_pages.get(page.file.src_uri), language)

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig):
        # The 404 page is served at any depth, so it links from the site's root path.
        if template_name != "404.html":
            return output
        root = urlsplit(config.site_url or "/").path or "/"
        root = root if root.endswith("/") else root + "/"
        if self.renderer is not None:
            output = _not_found_page(output, self.renderer.render_not_found(root), config, self.renderer._)
        if self.languages is not None and self.languages.many:
            output = self.languages.not_found(output, root)
        language = self.status_config.language if self.status_config else None
        if language:
            output = html_lang(output, language)
        return _advertise(defer_scripts(output), root, None, language)

    def on_serve(self, server, config: MkDocsConfig, builder):
        if self.status_config is not None:
            server.watch(str(self.status_config.incidents_dir))
        if config.theme.custom_dir:
            server.watch(str(Path(config.theme.custom_dir) / OVERRIDE_FOLDER))
        return server


@dataclass(frozen=True)
class Prepared:
    config: Config
    project: Project
    now: datetime
    messages: object = None
    commit: str | None = None


def _frameable(page) -> bool:
    # Pages in the nav change the nav's state (the current item): they render the normal way.
    return isinstance(page, GeneratedPage) and not page.spec.in_nav


def _nav_titles(items):
    for item in items:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    yield value, title
                elif isinstance(value, list):
                    yield from _nav_titles(value)


def _share(output: str, info: dict, spec: PageSpec, page: Page, status_config: Config) -> str:
    """A shared link tells the story: <title>, description and Open Graph tags (render.share's `info`)."""
    title = info["title"] or spec.title
    if info["title"]:
        output = re.sub(r"<title>.*?</title>", lambda _: f"<title>{html.escape(info['title'])}</title>", output,
                        count=1, flags=re.S)
    if info["description"]:
        tag = f'<meta name="description" content="{_attr(info["description"])}">'
        output, found = re.subn(r'<meta name="description" content="[^"]*">', lambda _: tag, output, count=1)
        if not found:
            output = output.replace("</head>", tag + "</head>", 1)
    url = urls.absolute(status_config.site_url, page.file.url)
    return output.replace("</head>", head_tags(info, title, status_config.site_name, url) + "</head>", 1)


def _hide_footer(meta: dict) -> None:
    """No "Previous/Next" footer: the pages of a status site are not chapters of a book."""
    hide = meta.get("hide")
    if not isinstance(hide, list):
        hide = meta["hide"] = [hide] if isinstance(hide, str) else []
    if "footer" not in hide:
        hide.append("footer")


SITE_TOKENS = ("{{ site_url }}", "{{ site_name }}")


def substitute_site(markdown: str, status_config: Config) -> str:
    """{{ site_url }} (the address the site is served from, ending in /), {{ site_name }},
    {{ email_signup }} (the mailing-list provider's sign-up pages, render/signup.py) and
    {{ update_cadence }} (the severities' update_every, render/cadence.py)."""
    from ..render.cadence import substitute_cadence
    from ..render.signup import substitute_signup

    markdown = substitute_cadence(substitute_signup(markdown, status_config), status_config)
    if "{{ site_" not in markdown:
        return markdown
    site_url = urls.absolute(status_config.site_url, "")
    return markdown.replace("{{ site_url }}", site_url).replace("{{ site_name }}", status_config.site_name)


def _not_found_page(output: str, body: str, config: MkDocsConfig, _=str) -> str:
    """The theme's bare 404 page made a way back: our body, no navigation sidebars, a real title (in the
    site's language: `_` is the renderer's gettext)."""
    output = output.replace("<h1>404 - Not found</h1>", body, 1)
    output = re.sub(r'(<div class="md-sidebar md-sidebar--(?:primary|secondary)"[^>]*?)\s*>', r"\1 hidden>", output)
    name = html.escape(str(config.site_name), quote=False) if not isinstance(config.site_name, Markup) \
        else str(config.site_name)
    title = f"{html.escape(_('Page not found'), quote=False)} - {name}"
    return re.sub(r"<title>.*?</title>", lambda _match: f"<title>{title}</title>", output, count=1, flags=re.S)


def _advertise(output: str, root: str, component: Component | None, language: str | None = None) -> str:
    """Feed autodiscovery links in <head>: the whole history, plus a component's own feeds; their titles
    (a feed reader shows them) in the page's `language`."""
    _ = gettext_for(language or "en")
    links = [("application/rss+xml", urls.FEED_RSS, _("All incidents (RSS)")),
             ("application/atom+xml", urls.FEED_ATOM, _("All incidents (Atom)"))]
    if component is not None:
        links += [("application/rss+xml", urls.component_feed(component.id, "rss"), f"{component.name} (RSS)"),
                  ("application/atom+xml", urls.component_feed(component.id, "atom"), f"{component.name} (Atom)")]
    head = "".join(f'<link rel="alternate" type="{kind}" href="{_attr(root + href)}" title="{_attr(title)}">'
                   for kind, href, title in links)
    return output.replace("</head>", head + "</head>", 1)


def _attr(text: str) -> str:
    return html.escape(text, quote=True)
