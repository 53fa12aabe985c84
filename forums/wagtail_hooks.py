"""Admin wiring of the forums (owned by H3): /admin/forum/ for moderators (spaces, bans, the log)."""
