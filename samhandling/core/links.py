"""Links to many records of one kind, built without a URL reversal per record."""

from collections.abc import Callable

from django.urls import reverse

# Ids no record has: each marks where one argument goes in the reversed URL.
_MARKER = 9_007_199_254_740_000


def link_maker(viewname: str, arguments: int = 1) -> Callable[..., str]:
    """A function from ids to the URL of `viewname` for them (a route whose arguments are all integers).

    A list of 50 cases reversed the same route 50 times, a fifth of the list's time; this reverses it once.
    """
    markers = [_MARKER + i for i in range(arguments)]
    url = reverse(viewname, args=markers)
    pieces = []
    for marker in markers:
        head, url = url.split(str(marker), 1)
        pieces.append(head)

    def link(*ids: int) -> str:
        if len(ids) != arguments:
            raise TypeError(f"{viewname} takes {arguments} ids, not {len(ids)}")
        return "".join(f"{piece}{int(pk)}" for piece, pk in zip(pieces, ids, strict=True)) + url

    return link
