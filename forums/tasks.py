"""The forums' background work: a post's emails, the daily digest. Owned by H2."""
