"""A kind's templates rendered for one channel in one language."""

from contextlib import suppress
from dataclasses import dataclass

from django.template import Context, TemplateDoesNotExist, engines
from django.utils import translation

from .kinds import Kind
from .models import Channel


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    body: str
    body_html: str = ""


def _engine():
    return engines["django"].engine


def _render_text(names, context) -> str:
    # Plain text goes out as it is: no HTML escaping of «A & B».
    template = _engine().select_template(names)
    return template.render(Context(context, autoescape=False)).strip()


def render_message(kind: Kind, channel: str, context: dict, language: str) -> RenderedMessage:
    kind.check_context(context)
    folder = f"notifications/{kind.key}"
    with translation.override(language):
        subject = " ".join(_render_text([f"{folder}/subject.txt"], context).split())
        body = _render_text([f"{folder}/{channel}.txt", f"{folder}/body.txt"], context)
        body_html = ""
        if channel == Channel.EMAIL:
            with suppress(TemplateDoesNotExist):
                body_html = _engine().get_template(f"{folder}/body.html").render(Context(context)).strip()
    return RenderedMessage(subject=subject[:255], body=body, body_html=body_html)
