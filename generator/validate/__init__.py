"""Validating: from what the files hold to the incident model, with every problem reported.

    validate  one incident file into an Incident, its errors and its policy warnings (--strict)
    project   a whole project: every incident file, validated, into the model
    schema    a JSON Schema of the front matter for editors, derived from read/spec.py
"""
