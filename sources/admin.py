"""Admin for sources and chunks, both read-only: ``ingest_sources`` writes
them from the files and ``manifest.yaml``, and would undo any edit made here.
A source may be deleted (its chunks go with it)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from gamelibrary.admin_mixins import ReadOnlyAdminMixin

from .models import Chunk, Source
from .selectors import source_list


@admin.register(Source)
class SourceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "path",
        "kind",
        "language",
        "page_count",
        "chunk_count",
        "status",
        "status_reason",
        "licence",
    ]
    list_filter = ["kind", "language", "status"]
    search_fields = ["title", "path"]
    fields = [
        "title",
        "path",
        "kind",
        "language",
        "author",
        "year",
        "licence",
        "origin",
        "context",
        "status",
        "status_reason",
        "failed_files",
        "page_count",
        "chunk_count",
        "sha256",
        "chunking",
        "ingested_at",
        "updated_at",
    ]
    readonly_fields = fields
    deletable = True

    def get_queryset(self, request):
        return source_list()

    @admin.display(description=_("chunks"), ordering="chunk_total")
    def chunk_count(self, source: Source) -> int:
        return source.chunk_total

    def get_deleted_objects(self, objs, request):
        """Chunks cannot be deleted on their own, but they go with their source: the permission to delete the
        source covers them."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, model_count, perms_needed - {Chunk._meta.verbose_name}, protected


@admin.register(Chunk)
class ChunkAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["key", "source", "index", "page_start", "page_end", "length"]
    list_filter = ["source"]
    search_fields = ["key", "source__title", "source__path"]
    list_select_related = ["source"]
    fields = ["key", "source", "index", "page_start", "page_end", "text"]
    readonly_fields = fields

    @admin.display(description=_("characters"))
    def length(self, chunk: Chunk) -> int:
        return len(chunk.text)
