"""Roles and what each may do: the one table every view's access check reads.

A membership carries one role in one organisation. Views ask for a capability ("may manage
members"), never for a role name, so a capability can be given to another role here without
touching any view.
"""

from django.db import models


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "Administrator"
    CLERK = "clerk", "Democratic services officer (clerk)"
    OFFICER = "officer", "Officer (report author)"
    COUNCILLOR = "councillor", "Councillor (board member)"
    COOPTED = "coopted", "Co-opted member (care experienced)"
    PARTICIPATION_OFFICER = "participation_officer", "Participation officer"


ALL_ROLES = frozenset(Role)


class Capability(models.TextChoices):
    VIEW_HOME = "view_home", "See the home page"
    MANAGE_MEMBERS = "manage_members", "Invite users and set their roles"
    MANAGE_ORGANISATION = "manage_organisation", "Manage districts and organisation settings"
    VIEW_AUDIT = "view_audit", "Read the audit trail"
    VIEW_PLEDGE = "view_pledge", "See the pledge and its progress"
    VIEW_PLEDGE_NARRATIVES = "view_pledge_narratives", "Read officers' approved progress narratives"
    MANAGE_PLEDGE = "manage_pledge", "Write pledge versions, themes and commitments; import"
    RECORD_PROGRESS = "record_progress", "Record progress on commitments"
    APPROVE_PROGRESS = "approve_progress", "Approve progress updates for publication"
    VIEW_BOARDS = "view_boards", "See boards and meetings"
    MANAGE_BOARDS = "manage_boards", "Set up boards and their membership"
    CLERK_MEETINGS = (
        "clerk_meetings",
        "Schedule meetings, build agendas, record and publish minutes",
    )
    VIEW_EXEMPT = "view_exempt", "Read exempt (Schedule 12A) items"
    MANAGE_REPORT_TEMPLATES = "manage_report_templates", "Edit the council's report templates"
    DRAFT_REPORTS = "draft_reports", "Draft board reports"
    CLEAR_REPORTS = "clear_reports", "Review and clear board reports"
    VIEW_SURVEYS = "view_surveys", "See survey results (small numbers hidden)"
    VIEW_SURVEY_COUNTS = (
        "view_survey_counts",
        "See survey results with every count, and why each small number is hidden",
    )
    MANAGE_SURVEYS = "manage_surveys", "Record survey waves, response rates and findings"
    MANAGE_FIGURES = "manage_figures", "Import performance figures"
    VIEW_PARTICIPATION = "view_participation", "See participation and You said, We did"
    VIEW_FEEDBACK_WORDS = (
        "view_feedback_words",
        "Read young people's feedback as written down, before it is checked for personal data",
    )
    MANAGE_PARTICIPATION = (
        "manage_participation",
        "Record events, feedback and what was done; check feedback for personal data",
    )


GRANTS: dict[Capability, frozenset[Role]] = {
    Capability.VIEW_HOME: ALL_ROLES,
    Capability.MANAGE_MEMBERS: frozenset({Role.ADMINISTRATOR}),
    Capability.MANAGE_ORGANISATION: frozenset({Role.ADMINISTRATOR}),
    Capability.VIEW_AUDIT: frozenset({Role.ADMINISTRATOR}),
    Capability.VIEW_PLEDGE: ALL_ROLES,
    # Co-opted young members read the pledge in young people's words, like the public.
    Capability.VIEW_PLEDGE_NARRATIVES: ALL_ROLES - {Role.COOPTED},
    Capability.MANAGE_PLEDGE: frozenset({Role.ADMINISTRATOR, Role.OFFICER}),
    Capability.RECORD_PROGRESS: frozenset(
        {Role.ADMINISTRATOR, Role.OFFICER, Role.PARTICIPATION_OFFICER}
    ),
    # Approval is a second pair of eyes: never the update's own author (pledges.services).
    Capability.APPROVE_PROGRESS: frozenset({Role.ADMINISTRATOR, Role.OFFICER}),
    # Participation officers run events, not meetings: they reach the board through reports.
    Capability.VIEW_BOARDS: ALL_ROLES - {Role.PARTICIPATION_OFFICER},
    Capability.MANAGE_BOARDS: frozenset({Role.ADMINISTRATOR, Role.CLERK}),
    Capability.CLERK_MEETINGS: frozenset({Role.ADMINISTRATOR, Role.CLERK}),
    Capability.MANAGE_REPORT_TEMPLATES: frozenset({Role.ADMINISTRATOR}),
    Capability.DRAFT_REPORTS: frozenset(
        {Role.ADMINISTRATOR, Role.OFFICER, Role.CLERK, Role.PARTICIPATION_OFFICER}
    ),
    # Clearance is a second pair of eyes: never the report's own author (boards.services).
    Capability.CLEAR_REPORTS: frozenset({Role.ADMINISTRATOR, Role.OFFICER, Role.CLERK}),
    # Co-opted young members only when their board allows it (Board.coopted_see_exempt).
    Capability.VIEW_EXEMPT: frozenset(
        {Role.ADMINISTRATOR, Role.CLERK, Role.OFFICER, Role.COUNCILLOR}
    ),
    # Everyone reads survey results as they are published: small numbers hidden with what
    # could give them away (surveys.published). Officers see every count, and why a number
    # would be hidden, because they answer for what is published.
    Capability.VIEW_SURVEYS: ALL_ROLES,
    Capability.VIEW_SURVEY_COUNTS: frozenset(
        {Role.ADMINISTRATOR, Role.OFFICER, Role.PARTICIPATION_OFFICER}
    ),
    Capability.MANAGE_SURVEYS: frozenset({Role.ADMINISTRATOR, Role.OFFICER}),
    Capability.VIEW_PARTICIPATION: ALL_ROLES - {Role.CLERK},
    # Feedback may name someone until an officer has checked it: councillors and co-opted
    # members read approved feedback only, as the public does.
    Capability.VIEW_FEEDBACK_WORDS: frozenset(
        {Role.ADMINISTRATOR, Role.OFFICER, Role.PARTICIPATION_OFFICER}
    ),
    Capability.MANAGE_PARTICIPATION: frozenset(
        {Role.ADMINISTRATOR, Role.OFFICER, Role.PARTICIPATION_OFFICER}
    ),
    # Performance figures come from the DfE's files, brought in by officers.
    Capability.MANAGE_FIGURES: frozenset({Role.ADMINISTRATOR, Role.OFFICER}),
}


def role_can(role: str | None, capability: Capability) -> bool:
    return role is not None and role in GRANTS[capability]


def roles_with(capability: Capability) -> frozenset[Role]:
    return GRANTS[capability]
