"""Admin wiring of the alliances: /admin/aliansi/ (membership, H5) and its joint actions (H6)."""
