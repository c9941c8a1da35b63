"""Forms of the boards app by area: boards (boards, members, meetings, agenda items), record
(attendance, declarations), actions (the action log) and programme (the work programme)."""
