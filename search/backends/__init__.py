"""Search backends: modelsearch's, with Indonesian and English text analysis per object's language."""
