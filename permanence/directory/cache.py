"""The cache of the directory's public pages (see core/lib/pagecache.py)."""

from permanence.core.lib.pagecache import cache_public_page
from permanence.directory.models import directory_generation

PUBLIC_CACHE = cache_public_page(timeout=300, generation=directory_generation)
