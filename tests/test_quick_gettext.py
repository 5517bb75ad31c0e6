"""render.quick_gettext: the templates' gettext, ngettext and _ give what Jinja's own give, with less work."""
import jinja2
import pytest

from generator.languages import catalogs
from generator.render import quick_gettext

TEMPLATE = ('{{ _("Status") }}|{{ _("Status") }}|{{ gettext("Status") }}|{{ _("as of %(time)s", time="<b>") }}|'
            '{{ _("100%%") }}|{{ ngettext("%(num)s day ago", "%(num)s days ago", 1) }}|'
            '{{ ngettext("%(num)s day ago", "%(num)s days ago", 2) }}|'
            '{% trans count=3 %}{{ count }} update{% pluralize %}{{ count }} updates{% endtrans %}|'
            '{% trans time="<i>" %}Published {{ time }}.{% endtrans %}|{% set gettext = upper %}{{ _("x") }}')


def _env(language, autoescape, quick):
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=autoescape)
    env.install_gettext_translations(catalogs.translations(language), newstyle=True)
    env.globals["upper"] = str.upper
    if quick:
        quick_gettext.install(env)
    return env


@pytest.mark.parametrize("language", ["en", "de", "ja"])
@pytest.mark.parametrize("autoescape", [True, False])
def test_the_same_text_as_jinjas_own(language, autoescape):
    quick = _env(language, autoescape, True)
    assert quick.globals["_"].__module__ == quick_gettext.__name__
    expected = _env(language, autoescape, False).from_string(TEMPLATE).render()
    template = quick.from_string(TEMPLATE)
    assert template.render() == expected
    assert template.render() == expected  # the kept texts give the same again
    assert ("&lt;b&gt;" in expected) is autoescape and "X" in expected
    if language == "de":
        assert "Stand" in expected


def test_a_missing_variable_still_fails_as_in_jinja():
    with pytest.raises(KeyError):
        _env("en", True, True).from_string('{{ _("as of %(time)s") }}').render()
