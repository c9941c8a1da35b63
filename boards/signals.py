"""What boards tells the apps that build on it, without importing them (boards never imports
boards.papers: tests/test_dependency_direction.py).

- `minutes_changed(meeting=...)`: the public minutes of `meeting` were published or may have
  changed (saved, approved, corrected, attendance recorded). Sent by boards/services/minutes.py
  inside the service's transaction; boards.papers listens and queues the minutes' PDF, which
  is rendered only after the transaction commits (decision 0019). Receivers decide for
  themselves whether anything public changed.
"""

from django.dispatch import Signal

minutes_changed = Signal()
