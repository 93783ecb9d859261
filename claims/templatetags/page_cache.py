"""
{% claim_rows claims %}: the list pages' rows, each rendered once per
version of its claim and kept in the page cache (claims/caching.py). A list
built afresh spends most of its time rendering fifty rows it rendered
before; only the rows whose claim changed are rendered again.
"""

from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from claims.caching import rendered_rows

register = template.Library()

ROW = "claims/includes/claim_summary.html"


@register.simple_tag
def claim_rows(claims):
    row = get_template(ROW)
    return mark_safe("".join(rendered_rows(claims, lambda claim: row.render({"claim": claim}))))
