"""Every hook a support-type plugin may implement.

A support-type plugin is a Django app (``plugins/<type>/`` or a pip-installable package) whose
``hooks`` module implements these hooks with ``@hookimpl`` (from ``campaigns.hookspecs``).
One plugin is one support type. Hooks marked **required** must be implemented, or the site
refuses to start with a message naming the plugin. ``docs/plugins.md`` documents these same
hooks; a test keeps the two in step.

Type hooks are called for one support type only (the core dispatches by the type's key);
event hooks are broadcast to every plugin, so a plugin may also listen to other types' events.
"""
import pluggy

PROJECT_NAME = "lokadaya"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

#: The hooks a plugin must implement.
REQUIRED_HOOKS = ("support_type", "ask_block", "pledge_view", "ask_progress")


# --- Identity -------------------------------------------------------------------------------


@hookspec
def support_type():
    """**Required.** Say who this support type is.

    Called once at start-up. Return a ``campaigns.types.SupportType`` with a unique ``key``
    (a Python identifier: it names the ask block, URLs and filters, and must never change),
    a translated ``name`` and ``description`` (``gettext_lazy``), a Wagtail ``icon`` name, an
    ``order`` among the types and an ``action_label``: the verb on its button on a campaign page
    ("Pledge goods"; a generic "Support this" when empty).
    """


# --- The campaign editor ----------------------------------------------------------------------


@hookspec
def ask_block():
    """**Required.** Return the block an editor adds to a campaign's ``asks`` to ask for this support.

    Called once, when the campaign page's ``asks`` field is first used. Return an *instance* of a
    subclass of ``campaigns.blocks.AskBlock`` (a StructBlock with ``title`` and ``description``),
    adding the fields this type needs (its target and settings). Its value is what every other
    hook receives as ``ask.value``. The block is never frozen into a core migration.
    """


# --- The public side ------------------------------------------------------------------------


@hookspec
def pledge_view(request, campaign, ask):
    """**Required.** Handle the public pledge form for one ask of a live campaign.

    Called for ``GET`` and ``POST`` on ``<campaign url>dukung/<ask id>/`` only when the campaign
    takes pledges (the core answers for ended or upcoming campaigns). ``campaign`` is the
    ``CampaignPage`` the visitor is on (any language); ``ask`` is a ``campaigns.types.Ask``. Show
    the form, validate (clear translated errors, keeping what was typed), write the record in a
    transaction (use ``campaign.source`` for the record's campaign so all languages count
    together) and return an ``HttpResponse`` (a confirmation page or a redirect).
    """


@hookspec
def ask_progress(campaign, asks):
    """**Required.** Measure progress for this type's asks on one campaign.

    ``campaign`` is the source-language ``CampaignPage``; ``asks`` is a list of
    ``campaigns.types.Ask`` of this type. Return ``{ask.id: campaigns.types.Progress}`` for each.
    Use a fixed number of queries, whatever the number of records (aggregate; never loop over
    records): a campaign page must cost the same with 10 pledges as with 10,000.
    """


@hookspec
def progress_query(campaign_ids, ask_ids):
    """Optional, with ``progress_from_rows``: this type's part of the one query that measures every
    ask of many campaigns (a campaign page, a page of cards).

    ``campaign_ids`` are source-language campaign pages; ``ask_ids`` this type's asks on them.
    Return an *unevaluated* queryset of this type's records filtered to them and aggregated by
    ``campaigns.progress.progress_rows`` (grouped by campaign, ask and an optional part such as an
    item; up to three counts and one amount), or a list of such querysets. The core runs every
    type's querysets as one ``UNION ALL``, so never evaluate them; it compiles that SQL once per
    shape (which types, how many campaigns and asks) and reuses it with other ids, so use the ids
    only as query parameters, and nothing else that changes between calls (not today's date). A
    type implementing only ``ask_progress`` keeps working: the core then calls it once per campaign.
    """


@hookspec
def progress_from_rows(campaign, asks, rows):
    """Optional, with ``progress_query``: turn the rows of one campaign into its progress.

    ``campaign`` is the source-language page; ``asks`` are this type's asks on it (in the page's
    language); ``rows`` the ``campaigns.progress.ProgressRow`` that ``progress_query`` produced for
    them (none for an ask without records). Return what ``ask_progress`` returns for the same
    campaign and asks, ``{ask.id: Progress}``, without a query.
    """


@hookspec
def supporter_wall(campaign, limit):
    """Return up to ``limit`` recent public supporters of this type on ``campaign``.

    ``campaign`` is the source-language page. Return a list of ``campaigns.types.Supporter``,
    newest first. Respect anonymity: an anonymous supporter's name must not appear. One query.
    A type implementing ``supporter_query`` and ``supporter_from_row`` is not asked this on a
    campaign page (the core's one query serves every type) but should still answer it.
    """


@hookspec
def supporter_query(campaign_id, limit):
    """Optional, with ``supporter_from_row``: this type's part of the one query that draws a
    campaign's wall of supporters.

    ``campaign_id`` is the source-language page. Return an *unevaluated* queryset made by
    ``campaigns.wall.supporter_rows``: this type's ``limit`` newest public supporters (the same ones
    ``supporter_wall`` shows), with their name already blank when anonymous, so that no real name of
    an anonymous supporter ever leaves the database. The core merges every type's rows, newest first,
    and, as for ``progress_query``, reuses the compiled SQL with other campaign ids.
    """


@hookspec
def supporter_from_row(row):
    """Optional, with ``supporter_query``: turn one ``campaigns.wall.SupporterRow`` of this type into
    the ``campaigns.types.Supporter`` that ``supporter_wall`` would show, without a query.
    """


@hookspec
def campaign_sections(campaign, asks, progress):
    """Add parts of the campaign page for this type's asks (a sponsor's match, a leaderboard).

    ``campaign`` is the source-language ``CampaignPage``; ``asks`` its asks of this type;
    ``progress`` their ``{ask.id: campaigns.types.Progress}`` as this render measured them (an ask
    may be missing): what the type's ``progress_from_rows`` left in ``Progress.details`` saves the
    sections a query of their own. Return ``{ask.id: [campaigns.types.PageSection]}`` (asks without
    sections may be left out). Called on every uncached view of the page: use a fixed number of
    queries, whatever the number of records.
    """


@hookspec
def api_ask(campaign, ask, progress):
    """Add this type's own public facts about one ask to the open data API (``/api/v1/``).

    ``campaign`` is the ``CampaignPage`` in the requested language, ``ask`` a ``campaigns.types.Ask``
    of this type and ``progress`` its ``campaigns.types.Progress``. Return a dict of JSON values
    (str, int, bool, None, lists and dicts of them; money as a string of whole rupiah), shown under
    the ask's ``details``: e.g. a volunteering ask's shifts with their places left. The core already
    gives the ask's id, type, title and progress. **Never a supporter's name, email, phone or
    address**, and nothing the campaign page does not show anonymous visitors: the API is public,
    and a test reads every response for personal data. Not implemented: ``details`` is ``{}``.
    """


@hookspec
def api_asks(items):
    """Optional, batched ``api_ask``, for a type that reads the database for its details.

    ``items`` is ``[(campaign, ask, progress)]``: this type's asks on one page of the API. Return
    ``{(campaign.pk, ask.id): dict}`` with the same values ``api_ask`` would give, using a fixed
    number of queries whatever the number of asks. When a type implements it, the core calls it once
    per page instead of ``api_ask`` for each ask.
    """


@hookspec
def public_urls():
    """Return URL patterns of this type's own public pages (e.g. an email confirmation link).

    They are mounted under ``/<language>/dukung/<type key>/`` and named in the namespace
    ``<type key>``. Views must check permissions themselves.
    """


# --- The OMS's records ----------------------------------------------------------------------


@hookspec
def records_admin():
    """Describe this type's records for the OMS's admin views.

    Return a ``campaigns.types.RecordsAdmin`` naming the record model (a subclass of
    ``campaigns.records.SupportRecord``), the columns of the list and the CSV export, and the
    form an OMS editor uses to change a record's status (saved with ``campaigns.events.change_status``
    setting ``status`` and the form's other fields, or by the form's own ``apply(record, user, note)``
    method when it defines one). The core serves the list (filtered by
    campaign, ask and status, searchable), the status change and the CSV export, and shows each
    editor only the records of campaigns they may edit.
    """


# --- Money (broadcast to every plugin) --------------------------------------------------------


@hookspec
def money_records():
    """Every record of this type that holds or held money, with what it counts now.

    Only for types whose records write ledger lines (``finance.ledger.sync_record``). Return an
    iterable of ``campaigns.types.MoneyRecord`` (may be a generator: there can be many). ``manage.py
    reconcile`` checks that each record's ledger lines net to exactly the split of ``counted``,
    and that the campaigns, OMS and provinces add up. Types without money do not implement it.
    """


@hookspec
def money_problems():
    """Inconsistencies this type sees in its own money records, as a list of strings (e.g. a
    donation whose amounts differ from its payment's). Reported by ``manage.py reconcile``;
    return ``[]`` when all is well. Types without money do not implement it.
    """


@hookspec
def count_problems():
    """Counts this type keeps apart from its records that no longer agree with them, as a list of
    strings (e.g. a running total of confirmed signatures, ``lokadaya.running_totals``, that differs
    from the signatures). Reported by ``manage.py reconcile``; return ``[]`` when all is well. Types
    that keep no such counts do not implement it (money types report theirs in ``money_problems``).
    """


# --- Events (broadcast to every plugin) -------------------------------------------------------


@hookspec
def pledge_recorded(record):
    """Called once a new record's transaction has committed (``record.campaign`` is set).

    The type that wrote the record sends its notifications here (to the supporter and the OMS);
    any plugin may listen. Return value ignored.
    """


@hookspec
def pledge_status_changed(record, old_status, user):
    """Called once a record's status change has committed. ``user`` is who changed it, or None
    for the system (a payment gateway, an email confirmation). Return value ignored.
    """


# --- Demo content -----------------------------------------------------------------------------


# --- Donor accounts (broadcast to every plugin) -----------------------------------------------


@hookspec
def donor_history(email):
    """**Event hook** (broadcast). What the supporter with this address did, for their donor account.

    ``email`` is lower-cased. Return a list of ``campaigns.types.HistoryItem`` (any order; the
    account sorts them), at most one per record, or None. Records of every status may be listed;
    ``amount`` is what a money record counts now.
    """


@hookspec
def donor_commitments(email):
    """**Event hook** (broadcast). What goes on by itself for this address until stopped (a
    monthly donation), with the signed link to manage it: a list of ``campaigns.types.Commitment``
    or None.
    """


# --- Personal data (broadcast to every plugin; UU PDP, privacy/) -------------------------------
#
# Every plugin that stores personal data (names, emails, phone numbers, addresses, messages)
# implements all four, so the privacy centre, erasure and retention reach it; ``manage.py check``
# warns at start-up about a plugin whose models hold such fields but which does not
# (``privacy.W001``). ``subject`` is a ``privacy.subjects.Subject`` (``email`` lower-cased and/or
# ``phone`` as national digits; either may be ""); ``privacy.subjects.matching`` and
# ``privacy.records`` do the finding and the anonymising for ``SupportRecord`` rows.


@hookspec
def personal_data(subject):
    """**Event hook** (broadcast). Everything this plugin holds about ``subject``: a list of
    ``campaigns.types.PersonalRecord`` (``privacy.records.describe``), or None.

    Include every model of the plugin that holds the address or number (the records and anything
    beside them, e.g. a payment's billing fields). Financial records set ``kept_after_erasure``.
    """


@hookspec
def correct_personal_data(subject, changes):
    """**Event hook** (broadcast). The person corrected their data: set ``changes`` (a dict with any
    of ``name``, ``email``, ``phone``, already validated) on every record about ``subject``.
    Return the number of records changed (0 or None when none). Runs in the caller's transaction.
    """


@hookspec
def erase_personal_data(subject):
    """**Event hook** (broadcast). The person asked to be erased: anonymise every record about
    ``subject`` (blank name, email, phone and the model's own personal fields: addresses, messages,
    notes). Records that hold or held money are kept, anonymised, with their amounts and statuses,
    so the ledger and ``manage.py reconcile`` still balance; anything else may be deleted instead.
    Return the number of records anonymised or deleted. Runs in the caller's transaction.
    """


@hookspec
def expire_personal_data(campaign_ids, include_money):
    """**Event hook** (broadcast). Retention (``privacy/retention``, daily): anonymise this plugin's
    records on ``campaign_ids`` (source-language campaigns that ended long enough ago), as
    ``erase_personal_data`` does. Leave the records that hold or held money alone unless
    ``include_money`` (their own, longer retention has passed too). Return the number anonymised.
    """


@hookspec
def demo_ask(initiative):
    """Return the block value (a dict) of a believable ask of this type for a demo campaign, or None.

    ``initiative`` is a ``campaigns.types.DemoInitiative`` (slug, title, theme keywords; it has no location) so the
    ask can fit it, e.g. waste bank -> sacks and scales. Used by ``manage.py seed_demo``.
    """


@hookspec
def demo_records(campaign, ask, count, rng):
    """Create ``count`` believable records for ``ask`` on the demo ``campaign`` (idempotency is the
    caller's concern). ``rng`` is a seeded ``random.Random``. Use bulk inserts for large counts.
    """


@hookspec
def demo_finished():
    """**Event hook** (broadcast). ``manage.py seed_demo`` has made every campaign, programme and
    story: add what needs them all (e.g. a sponsor's matching fund on a programme). Keep the money
    consistent (the demo passes ``manage.py reconcile``). Return lines to print (logins, notes) or None.
    """


# --- The OMS's dashboard (broadcast to every plugin) ------------------------------------------
#
# Each plugin answers for its own type only, about one OMS's campaigns; the dashboard
# (dashboards/oms.py) merges the answers, so a new type appears there without core changes.
# Each answer costs a fixed number of queries whatever the number of records (aggregate, slice).


@hookspec
def dashboard_todo(campaigns):
    """What this type's records need from the OMS now, e.g. goods to receive, volunteers to confirm.

    ``campaigns`` are one OMS's source-language ``CampaignPage`` (their progress already measured:
    ``get_progress()`` costs no query). Return a list of ``campaigns.types.TodoItem`` (label, count,
    url, ``campaign_id``), only those with a count above zero; ``url`` leads to the records behind the
    count (the records admin, ``campaign_records:list`` with ``?campaign=<id>&status=<status>``).
    At most one query, whatever the number of records; ``[]`` when nothing waits.
    """


@hookspec
def dashboard_upcoming(campaigns, limit):
    """What is coming up on this type's asks (a volunteer shift, goods expected), soonest first.

    ``campaigns`` as for ``dashboard_todo``. Return up to ``limit`` ``campaigns.types.UpcomingItem``
    (when, title, detail, url) from today on. At most one query.
    """


@hookspec
def dashboard_supporters(campaign_ids, limit):
    """This type's ``limit`` newest records on ``campaign_ids`` (one OMS's source-language campaigns),
    for the OMS's own admin dashboard: a list of ``campaigns.types.RecentSupporter``, newest first.

    This is the OMS's own view, so the real name is given, with ``is_anonymous`` set when the
    supporter asked not to be named in public; ``message`` is what they wrote to the OMS. One query.
    """
