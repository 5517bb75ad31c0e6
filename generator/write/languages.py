"""Several languages in one build: the site's own at the root, each other one in /<code>/.

    theme:
      language: en            # the root: its URLs and feed ids never change
    plugins:
      - statusgen:
          languages: [de, ja]   # /de/ and /ja/: the same pages and feeds, in German and Japanese

Planned here, inside statusgen's one MkDocs build (the plugin only hands MkDocs what this module says):

- every generated page (status, history, post-incident reports, reliability, incidents, components) exists
  in every tree, rendered in that tree's language (render.Renderer with its catalog, its incident text
  falling back visibly to the site's own) under the tree's folder; the tree's pages stay out of the
  navigation, whose entries each tree's footer points at its own counterparts;
- each tree has its own feeds (outputs.feeds: /de/history.atom, ids of their own) and maintenance calendars
  (outputs.calendar: the same events and UIDs, in its words); the JSON API, badges, banner and build.json
  exist once, at the root, in no language;
- a hand-written page (subscribe.md) is the site's own; a project translates it by writing
  `<docs_dir>/<code>/subscribe.md`, and until then the other trees link to the site's own page;
- every page names its counterparts (`<link rel="alternate" hreflang>`, with x-default: the root's) and
  carries a switcher of plain links in its header, so a reader changes language without JavaScript
  (a static host cannot pick the language from Accept-Language, so the root stays the site's own).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..core import urls
from ..core.text import N_

LANGUAGE = N_("Language")  # the switcher's name for screen readers ("Sprache: DE (Deutsch)")
SWITCHER_MARK = "<!--sg-languages-->"  # where the frame's header takes the page's switcher


@dataclass(frozen=True)
class Tree:
    """One language's pages: `prefix` is its folder ("de/"), "" for the site's own at the root."""

    language: str
    prefix: str = ""

    @property
    def own(self) -> bool:
        return not self.prefix


def trees(site_language: str, languages: tuple[str, ...]) -> tuple[Tree, ...]:
    """The site's own tree first, then the others in the order the project listed them."""
    return (Tree(site_language),) + tuple(Tree(code, code + "/") for code in languages)


def tree_of(src_uri: str, all_trees: tuple[Tree, ...]) -> Tree:
    """The tree a page's source belongs to: the first folder of its path, when that folder is a language's."""
    for tree in all_trees[1:]:
        if src_uri.startswith(tree.prefix):
            return tree
    return all_trees[0]


_HTML_LANG = re.compile(r'<html lang="([^"]*)"')


def html_lang(output: str, code: str) -> str:
    """<html lang> naming the page's whole language: Material writes its search's language there ("pt" for
    pt-BR, "ku" for ku-IQ), which tells a screen reader and a translator less than the page's code."""
    found = _HTML_LANG.search(output, 0, 400)
    if found is None or found.group(1) == code:
        return output
    return output[:found.start()] + f'<html lang="{html.escape(code)}"' + output[found.end():]


def neutral(src_uri: str, tree: Tree) -> str:
    """The page's source as the root's tree names it (de/history.md -> history.md)."""
    return src_uri[len(tree.prefix):]


def native_name(code: str) -> str:
    """A language's name in itself ("Deutsch", "日本語", "Français"), as a switcher shows it."""
    from ..languages.locales import locale_of

    try:
        name = locale_of(code).get_display_name(locale_of(code)) or code
    except ValueError:
        return code
    return name[:1].upper() + name[1:]


def spec_title(spec, tree: Tree, gettext) -> str:
    """A generated page's title in the tree's language: an incident's translated title; a component's
    (spec.args, already the tree's); a list page's name through the catalog (its words are statusgen's),
    with its page number as the language says it; the status page's name as written."""
    from ..render.pages import COMPONENT, INCIDENT, STATUS, paged_title

    if tree.own or spec.kind == STATUS:
        return spec.title
    if spec.kind == INCIDENT:
        return spec.args["item"].title_in(tree.language).text
    title = spec.args["component"].name if spec.kind == COMPONENT else gettext(spec.args.get("title", spec.title))
    return paged_title(title, spec.args.get("page", 1), spec.args.get("pages", 1), gettext)


class Alternates:
    """Which language has which page: {page source as the root names it: {language: URL from the root}}."""

    def __init__(self, all_trees: tuple[Tree, ...], directory_urls: bool = True):
        self.trees = all_trees
        self.by_page: dict[str, dict[str, str]] = {}
        self.homes = {tree.language: _page_url(tree.prefix, directory_urls) for tree in all_trees}

    def add(self, src_uri: str, url: str) -> None:
        tree = tree_of(src_uri, self.trees)
        self.by_page.setdefault(neutral(src_uri, tree), {})[tree.language] = url

    def of(self, src_uri: str) -> dict[str, str]:
        """{language: URL} of every version of the page, the site's own language first."""
        found = self.by_page.get(neutral(src_uri, tree_of(src_uri, self.trees)), {})
        return {t.language: found[t.language] for t in self.trees if t.language in found}

    def footer(self, tree: Tree, titles: dict[str, str], nav_urls: set[str], urls_by_src: dict[str, str]
               ) -> dict[str, list[str]]:
        """For the frame's footer in `tree`: {URL of a root page in the nav: [its counterpart's URL, title]}; a
        page the tree has no version of keeps its own link. `titles`: the titles by URL; `urls_by_src`: the
        URL a page's source has in the nav (the home page's is "", its file's "./")."""
        out = {}
        for versions in self.by_page.values():
            own, there = versions.get(self.trees[0].language), versions.get(tree.language)
            key = urls_by_src.get(own, own)
            if own is None or key not in nav_urls:
                continue
            if there is not None:
                out[key] = [there, titles.get(there, "")]
            else:  # the site's own page, in its language: the link says so (hreflang, and lang on its title)
                out[key] = [own, titles.get(own, ""), self.trees[0].language]
        return out


def _page_url(prefix: str, directory_urls: bool) -> str:
    return prefix if directory_urls else prefix + "index.html"


def head_links(versions: dict[str, str], site_url: str, root: str) -> str:
    """hreflang alternates for every version of a page (the site's own is x-default too): absolute when the
    site has an address (search engines ask for it), else relative to the page."""
    if len(versions) < 2:
        return ""

    def href(url: str) -> str:
        return urls.absolute(site_url, url) if site_url else (root + url or "./")

    links = [(code, href(url)) for code, url in versions.items()]
    links.append(("x-default", links[0][1]))
    return "".join(f'<link rel="alternate" hreflang="{_attr(code)}" href="{_attr(url)}">' for code, url in links)


def switcher(current: str, versions: dict[str, str], homes: dict[str, str], root: str, label: str) -> str:
    """The header's language menu: a <details> of plain links (no JavaScript), each language named in
    itself with its own `lang`, to this page's version there or else that language's home page."""
    items = []
    for code, home in homes.items():
        url = versions.get(code, home)
        name = _attr(native_name(code))
        mark = ' aria-current="page"' if code == current else ""
        items.append(f'<li><a href="{_attr(root + url or "./")}" hreflang="{_attr(code)}" lang="{_attr(code)}"{mark}>'
                     f"{name}</a></li>")
    return (f'<details class="sg-lang"><summary class="sg-lang__button">'
            f'<span class="sg-sr-only">{_attr(label)}: </span>'
            f'<span lang="{_attr(current)}">{_attr(current.split("-")[0].upper())}</span>'
            f'<span class="sg-sr-only" lang="{_attr(current)}"> ({_attr(native_name(current))})</span></summary>'
            f'<ul class="sg-lang__list">{"".join(items)}</ul></details>')


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


class Multilingual:
    """One build's languages, as the plugin asks about them page by page (one object per build)."""

    def __init__(self, site_language: str, languages: tuple[str, ...], directory_urls: bool = True, palette=None):
        from ..languages.catalogs import gettext_for
        from .frame import palette_in

        self.trees = trees(site_language, languages)
        self.many = len(self.trees) > 1
        self.gettext = {tree: gettext_for(tree.language) for tree in self.trees}
        # theme.palette as each tree's pages name its colour toggle (the names `init` writes are statusgen's)
        self.palettes = {tree: palette_in(palette, self.gettext[tree]) for tree in self.trees}
        self.alternates = Alternates(self.trees, directory_urls)
        self.frames: dict[Tree, dict] = {}

    def state(self, state, tree: Tree):
        """The build's state as `tree`'s pages and feeds read it: its components' names in its language."""
        from dataclasses import replace

        from ..read.component_translations import config_in_language

        if tree.own:
            return state
        config = config_in_language(state.config, tree.language)
        return state if config is state.config else replace(state, config=config)

    def page_spec(self, spec, tree: Tree, components: dict | None = None):
        """The planned page as `tree` has it: its title in the tree's language, and a component page's
        component as the tree names it (`components`: the tree's, by id)."""
        from dataclasses import replace

        from ..render.pages import COMPONENT

        if tree.own:
            return spec
        if spec.kind == COMPONENT and components:
            spec = replace(spec, args={**spec.args, "component": components[spec.args["component"].id]})
        return replace(spec, title=spec_title(spec, tree, self.gettext[tree]))

    def outputs(self, state) -> dict[str, bytes]:
        """Each other language's feeds and maintenance calendars, under its folder (outputs.feeds,
        outputs.calendar); the root's come from render_outputs."""
        from ..outputs.calendar import render_calendar
        from ..outputs.feeds import render_feeds

        out: dict[str, bytes] = {}
        for tree in self.trees[1:]:
            out.update(render_feeds(self.state(state, tree), tree.language))
            out.update(render_calendar(self.state(state, tree), tree.language))
        return out

    def plan_frames(self, files, own_frame: dict, subscribe_src: str) -> None:
        """Each tree's frame options (config.extra.statusgen_frame): its words, home, footer links and Subscribe
        page; the group key of frame_once holds them, so a frame is rendered once per kind AND language."""
        from .frame import frame_options

        titles: dict[str, str] = {}  # a page's title in its tree, by URL
        own_titles: dict[str, str] = {}
        nav_urls: set[str] = set()
        page_urls: dict[str, str] = {}
        generated: set[str] = set()  # the URLs of statusgen's own pages
        for file in files.documentation_pages():
            self.alternates.add(file.src_uri, file.url)
            page = file.page
            if page is None:
                continue
            page_urls[file.url] = page.url
            title = html.unescape(str(page.title or ""))
            titles[file.url] = title
            if getattr(page, "spec", None) is not None:
                generated.add(file.url)
            if tree_of(file.src_uri, self.trees).own:
                own_titles[neutral(file.src_uri, self.trees[0])] = title
                if not file.inclusion.is_not_in_nav():
                    nav_urls.add(page.url)
        for tree in self.trees[1:]:
            # statusgen's own pages take the nav's title through the tree's catalog ("History": "Verlauf"); a
            # project's translated page keeps the title it gives itself.
            for src, versions in self.alternates.by_page.items():
                there = versions.get(tree.language)
                if there in generated and src in own_titles:
                    titles[there] = self.gettext[tree](own_titles[src])
        subscribe = self.alternates.of(subscribe_src)
        for tree in self.trees:
            there = subscribe.get(tree.language) or own_frame.get("subscribe") or None
            frame = frame_options(own_frame.get("contact", ""), there, tree.language)
            if there and tree.language not in subscribe:  # the site's own page, in its language
                frame["subscribe_lang"] = self.trees[0].language
            frame.update(languages=[t.language for t in self.trees], language=tree.language,
                         home=self.alternates.homes[tree.language],
                         nav={} if tree.own else self.alternates.footer(tree, titles, nav_urls, page_urls),
                         label=self.gettext[tree](LANGUAGE))
            self.frames[tree] = frame

    def page_context(self, config, src_uri: str, frame_key: str) -> None:
        """Before a page's template: Material's words and <html lang> in the page's language, and its frame."""
        tree = tree_of(src_uri, self.trees)
        config.theme["language"] = tree.language
        if self.palettes[tree] is not None:
            config.theme["palette"] = self.palettes[tree]
        config.extra[frame_key] = self.frames[tree]

    def searchable(self, src_uri: str) -> bool:
        """Whether Material's search (when the project enables it) indexes the page: its one index is stemmed
        and searched in the site's own language, so another language's pages would only answer in the wrong one."""
        return tree_of(src_uri, self.trees).own

    def tree(self, src_uri: str) -> Tree:
        return tree_of(src_uri, self.trees)

    def post_page(self, output: str, src_uri: str, root: str, site_url: str, material_javascript: bool = False) -> str:
        """The page's hreflang links and its switcher.

        A page that keeps Material's script bundle (a hand-written page without `material_javascript: false`)
        gets the switcher but no hreflang links: the bundle fetches `sitemap.xml` beside every
        `<link rel="alternate">`, which for a page's own address is a request that fails on every visit (a
        console error, and a cross-site request when site_url names another host)."""
        tree = tree_of(src_uri, self.trees)
        versions = self.alternates.of(src_uri)
        output = output.replace(SWITCHER_MARK, switcher(tree.language, versions, self.alternates.homes, root,
                                                        self.frames[tree]["label"]), 1)
        if material_javascript:
            return output
        return output.replace("</head>", head_links(versions, site_url, root) + "</head>", 1)

    def sitemaps(self, root_sitemap: str) -> dict[str, str]:
        """Each other language's own sitemap.xml ({"de/sitemap.xml": text}), of the root's entries in its
        folder: Material's bundle, on a language's hand-written page, fetches it beside the page's feed links."""
        head, _opening, rest = root_sitemap.partition("<url>")
        out = {}
        for tree in self.trees[1:]:
            entries = [entry for entry in re.findall(r"<url>.*?</url>", root_sitemap, flags=re.S)
                       if re.search(r"<loc>[^<]*/" + re.escape(tree.prefix), entry)]
            body = "\n".join("    " + entry for entry in entries)
            opening = head if rest else re.sub(r"</urlset>\s*$", "", root_sitemap)
            out[tree.prefix + "sitemap.xml"] = opening.rstrip() + "\n" + (body + "\n" if body else "") + "</urlset>\n"
        return out

    def not_found(self, output: str, root: str) -> str:
        """The 404 page (any depth, any language's reader): the switcher leads to each language's home."""
        own = self.trees[0]
        return output.replace(SWITCHER_MARK, switcher(own.language, {}, self.alternates.homes, root,
                                                      self.gettext[own](LANGUAGE)), 1)
