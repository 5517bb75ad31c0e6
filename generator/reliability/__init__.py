"""The reliability report: how the team did over a period, from the incident files alone.

    facts    what each incident's files say happened (times to detect, acknowledge, first update,
             resolve, on the procedures' clocks; update gaps; the report's publication), when its first
             update went live (given from the communications record), and the period asked about
    figures  what they add up to: per severity, counts, means and 90th percentiles against the
             targets; the misses; per component and month, uptime against each SLA tier; action items
    formats  the figures as text, Markdown, CSV and JSON for `statusgen report` (internal facts included)
    page     the public /reliability/ page's view (uptime and incident counts only) and its SVG charts

Uptime is the status page's own measure (generator.model.state.downtime_between over Incident.spans).
"""
from .facts import Period, default_period, parse_period
from .figures import Report, build_report

__all__ = ["Period", "Report", "build_report", "default_period", "parse_period"]
