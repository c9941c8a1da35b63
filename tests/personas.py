"""Named people, built once per test: one member per role in a council, and outsiders.

`world.officer`, `world.clerk`, `world.councillor`, `world.young_member` (co-opted),
`world.participation_officer`, `world.administrator`: members of `world.organisation`.
`world.outsiders`: one member per role of `world.other_organisation`, who must never see
anything of the first.
"""

from dataclasses import dataclass, field

from corporate_parenting.roles import Role

from .factories import MembershipFactory, OrganisationFactory, UserFactory

PERSONA_NAMES = {
    Role.ADMINISTRATOR: "administrator",
    Role.CLERK: "clerk",
    Role.OFFICER: "officer",
    Role.COUNCILLOR: "councillor",
    Role.COOPTED: "young_member",
    Role.PARTICIPATION_OFFICER: "participation_officer",
}


@dataclass
class World:
    organisation: object
    other_organisation: object
    members: dict = field(default_factory=dict)  # Role -> User
    outsiders: dict = field(default_factory=dict)  # Role -> User (of other_organisation)

    def __getattr__(self, name):
        for role, persona in PERSONA_NAMES.items():
            if persona == name:
                return self.members[role]
        raise AttributeError(name)

    def member(self, role):
        return self.members[Role(role)]


def build_world() -> World:
    organisation = OrganisationFactory(name="Shire County Council", slug="shire")
    other = OrganisationFactory(name="Elsewhere Borough Council", slug="elsewhere")
    world = World(organisation=organisation, other_organisation=other)
    for role, persona in PERSONA_NAMES.items():
        world.members[role] = MembershipFactory(
            organisation=organisation,
            role=role,
            user=UserFactory(email=f"{persona}@shire.example.org"),
        ).user
        world.outsiders[role] = MembershipFactory(
            organisation=other,
            role=role,
            user=UserFactory(email=f"{persona}@elsewhere.example.org"),
        ).user
    return world
