"""Candidatures in Wagtail's admin: listing, export, inspect, scoring, files, decisions taken
back, messages to applicants, history and dashboard; wagtail_hooks.py registers them."""
