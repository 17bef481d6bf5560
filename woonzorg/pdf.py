"""The one way Woonzorg makes a PDF: a Django template rendered by WeasyPrint as PDF/UA-1.

PDF/UA-1 is the accessible variant (tagged structure, document language, title), so a signed
agreement or a jaarschijf report can be read with a screen reader. The document may only load
local files (static/) and data: URLs; anything it cannot load stops the rendering instead of
quietly leaving out an image or a stylesheet.
"""

from django.conf import settings
from django.template.loader import render_to_string

PDF_VARIANT = "pdf/ua-1"


def render_html(template_name: str, context: dict, request=None) -> str:
    """The HTML a PDF is made of; tests assert on this."""
    return render_to_string(template_name, context, request=request)


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    # Imported here: WeasyPrint loads Pango on import, which no other page needs.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)
    document = HTML(
        string=render_html(template_name, context, request),
        base_url=str(settings.BASE_DIR / "static") + "/",
        url_fetcher=fetcher,
    )
    return document.write_pdf(pdf_variant=PDF_VARIANT)
