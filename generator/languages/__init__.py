"""The reader's language: which one a site speaks, its words (gettext catalogs) and its way of writing
dates, times, durations and numbers (Babel).

A foundation of its own, beside core: everything here is a pure function of a language code and a
value, so every layer above (render, outputs, comms) can use it. Messages for engineers (validation,
the command line) stay English and never go through here.
"""
