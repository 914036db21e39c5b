from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from laget import access
from laget.audit.selectors import audit_entry_list
from laget.audit.services import audit_chain_verify


@login_required
def entry_list(request: HttpRequest) -> HttpResponse:
    """The audit log for administrators, newest first, with the state of the hash chain."""
    scope = access.scope_for(request.user)
    if not (scope.is_superuser or any("administrator" in r for r in scope.roles.values())):
        raise Http404
    page = Paginator(audit_entry_list(user=request.user), 50).get_page(request.GET.get("sida"))
    verification = audit_chain_verify() if scope.is_superuser else None
    return render(request, "audit/entry_list.html", {"page": page, "verification": verification})
