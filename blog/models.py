"""Each brand's blog: an index with tag filter and RSS, posts with author and cover."""

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtailseo.models import SeoType

from core.blocks import BodyStreamBlock
from core.models import BasePage
from core.paging import page_of
from core.restrictions import public_q


class BlogAuthor(models.Model):
    """A person who writes for the blogs."""

    name = models.CharField(_("имя"), max_length=100, help_text=_("Имя и фамилия, как в подписи к статье."))
    role = models.CharField(_("должность"), max_length=100, blank=True, help_text=_("Например, «юрист»."))
    photo = models.ForeignKey(
        "images.CustomImage",
        verbose_name=_("фото"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Квадратное фото, от 200 пикселей."),
    )

    panels: ClassVar[list] = [FieldPanel("name"), FieldPanel("role"), FieldPanel("photo")]

    class Meta:
        verbose_name = _("автор")
        verbose_name_plural = _("авторы")
        ordering: ClassVar[list] = ["name"]
        constraints: ClassVar[list] = [models.UniqueConstraint(fields=["name"], name="unique_blog_author_name")]

    def __str__(self):
        return self.name


class BlogPostTag(TaggedItemBase):
    content_object = ParentalKey("blog.BlogPostPage", on_delete=models.CASCADE, related_name="tagged_items")


class BlogIndexPage(RoutablePageMixin, BasePage):
    """The list of a site's posts, newest first, with a tag filter and an RSS feed."""

    POSTS_PER_PAGE = 12

    intro = models.TextField(_("вступление"), blank=True, help_text=_("О чём этот блог, одна-две фразы."))

    content_panels: ClassVar[list] = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types: ClassVar[list] = ["home.HomePage", "home.PortalPage"]
    subpage_types: ClassVar[list] = ["blog.BlogPostPage"]
    seo_description_sources: ClassVar[list] = ["search_description", "intro"]
    schema_org_type = "Blog"
    cache_kind = "index"

    class Meta:
        verbose_name = _("блог")

    def posts(self):
        return (
            BlogPostPage.objects.child_of(self)
            .live()
            .filter(public_q())
            .select_related("cover_image", "author")
            .defer_streamfields()
            .order_by("-date", "-pk")
        )

    @path("")
    def post_list(self, request):
        posts = self.posts()
        tag = request.GET.get("tag", "").strip()
        if tag:
            posts = posts.filter(tags__name=tag)
        posts = page_of(request, posts, self.POSTS_PER_PAGE)
        return self.render(request, context_overrides={"posts": posts, "tag": tag})

    @path("rss/", name="rss")
    def rss(self, request):
        from blog.feeds import BlogFeed

        return BlogFeed(self)(request)


class BlogPostPage(BasePage):
    """One article."""

    date = models.DateField(_("дата публикации"), default=timezone.localdate, help_text=_("Показывается на сайте."))
    intro = models.TextField(_("лид"), max_length=300, help_text=_("Одна-две фразы: о чём статья."))
    cover_image = models.ForeignKey(
        "images.CustomImage",
        verbose_name=_("обложка"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Горизонтальное изображение, от 1200 пикселей в ширину."),
    )
    author = models.ForeignKey(
        BlogAuthor,
        verbose_name=_("автор"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
        help_text=_("Кто написал статью."),
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("текст"), help_text=_("Текст статьи."))
    tags = ClusterTaggableManager(through=BlogPostTag, blank=True, verbose_name=_("теги"))

    content_panels: ClassVar[list] = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("date"), FieldPanel("author"), FieldPanel("tags")], _("О публикации")),
        FieldPanel("intro"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
    ]
    search_fields: ClassVar[list] = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types: ClassVar[list] = ["blog.BlogIndexPage"]
    subpage_types: ClassVar[list] = []
    seo_content_type = SeoType.ARTICLE
    seo_description_sources: ClassVar[list] = ["search_description", "intro"]
    seo_image_sources: ClassVar[list] = ["og_image", "cover_image"]
    schema_org_type = "BlogPosting"

    class Meta:
        verbose_name = _("статья блога")
        verbose_name_plural = _("статьи блога")

    @property
    def seo_author(self):
        return self.author.name if self.author else ""

    @property
    def seo_published_at(self):
        return self.date

    def ld_entity(self, request):
        node = super().ld_entity(request)
        site_url = self.get_site().root_url
        node.update(
            {
                "headline": self.title,
                "datePublished": self.date.isoformat(),
                "dateModified": (self.last_published_at or timezone.now()).isoformat(),
                "mainEntityOfPage": self.seo_canonical_url,
                "publisher": {"@id": f"{site_url}/#organization"},
                "keywords": ", ".join(tag.name for tag in self.tags.all()),
            }
        )
        if self.author:
            node["author"] = {"@type": "Person", "name": self.author.name}
        if self.seo_image_url:
            node["image"] = self.seo_image_url
        return node
