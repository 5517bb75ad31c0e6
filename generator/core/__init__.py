"""The foundation: what every layer above may use, importing nothing of statusgen's own.

    model        the incident model (Kind, Status, Impact, Update, Incident): plain, immutable data
    diagnostics  problems in user input (Diagnostic, UserError), named by file and line everywhere
    timeutil     times and durations: parsing what authors write, and the build's clock
    urls         the site-relative URL of every page and file
    severities   the severity presets (levels, impacts, channels) that mkdocs.yml picks from
"""
