"""The HTML parser under every PDF compiles each of its character patterns once per process
(assessments.dashboards.layout.mend_html_parser_cache, run when the portal starts)."""

import re

import tinyhtml5

HTML = (
    "<!DOCTYPE html><html lang='en'><head><title>Report</title></head><body>"
    "<h1 class='title'>Stockport</h1><p>Level: <strong>Mature</strong> &amp; rising.</p>"
    "<table><tr><th scope='row'>Engaging councillors</th><td>Developing</td></tr></table>"
    "<svg viewBox='0 0 10 10'><text x='1' y='2'>1</text></svg></body></html>"
)


def test_a_second_parse_compiles_no_pattern_again(monkeypatch):
    tinyhtml5.parse(HTML, namespace_html_elements=False)
    compiled = []
    real = re.compile

    def counting(*args, **kwargs):
        compiled.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(re, "compile", counting)
    tinyhtml5.parse(HTML, namespace_html_elements=False)
    assert compiled == []


def shape(root) -> list[tuple]:
    return [(e.tag, sorted(e.attrib.items()), e.text, e.tail) for e in root.iter()]


def test_the_document_parses_as_with_tinyhtml5s_own_cache(monkeypatch):
    from tinyhtml5 import inputstream

    mended = tinyhtml5.parse(HTML, namespace_html_elements=False)
    monkeypatch.setattr(inputstream, "characters_until_regex", {})
    own = tinyhtml5.parse(HTML, namespace_html_elements=False)
    assert shape(mended) == shape(own)
    assert "Level: Mature & rising." in "".join(mended.itertext())
