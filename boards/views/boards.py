from django.shortcuts import render

from corporate_parenting.access import capability_required
from corporate_parenting.roles import Capability


@capability_required(Capability.VIEW_BOARDS)
def index(request):
    return render(request, "boards/index.html")
