"""The buyer's side of deals: the cabinet's «Кэшбек» section and the download of a payout document."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from accounts.mfa import staff_only
from leads.models import DealDocument
from leads.permissions import deals_visible_to


@never_cache
@login_required
def cabinet_cashback(request):
    """The signed-in buyer's deals with their cashback and the documents shown to them; nobody else's."""
    deals = request.user.deals.select_related("complex", "developer").prefetch_related(
        Prefetch("documents", queryset=DealDocument.objects.filter(visible_to_buyer=True), to_attr="buyer_documents")
    )
    return TemplateResponse(request, "leads/cabinet/cashback.html", {"section": "cashback", "deals": deals})


@staff_only
@never_cache
@login_required
def download_document(request, pk):
    """The file, to the deal's buyer (if the document is shown to them) or to staff who may see the deal.
    Anyone else gets 404, the same as for a document that does not exist. Staff need their authenticator
    app set up first (@staff_only), also for a document of their own purchase."""
    document = get_object_or_404(DealDocument.objects.select_related("deal"), pk=pk)
    is_buyer = document.deal.buyer_id == request.user.pk and document.visible_to_buyer
    if not is_buyer and not deals_visible_to(request.user).filter(pk=document.deal_id).exists():
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=document.filename, content_type=document.content_type)
