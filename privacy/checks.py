"""Start-up check (``manage.py check``, runserver): a plugin whose models hold personal data but
which does not take part in the data subject's rights (``privacy.W001``)."""
