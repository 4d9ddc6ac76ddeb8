from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from permanence.accounts import views as account_views
from permanence.cases.people_urls import document_urlpatterns as document_urls
from permanence.core import views as core_views

# The Django admin signs in through allauth, so the second factor applies to it too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Permanence"

handler400 = "permanence.core.views.error_400"
handler403 = "permanence.core.views.error_403"
handler404 = "permanence.core.views.error_404"
handler500 = "permanence.core.views.error_500"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("permanence.accounts.urls")),
    path("orgs/", include("permanence.orgs.urls")),
    path("directory/", include("permanence.directory.urls")),
    path("cases/", include("permanence.cases.urls")),
    path("people/", include("permanence.cases.people_urls")),
    path("notifications/", include("permanence.notifications.urls")),
    path("deadlines/", include("permanence.deadlines.urls")),
    path("helpline/", include("permanence.helpline.urls")),
    path("inbox/", include("permanence.inbox.urls")),
    path("reception/", include("permanence.reception.urls")),
    path("booking/", include("permanence.booking.urls")),
    path("stats/", include("permanence.stats.urls")),
    path("", include((document_urls, "documents"))),
    path("", include("permanence.directory.feed_urls")),
    path("", include("permanence.directory.di_urls")),
]

# Public pages carry their language in the URL: /fr/, /ar/…
urlpatterns += i18n_patterns(
    path("", include("permanence.directory.public_urls")),
    path("organisations/", include("permanence.orgs.public_urls")),
    path("deadlines/rules/", include("permanence.deadlines.public_urls")),
    path("desks/<slug:slug>/request/", include("permanence.inbox.public_urls")),
    path("desks/<slug:slug>/book/", include("permanence.booking.public_urls")),
    prefix_default_language=True,
)
