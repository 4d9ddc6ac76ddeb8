"""Messages of the upload form, apart from ``documents.py`` so that pages load no image or PDF
library until a file is really sent."""

from django.utils.translation import gettext_lazy as _

NO_FILE_MESSAGE = _(
    "Aucun fichier n’a été reçu. Il est peut-être trop gros : 20 Mo au maximum. "
    "Essayez une photo moins lourde ou un PDF plus court."
)
