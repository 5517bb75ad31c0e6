"""The `source:` of an imported incident: where it came from (generator.read.spec.SOURCE_FIELDS).

    source:
      system: statuspage
      id: p31zjtct2jer
      url: https://stspg.io/p31zjtct2jer

An importer writes it so that a later import finds the file again (titles repeat; ids there do not), and
an imported incident is history, not news, when it first appears. Two files naming the same source are
reported by the project (generator.validate.project).
"""
from __future__ import annotations

import re

from ..core.diagnostics import did_you_mean
from ..core.model import Origin
from ..core.timeutil import type_name
from ..read import spec

FIELDS = spec.names(spec.SOURCE_FIELDS)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def check_source(data: dict, report) -> Origin | None:
    """The file's Origin, or None (absent, or wrong: then every problem is reported on `report`)."""
    if "source" not in data:
        return None
    value = data["source"]
    if not isinstance(value, dict) or not value:
        report.error(("source",), "source: expected a mapping with system and id (and optionally url), e.g. "
                                  f"source: {{system: statuspage, id: p31zjtct2jer}}, got {type_name(value)}")
        return None
    texts, ok = {}, True
    for key, text in value.items():
        if key not in FIELDS:
            report.error(("source", key), f'source: unknown field "{key}"' + did_you_mean(key, FIELDS)
                         + f"; allowed: {', '.join(FIELDS)}")
            ok = False
            continue
        if not isinstance(text, (str, int)) or isinstance(text, bool) or not str(text).strip() \
                or _CONTROL.search(str(text)):
            report.error(("source", key), f"source.{key}: expected one line of text")
            ok = False
            continue
        texts[key] = str(text).strip()
    for key in ("system", "id"):
        if key not in value:
            report.error(("source",), f"source.{key}: is required")
            ok = False
    url = texts.get("url")
    if url is not None and not re.match(r"^https?://\S+$", url):
        report.error(("source", "url"), f'source.url: "{url}" is not an http or https address')
        ok = False
    return Origin(texts["system"], texts["id"], texts.get("url", "")) if ok else None
