"""Personal data under UU PDP (UU 27/2022): consent, the data subject's rights, retention,
access accountability and breaches.

The parts, each a package of its own:

* ``consent/``   consents on record (``Consent``), the statement on every form, withdrawal, the
  privacy notice (``PrivacyNotice``, generated from the real data flows, editable by admins);
* ``centre/``    the privacy centre: a data subject proves an address and gets everything held
  (JSON, CSV), corrects it or erases it; requests tracked with their deadline in the admin;
* ``retention/`` the retention policy (``PrivacySettings``) and the daily job anonymising old pledges;
* ``breaches/``  the breach register and ``manage.py breach_report``;
* ``accesslog/`` every view or export of supporters' personal data by staff, and who may read the log.

``subjects.py`` (who a request is about), ``records.py`` (what plugins use to find and anonymise
their ``SupportRecord`` rows), ``sources/`` (core's own personal data) and ``service.py`` (access,
correction and erasure across core and every plugin) are shared by all parts.
"""
