"""The board's arrival cards, kept rendered between two polls in this process's memory.

A poll after a change renders the board again, but usually one card out of sixty changed.
Each card is kept under a key of everything it shows (``card_key``): the arrival's version
(bumped by every change to it), the language, the time zone, the minute while the person
waits, the room the reader would take them to… A changed card gets a new key; the old one
ages out of the least-recently-used store.

The store is a dictionary of this process, never Django's cache: the cards hold first names,
and the cache may be configured to a database or files, which must never hold a person's
name in clear. The card of an arrival erased or forgotten is never shown again (its key names
the arrival) and ages out. The CSRF token of a card's forms differs from one visitor to the next,
so a card is kept with a placeholder that ``{% board_card %}`` replaces with the reader's token.
"""

import secrets
import threading
from collections import OrderedDict

from django.utils import timezone, translation

from permanence.reception.models import ArrivalStatus

MAX_CARDS = 2000  # about 1 KB each: a few desk days of every board this process serves
CSRF_PLACEHOLDER = f"csrf-{secrets.token_hex(12)}"  # per process: no text typed can hold it


class CardStore:
    """A bounded least-recently-used dictionary, safe across the server's threads."""

    def __init__(self, size: int = MAX_CARDS):
        self.size = size
        self._cards: OrderedDict[tuple, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> str | None:
        with self._lock:
            html = self._cards.get(key)
            if html is not None:
                self._cards.move_to_end(key)
            return html

    def put(self, key: tuple, html: str) -> None:
        with self._lock:
            self._cards[key] = html
            self._cards.move_to_end(key)
            while len(self._cards) > self.size:
                self._cards.popitem(last=False)

    def __contains__(self, key: tuple) -> bool:
        with self._lock:
            return key in self._cards

    def clear(self) -> None:
        with self._lock:
            self._cards.clear()

    def __len__(self) -> int:
        return len(self._cards)


store = CardStore()


def card_key(arrival, *, closed: bool, my_room: str) -> tuple:
    """Everything an arrival's card shows beyond the arrival's own fields and its version.

    The waiting time is in it as shown ("12 min"), so the card changes with the minute."""
    waiting = arrival.status == ArrivalStatus.WAITING
    volunteer = str(arrival.volunteer) if arrival.volunteer_id else ""
    appointment = arrival.appointment.slot.start if arrival.appointment_id else None
    return (
        arrival.pk,
        arrival.version,
        arrival.status,
        translation.get_language(),
        timezone.get_current_timezone_name(),
        closed,
        arrival.waiting_label if waiting else "",
        my_room if waiting else "",
        volunteer,
        appointment,
        arrival.case_id,  # emptied without a new version when the case is erased
    )
