# Models arrive with this app's issue. Each subclasses
# corporate_parenting.models.OrganisationOwned and is registered with
# corporate_parenting.audit.track().
from .models_figures import *  # noqa: F403  (performance figures)
