"""kg.model: the sentence at an offset, and ids in document order."""

from kg.model import Document, Paragraph, SegmentedDocument, Sentence, Statement, assign_ids


def _doc(text: str, spans: list[tuple[int, int]]) -> SegmentedDocument:
    document = Document(id="d", file_name="d.txt", format="text/plain", text=text, sha256="")
    return SegmentedDocument(document, [Paragraph(0, len(text))], [Sentence(a, b, 0) for a, b in spans])


def _brute_force(doc: SegmentedDocument, offset: int) -> Sentence | None:
    return next((s for s in doc.sentences if s.start <= offset < s.end), None)


def test_sentence_at_finds_the_sentence_holding_an_offset_or_none_in_a_gap() -> None:
    text = "Een zin.  Twee zinnen hier. Drie."
    doc = _doc(text, [(0, 8), (10, 27), (28, 33)])
    for offset in range(-1, len(text) + 2):
        assert doc.sentence_at(offset) == _brute_force(doc, offset), offset


def test_sentence_at_reads_sentences_replaced_or_added_after_a_first_question() -> None:
    doc = _doc("Een. Twee. Drie.", [(0, 4)])
    assert doc.sentence_at(6) is None
    doc.sentences.append(Sentence(5, 10, 0))
    assert doc.sentence_at(6) == Sentence(5, 10, 0)
    doc.sentences = [Sentence(11, 16, 0)]
    assert doc.sentence_at(6) is None and doc.sentence_at(12) == Sentence(11, 16, 0)


def test_ids_number_repeats_in_document_order_whatever_the_list_order() -> None:
    document = Document(id="d", file_name="d.txt", format="text/plain", text="ja ja ja", sha256="")
    claims = [Statement.at(document, 0, 2), Statement.at(document, 3, 5), Statement.at(document, 6, 8)]
    ids = [c.id for c in assign_ids(list(claims))]
    again = [Statement.at(document, 6, 8), Statement.at(document, 0, 2), Statement.at(document, 3, 5)]
    assign_ids(again)
    assert [c.id for c in sorted(again, key=lambda c: c.start)] == ids
    assert len(set(ids)) == 3
