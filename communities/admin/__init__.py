"""Admin views of communities beyond Wagtail's generic ones; wagtail_hooks.py registers them."""
