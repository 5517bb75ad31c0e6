"""Atlassian Statuspage: a page's history, from the JSON its API returns, into incident files (docs/import.md).

    read         the export's files: incidents, maintenances and components, each read once
    times        Statuspage's times, read and written to the millisecond
    markup       message bodies (text with a little HTML) to safe Markdown, naming what was lost
    components   Statuspage's components and groups onto the project's (new ones for mkdocs.yml)
    map          one incident or maintenance onto the incident format
    notes        what could not be kept as it was, item by item, with its Statuspage id
    write        the files' text and names, and writing them all or none
    mkdocs_edit  the new components for mkdocs.yml: a snippet, or added in place
    run          read -> map -> check -> write, for `statusgen import statuspage`
"""
