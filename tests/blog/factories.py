import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from blog.models import BlogAuthor, BlogIndexPage, BlogPostPage


class BlogAuthorFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Автор {n}")
    role = "редактор"

    class Meta:
        model = BlogAuthor
        django_get_or_create = ("name",)


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    """A brand's blog; pass parent=<HomePage>."""

    title = "Блог"
    slug = "blog"

    class Meta:
        model = BlogIndexPage


class BlogPostPageFactory(wagtail_factories.PageFactory):
    """A published post; pass parent=<BlogIndexPage>."""

    title = factory.Sequence(lambda n: f"Новость {n}")
    slug = factory.Sequence(lambda n: f"post-{n}")
    intro = "Короткая новость для проверки."
    author = factory.SubFactory(BlogAuthorFactory)
    cover_image = factory.SubFactory(wagtail_factories.ImageFactory)
    body = factory.LazyFunction(lambda: [("paragraph", "<p>Текст новости.</p>")])

    class Meta:
        model = BlogPostPage
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create:
            self.tags.add(*(extracted or ["проверка"]))
            self.save_revision().publish()
