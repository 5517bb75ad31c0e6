"""Importing a history from another status page into incident files, one folder per system.

    statuspage  Atlassian Statuspage: the public API's JSON (incidents, scheduled maintenances,
                components), read, mapped onto the incident format and written as files

An importer reads what the other system publishes, maps each item onto the incident format (saying
what it could not keep, item by item, with the item's id there), checks every file it would write as
a build would, and only then writes: new files only unless asked, each atomically, the same bytes for
the same input. It sits above the write layer (it writes files) and below the command line.
"""
