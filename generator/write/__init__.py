"""Writing: the site folder, the MkDocs build around it, and incident files.

    build     the `statusgen build`/`serve` pipeline around MkDocs
    sitedir   the site folder: what statusgen may replace, and replacing it so a site is always there
    marker    the site folder's marker: what a build wrote (with digests), never read or written through a link
    plugin    the MkDocs plugin: every page, feed and file added to the build as generated files
    authoring creating and editing incident files (`statusgen new`, `update`, `resolve`, `postmortem`)
    wording   the default texts authoring writes, following the incident-communication templates
    safely    writing project files atomically, never over someone else's change, one writer per folder
"""
