"""Models of certificates (the certificates helper writes them)."""
