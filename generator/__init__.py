"""statusgen: a static status page and post-incident report generator.

Data flows one way, in layers that import only from below. The layers are the
folders; only __init__ and __main__ sit here (tests/test_layers.py holds them to it):

    foundation  core/         model (Kind, Status, Impact, Incident), diagnostics, timeutil, urls, severities
    read        read/         reader (files → front matter and body), yamlsource, config (mkdocs.yml),
                              spec (the format, declared once), markdown_cost
    validate    validate/     validate (one file → Incident + diagnostics), project (all files), schema
    model       model/        state (what the page says at a moment: statuses, uptime)
    render      render/       HTML pages, markdown_html (safe HTML), text_templates (chat, report skeleton),
                              sandbox + budget + limits (every template: closed to the system, in time and size)
                outputs/      feeds, JSON API, calendar, badges, banner
                reliability/  the reliability report and the public /reliability/ page
    write       write/        build + sitedir (the site folder), plugin (MkDocs), authoring + wording, safely
    import      importers/    histories from other status pages (statuspage/: read, map, write) into files
                notify/       what changed since a commit, and telling people about it
                comms/        every message about an incident, drafted for each channel
                scaffold/     a new status repository (`statusgen init`): its files, written all at once
    commands    cli/          the only layer that prints, exits or imports click (and __main__)
"""

# Semantic versioning (CHANGELOG.md): the incident file format, the mkdocs.yml options, the command line,
# the JSON API and the Action's inputs are the public interface; a major version is the only thing that may
# break a project that worked, and then only with a message saying what to change.
__version__ = "1.0.0"
