"""The worker's part of monthly donations (built by the recurring helper). Imported into
``plugins/donation/tasks.py`` so the worker finds the scheduled jobs."""
