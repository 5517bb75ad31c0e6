"""Machine-readable outputs: feeds, JSON API, calendar, badges, banner."""
