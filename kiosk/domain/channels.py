"""The service's channels: how a participant meets the officer."""

from __future__ import annotations

import enum


class Channel(enum.Enum):
    """Where the participant is during the visit.

    BOOTH: at a booth in the branch (touchscreen PC, webcam); ONLINE: from home, in a browser, after booking a
    slot; COLLECTIVE: filed by an employer for many laid-off workers, each of whom confirms (and may be seen by
    video through one of the other two channels).
    """

    BOOTH = "booth"
    ONLINE = "online"
    COLLECTIVE = "collective"
