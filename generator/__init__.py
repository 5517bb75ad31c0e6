"""statusgen: a static status page and post-incident report generator.

Data flows one way, in layers that import only from below (tests/test_layers.py):

    foundation   model (Kind, Status, Impact, Incident), diagnostics, timeutil, urls, yamlsource
    read         reader (files → front matter and body), config (mkdocs.yml), spec (the format, declared once)
    validate     validate (one file → Incident + diagnostics), project (all files), schema (for editors)
    page model   state (what the page says at a moment: statuses, uptime)
    render       render/ (HTML pages), outputs/ (feeds, JSON API, calendar, badges, banner), markdown_html
    write        build + sitedir (the site folder), plugin (MkDocs), authoring (incident files), notify/
    commands     cli/ (the only layer that prints, exits or imports click)
"""

__version__ = "0.1.0"
