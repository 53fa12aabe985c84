"""The built-in support-type plugins: one Django app per type."""
