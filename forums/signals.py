"""Spaces follow their owners: a network, a published programme or a cohort gets its space (``forums.spaces``).

Owned by the spaces work (H4a); connected in ``ForumsConfig.ready``.
"""
