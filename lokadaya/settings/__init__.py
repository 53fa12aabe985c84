"""Settings: base (shared), dev (the embedded SQLite site), test, production (all from the environment)."""
