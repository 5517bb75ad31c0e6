"""The model of the page: what the site says at a moment, derived from the validated incidents.

    state  SiteState: component statuses, the overall indicator and uptime at `now`

The incident model itself (Incident, Status, Impact) is the foundation's, core/model.py;
this layer is the one above validation that every page, feed and message is rendered from.
"""
