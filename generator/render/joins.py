"""The language's punctuation (languages.punctuation) in the templates: every environment statusgen
renders with (the pages, the message templates) has it, in the language it speaks.

- `labelled(label, text)`: "Resolved: x", fr "Résolu : x", ja "解決済み：x";
- `sentence(text)`: "x.", ja "x。";
- the `names` filter: `components | map(attribute="name") | names`: "A, B", fr "A et B", ja "A、B";
- `joint(loop)`, for names each in markup of its own: what follows this one in a `{% for %}` over them
  (`<a ...>{{ c.name }}</a>{{ joint(loop) }}`): ", " between two, fr " et " before the last, "" after it.

In an HTML template the values are escaped as a gettext placeholder is (Markup passes as it is), and
the result is Markup; in a text template they are placed as they are.
"""
from __future__ import annotations

import jinja2
from markupsafe import Markup, escape

from ..languages import catalogs, punctuation


def install(env: jinja2.Environment, language: str) -> None:
    gettext = catalogs.translations(language).gettext
    forms = {key: gettext(key) for key in (punctuation.LABELLED, punctuation.SENTENCE)}

    def fill(eval_ctx, key: str, **values):
        form = forms[key]
        return (Markup(form) if eval_ctx.autoescape else form) % values

    @jinja2.pass_eval_context
    def labelled(eval_ctx, label, text=None):
        """The label and its text; without a text, the label with its colon, for markup that ends there
        ("<b>{{ labelled(name) }}</b> text"): the form up to its text, its trailing space left out."""
        if text is None:
            head = fill(eval_ctx, punctuation.LABELLED, label=label, text="\x00")
            return type(head)(head.split("\x00")[0].rstrip(" "))  # as punctuation.label_head
        return fill(eval_ctx, punctuation.LABELLED, label=label, text=text)

    @jinja2.pass_eval_context
    def sentence(eval_ctx, text):
        return fill(eval_ctx, punctuation.SENTENCE, text=text)

    def joint(loop) -> str:
        if loop.last:
            return ""
        return punctuation.joints(loop.length, language)[loop.index0]

    env.globals.update(labelled=labelled, sentence=sentence, joint=joint)
    env.punctuation_language = language  # read by the filter, a named function (render.template_cache)
    env.filters["names"] = names


@jinja2.pass_context  # never folded at compile time: its result depends on the environment's language
def names(context, items):
    language = context.environment.punctuation_language
    items = list(items)
    if context.eval_ctx.autoescape:
        return Markup(punctuation.names([str(escape(item)) for item in items], language))
    return punctuation.names(items, language)
