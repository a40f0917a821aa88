"""A nominee's statement, Markdown written by anyone, as HTML that is safe to publish. Pure.

Two maintained libraries, each doing the job it is built for:

1. **markdown-it-py** parses the Markdown as CommonMark (plus GFM tables and strike-through) with raw HTML
   *off*: `<script>`, `<img onerror=…>`, `<svg>`, HTML comments in a statement come out as visible text,
   never as markup. Its link validation already refuses `javascript:`, `vbscript:`, `file:` and `data:`
   URLs. Our own render rules change two things: headings are demoted (a statement's `#` becomes an `h3`,
   under the page's `h1` and the "Statement" `h2`), and images become links (a remote image would tell its
   host who reads the page and when; the page's Content-Security-Policy would block it anyway).
2. **nh3** (the Rust sanitizer ammonia) then cleans the result against an allow-list, as a second, independent
   line: only the tags below, only `href`/`title` on links and `start` on lists, only `http`, `https` and
   `mailto` URLs, no comments, and every link gets `rel="nofollow ugc noopener"`. A relative or fragment link
   would point into this site (or nowhere): it loses its `href` and stays as text.

Nesting is bounded by markdown-it's `maxNesting` (20), so a statement of a thousand `>` or list markers
renders as text past that depth instead of as a thousand nested elements. Parsing is linear in practice
for hostile input (emphasis bombs, a megabyte of brackets); `tests/site/test_statement.py` measures it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

LINK_REL = "nofollow ugc noopener"
URL_SCHEMES = frozenset({"http", "https", "mailto"})
HEADING_SHIFT = 2  # statement h1 -> h3: the page has its h1 (the name) and an h2 ("Statement")
ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h3", "h4", "h5", "h6", "strong", "em", "del", "s", "code", "pre", "blockquote",
        "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "span",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_CLASSES: dict[str, set[str]] = {"span": {"image-link"}}
_ABSOLUTE = ("https://", "http://", "mailto:")


def _demote_headings(state: StateCore) -> None:
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(6, int(token.tag[1]) + HEADING_SHIFT)
            token.tag = f"h{level}"


def _inside_link(tokens: Sequence[Token], idx: int) -> bool:
    depth = 0
    for token in tokens[:idx]:
        if token.type == "link_open":
            depth += 1
        elif token.type == "link_close":
            depth -= 1
    return depth > 0


def _image(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    """`![alt](src)` as a link to the image (or as its text inside another link), never an `<img>`."""
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env).strip()
    src = str(token.attrGet("src") or "")
    label = html.escape(f"image: {alt}" if alt else "image", quote=False)
    if _inside_link(tokens, idx) or not src.startswith(("https://", "http://")):
        return f'<span class="image-link">[{label}]</span>'
    return f'<a href="{html.escape(src)}">[{label}]</a>'


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.core.ruler.push("demote_headings", _demote_headings)
    md.add_render_rule("image", _image)
    return md


_MD = _parser()


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return value if value.strip().lower().startswith(_ABSOLUTE) else None
    if tag == "ol" and attribute == "start":
        return value if value.isdigit() and len(value) <= 9 else None
    return value


def sanitise(fragment: str) -> str:
    """Clean an HTML fragment against the statement allow-list (see the module docstring)."""
    cleaned: str = nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_keep_attribute,
        strip_comments=True,
        link_rel=LINK_REL,
        url_schemes=set(URL_SCHEMES),
        allowed_classes={k: set(v) for k, v in ALLOWED_CLASSES.items()},
    )
    return cleaned


def render_statement(markdown: str) -> str:
    """The statement as safe HTML (an empty statement gives an empty string)."""
    text = markdown.replace("\x00", "\ufffd")
    env: dict[str, Any] = {}
    return sanitise(_MD.render(text, env)).strip()


def render_description(markdown: str) -> str:
    """A phase's description (trusted Markdown the admins wrote) as HTML, through the same parser and
    sanitiser as a statement: its links take effect, nothing else can."""
    return render_statement(markdown)
