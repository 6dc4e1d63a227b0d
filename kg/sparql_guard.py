"""What user SPARQL may not do on this endpoint, decided before it runs.

pyoxigraph evaluates ``SERVICE <http://...>`` by calling that host over HTTP
(even ``SERVICE SILENT``), which would let any visitor make the server send
requests to other hosts, including ones only it can reach. SPARQL Update
(``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ...) is not a query at all; it would
fail to parse anyway, but the user deserves to hear why.

The query is split into tokens the way the SPARQL grammar does it (comments,
strings, IRIs, variables and prefixed names are single tokens), so ``SERVICE``
is found as a keyword and never inside a string, an IRI, a comment or a name
such as ``?service`` or ``ex:service``.
"""

from __future__ import annotations

import re

UPDATE_KEYWORDS = frozenset("INSERT DELETE LOAD CLEAR DROP CREATE ADD MOVE COPY WITH".split())

_TOKEN = re.compile(
    r"""
      (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<comment>\#[^\n\r]*)
    | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
    | (?P<name>[\w.\-\u00b7\u0300-\u036f\u203f-\u2040%\\]*:[\w.\-:%\\\u00b7\u0300-\u036f\u203f-\u2040]*)
    | (?P<word>[A-Za-z_]\w*)
    | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)


class ForbiddenQuery(ValueError):
    """A query this endpoint refuses to run (HTTP 403); the message says what and why."""


def keywords(query: str) -> list[str]:
    """The bare words of ``query`` in upper case: keywords and function names, never
    text from strings, IRIs, comments, variables or prefixed names.

    >>> keywords('SELECT ?service WHERE { ?s ex:service "SERVICE" } # SERVICE')
    ['SELECT', 'WHERE']
    """
    return [m.group("word").upper() for m in _TOKEN.finditer(query) if m.lastgroup == "word"]


def check_query(query: str) -> None:
    """Raise :class:`ForbiddenQuery` for SPARQL Update and for ``SERVICE`` calls.

    >>> check_query("SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    kg.sparql_guard.ForbiddenQuery: SERVICE (federated query) is not allowed on this endpoint: it would make this server call other hosts; query those endpoints directly
    """
    words = keywords(query)
    first = next((w for w in words if w not in ("PREFIX", "BASE")), "")
    if first in UPDATE_KEYWORDS:
        raise ForbiddenQuery(f"SPARQL Update ({first}) is not allowed on this endpoint; it answers queries only")
    if "SERVICE" in words:
        raise ForbiddenQuery(
            "SERVICE (federated query) is not allowed on this endpoint: it would make this server call "
            "other hosts; query those endpoints directly"
        )
