"""What matching adds to the campaign page (built by the matching helper)."""


def page_sections(campaign, asks):
    """``{ask id: [campaigns.types.PageSection]}`` for the donation asks of ``campaign`` (fixed queries)."""
    return {}
