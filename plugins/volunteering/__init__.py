"""Volunteering (relawan): roles with shifts; people sign up for a shift; the OMS records attendance and hours.

See README.md in this directory for the decisions (shift keys, which statuses hold a slot, progress).
"""
