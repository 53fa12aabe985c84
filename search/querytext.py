"""What a visitor typed, made safe to search: words only, bounded in length and number.

Operators of SQL, tsquery, Lucene or FTS5 (quotes, brackets, ``:``, ``&``, ``|``, ``!``, ``*``,
``~``...) are not words, so they never reach a backend: every backend gets plain words.
"""
import re
from dataclasses import dataclass, field

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
WORD = re.compile(r"[^\W_]+")

# Words too common in Indonesian to narrow a search (PostgreSQL's indonesian configuration keeps
# them, and every term must match): dropped unless the query is nothing else.
STOPWORDS = {
    "id": frozenset(
        "yang dan di ke dari untuk dengan pada ini itu dalam atau adalah oleh akan juga sebagai serta "
        "para bagi agar karena tentang secara kami kita mereka ada tidak sudah telah dapat bisa".split()
    ),
    "en": frozenset("the a an and or of to in on for with by at from is are this that".split()),
}


@dataclass
class QueryText:
    typed: str = ""  # what the visitor typed, cut to MAX_QUERY_LENGTH, for the search box
    terms: list = field(default_factory=list)  # the words searched for
    shortened: bool = False  # the query was cut (too long, or too many words)

    @property
    def text(self):
        return " ".join(self.terms)

    def __bool__(self):
        return bool(self.terms)


def clean_query(raw, language="id", drop_stopwords=True):
    raw = (raw or "").replace("\x00", "")
    shortened = len(raw) > MAX_QUERY_LENGTH
    typed = raw[:MAX_QUERY_LENGTH].strip()
    words = []
    for word in WORD.findall(typed.lower()):
        if word not in words:
            words.append(word)
    terms = words
    if drop_stopwords:
        stopwords = STOPWORDS.get(language, frozenset())
        terms = [word for word in words if word not in stopwords] or words
    if len(terms) > MAX_TERMS:
        terms, shortened = terms[:MAX_TERMS], True
    return QueryText(typed=typed, terms=terms, shortened=shortened)
