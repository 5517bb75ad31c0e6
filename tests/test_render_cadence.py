"""`{{ update_cadence }}`: the severities' configured update_every, in words (render/cadence.py)."""
from __future__ import annotations

from datetime import timedelta

from generator.read.config import Severity
from generator.render.cadence import cadence_text


def test_the_cadence_names_each_configured_update_every_and_leaves_out_the_others():
    levels = (Severity("P1", "Critical", update_every=timedelta(hours=1)),
              Severity("P2", "High", update_every=timedelta(minutes=45)),
              Severity("P3", "<b>Low</b>"))
    assert cadence_text(levels) == "at least every hour for P1 (Critical) and every 45 minutes for P2 (High)"
    assert cadence_text(levels[:1]) == "at least every hour for P1 (Critical)"
    assert cadence_text(levels[2:]) == "whenever there is news"
    assert cadence_text((Severity("S", "<b>Top</b>", update_every=timedelta(days=1)),)) == \
        "at least every 24 hours for S (&lt;b&gt;Top&lt;/b&gt;)"
