"""Statistics pages: the organisations the user may see, a dashboard, and its CSV export.

Only counts are shown: no name, no link to a person or a case, nothing per person.
"""

import io

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from permanence.core.lib import csvsafe
from permanence.stats import perms, services
from permanence.stats.charts import comparison_chart


@require_GET
def index(request):
    order = {"network": 0, "region": 1}
    organisations = sorted(
        perms.visible_organisations(request.user), key=lambda o: (order.get(o.kind, 2), o.name)
    )
    return render(request, "stats/index.html", {"organisations": organisations})


def _dashboard(request, slug) -> services.Dashboard:
    organisation = perms.get_stats_organisation(request.user, slug)
    ids = services.counted_ids(organisation)
    exact = perms.sees_exact(request.user, organisation, ids)
    period = services.period_from(request.GET)
    return services.build_dashboard(organisation, period, exact=exact, ids=ids)


@require_GET
def dashboard(request, slug):
    board = _dashboard(request, slug)
    current_label, previous_label = board.period.label, board.previous.label
    items = [
        {
            "table": table,
            "chart": comparison_chart(
                table, current_label=current_label, previous_label=previous_label
            ),
        }
        for table in board.tables
    ]
    query = (
        f"from={board.period.first.isoformat()}&to={board.period.last.isoformat()}"
        if not board.period.is_year or board.period.first.year != board.period.last.year
        else f"year={board.period.first.year}"
    )
    context = {
        "board": board,
        "organisation": board.organisation,
        "items": items,
        "query": query,
        "year": board.period.first.year,
        "threshold": services.THRESHOLD,
    }
    return render(request, "stats/dashboard.html", context)


@require_GET
def export_csv(request, slug):
    board = _dashboard(request, slug)
    output = io.StringIO()
    writer = csvsafe.Writer(output)
    writer.writerow(
        [
            _("Tableau"),
            _("Ligne"),
            board.period.label,
            board.previous.label,
            _("Part (%)"),
            _("Évolution"),
        ]
    )
    for table in board.tables:
        rows = table.rows + ([table.total] if table.total is not None else [])
        for row in rows:
            writer.writerow(
                [
                    table.title,
                    row.label,
                    row.current_shown,
                    row.previous_shown,
                    row.share,
                    row.change,
                ]
            )
    response = HttpResponse("\ufeff" + output.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"statistiques-{board.organisation.slug}-{board.period.first}-{board.period.last}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
