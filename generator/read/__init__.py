"""Reading: from files on disk to the values they hold, each with where it came from.

    reader         finding incident files and splitting them into front matter and body
    yamlsource     YAML that remembers the line of every value and refuses duplicate keys
    config         the statusgen options in mkdocs.yml, read and checked
    spec           the incident file format, declared once (validation, the JSON Schema, authoring)
    markdown_cost  how long Python-Markdown may take on a text, estimated without converting it
"""
