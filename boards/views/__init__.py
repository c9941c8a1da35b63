"""Board views by area, each with its own URL list in boards/urls.py:
boards (boards, membership, meetings, agenda builder), record (attendance, declarations,
minutes, approval, corrections), actions (action log), programme (work programme),
public (public meeting pages, calendars, feeds) and api (open-data JSON API)."""
