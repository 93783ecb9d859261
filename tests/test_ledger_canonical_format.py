"""
The bytes every ledger entry's content hash covers. They must never change:
entries chained by an earlier version of the ledger have to verify with this
one. The format is that of json.dumps with sorted keys, compact separators and
UTF-8 left as it is (claims/chain.py).
"""

import datetime
import hashlib
import json

import pytest

from claims.chain import canonical_content
from claims.models import Claim, LedgerEntry


def reference(label, attnames, values):
    return json.dumps(
        {"model": label, "fields": dict(zip(attnames, values, strict=True))},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        False,
        0,
        -17,
        2**63,
        1.5,
        "",
        "plain",
        'quotes " and \\ backslashes',
        "controls \x00 \x1f \n \t \u2028",
        "Chinese 國家安全法 and emoji 🧾 and RTL \u202e override",
        "</script><script>alert(1)</script>",
        "2021-10-25T04:00:00+00:00",
        [1, "two", None],
        {"b": 1, "a": [2]},
    ],
)
def test_it_writes_each_value_as_sorted_compact_json_does(value):
    attnames = ("text", "history_id", "zeta", "alpha")
    values = [value, 7, "z", value]

    assert canonical_content("claims.historicalclaim", attnames, values) == reference(
        "claims.historicalclaim", attnames, values
    )


def test_it_sorts_the_fields_by_name_whatever_their_order_in_the_layout():
    attnames = ("summary", "id", "history_user_id", "said_on", "history_type", "history_date")
    values = ["A summary.", 12, None, "2021-10-25", "~", "2021-10-25T04:00:00+00:00"]

    assert canonical_content("claims.historicalclaim", attnames, values) == reference(
        "claims.historicalclaim", attnames, values
    )


def test_it_keeps_the_format_that_the_first_entries_were_chained_with():
    # Pinned bytes: if this changes, every existing ledger stops verifying.
    assert canonical_content("claims.historicaltopic", ("name", "id"), ["Hong Kong", 3]) == (
        b'{"fields":{"id":3,"name":"Hong Kong"},"model":"claims.historicaltopic"}'
    )


def test_it_refuses_values_that_do_not_match_the_fields():
    with pytest.raises(ValueError, match="2 fields but 1 values"):
        canonical_content("claims.historicaltopic", ("name", "id"), ["Hong Kong"])


def test_an_entry_written_on_save_hashes_its_row_in_that_format(make_claim, editor):
    claim = make_claim(text='國家安全法 upheld "human rights".', said_on=datetime.date(2021, 6, 30))
    claim.rate(Claim.Status.MISLEADING, reason="Checked against the record.", by=editor)
    record = claim.history.first()
    entry = LedgerEntry.objects.get(history_model="claims.historicalclaim", history_id=record.pk)

    fields = {}
    for field in type(record)._meta.concrete_fields:
        value = getattr(record, field.attname)
        if isinstance(value, datetime.datetime):
            value = value.astimezone(datetime.UTC).isoformat()
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        fields[field.attname] = value
    canonical = reference("claims.historicalclaim", list(fields), list(fields.values()))

    expected = hashlib.sha256(entry.nonce.encode() + b"\n" + canonical).hexdigest()
    assert entry.content_hash == expected
