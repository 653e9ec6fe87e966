from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed


class BlogFeed(Feed):
    """RSS 2.0 of a blog's latest posts."""

    feed_type = Rss201rev2Feed

    def __init__(self, blog_index):
        super().__init__()
        self.blog_index = blog_index

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.blog_index.seo_pagetitle

    def link(self):
        return self.blog_index.get_full_url(self.request)

    def description(self):
        return self.blog_index.seo_description

    def items(self):
        return self.blog_index.posts().prefetch_related("tags")[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_author_name(self, item):
        return item.author.name if item.author else None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]
