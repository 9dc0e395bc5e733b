"""The colloque in Wagtail's admin: its snippets (speakers, venues, themes, partners, tiers)
and preparing the next edition; wagtail_hooks.py registers them."""
