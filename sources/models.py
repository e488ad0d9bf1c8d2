from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.Model):
    """One document of the corpus: a file under CORPUS_DIR (or a folder of
    small files ingested as one source), or a web mirror."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        HTML = "html", "HTML"
        TEXT = "text", _("Plain text")
        MARKDOWN = "markdown", "Markdown"
        WEB_MIRROR = "web-mirror", _("Web mirror")
        # A file no reader supports; it is kept (status failed) so the summary
        # and the admin show it instead of it vanishing.
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OK = "ok", _("Ingested")
        FAILED = "failed", _("Failed")
        NEEDS_OCR = "needs_ocr", _("Needs OCR")

    path = models.CharField(_("path"), max_length=500, unique=True, help_text=_("Relative to the corpus folder."))
    title = models.CharField(_("title"), max_length=500, blank=True)
    author = models.CharField(_("author"), max_length=300, blank=True)
    year = models.PositiveIntegerField(_("year"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    licence = models.TextField(_("licence"), blank=True)
    origin = models.TextField(_("origin"), blank=True, help_text=_("Where the document was found."))
    truncated = models.BooleanField(
        _("excerpt"),
        default=False,
        help_text=_(
            "The document is an excerpt of a book (manifest `truncated: true`, or “excerpt”/“truncated” in its "
            "path): a game's text may be cut."
        ),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    sha256 = models.CharField(max_length=64, blank=True, verbose_name=_("SHA-256"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OK)
    status_reason = models.TextField(_("reason"), blank=True)
    page_count = models.PositiveIntegerField(_("pages"), default=0)
    failed_files = models.JSONField(
        _("files not read"),
        default=list,
        blank=True,
        help_text=_(
            "Files of a folder source that could not be read: [{path, reason, needs_ocr}]; their pages are empty."
        ),
    )
    context = models.JSONField(
        _("book context"),
        default=dict,
        blank=True,
        help_text=_(
            "What the book says of all its games, from its manifest entry or its title: {age_min, age_max, "
            "indoor_outdoor, space} (taxonomy codes), each only when stated. Games that say nothing else take it."
        ),
    )
    chunking = models.CharField(
        _("chunking"),
        max_length=100,
        blank=True,
        help_text=_("Reader/chunker version and size the chunks were cut with; a change re-chunks the source."),
    )
    ingested_at = models.DateTimeField(auto_now_add=True, verbose_name=_("ingested at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["path"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.title or self.path


class Chunk(models.Model):
    """A contiguous piece of a source, small enough for one model call.

    ``key`` is ``<first 8 hex of sha256>_<slug>.partNN``: stable while the file
    and the chunking settings are unchanged, and the name of its extraction file.
    """

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="chunks", verbose_name=_("source"))
    key = models.CharField(max_length=200, unique=True, verbose_name=_("key"))
    index = models.PositiveIntegerField(verbose_name=_("index"))
    text = models.TextField(verbose_name=_("text"))
    page_start = models.PositiveIntegerField(verbose_name=_("first page"))
    page_end = models.PositiveIntegerField(verbose_name=_("last page"))

    class Meta:
        ordering = ["source", "index"]
        constraints = [models.UniqueConstraint(fields=["source", "index"], name="unique_chunk_index_per_source")]
        verbose_name = _("chunk")
        verbose_name_plural = _("chunks")

    def __str__(self) -> str:
        return self.key
