"""Whatever the bytes, read_file raises only ReviewerError subclasses (or returns a document)."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer.document import RawDocument
from reviewer.errors import ReviewerError
from reviewer.read import read_file

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "read"
SEEDS = {
    "pdf": (FIXTURES / "tt02_2021_p3_bieu_phi_table.pdf").read_bytes(),
    "docx": (FIXTURES / "ho_so_thuong_tru_table.docx").read_bytes(),
    "doc": (FIXTURES / "luat_pccc_2001.doc").read_bytes(),
}
PREFIXES = [b"%PDF-1.7\n", b"PK\x03\x04", bytes.fromhex("d0cf11e0a1b11ae1"), b"\xef\xbb\xbf", b"\xff\xfe", b""]
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _read(tmp_path: Path, data: bytes, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    try:
        doc = read_file(path, ocr=False)
    except ReviewerError as error:
        assert error.source == str(path)
    else:
        assert isinstance(doc, RawDocument)


@FUZZ
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=2048))
def test_random_bytes(tmp_path_factory, prefix: bytes, body: bytes) -> None:
    _read(tmp_path_factory.mktemp("fuzz"), prefix + body, "random.docx")


@FUZZ
@given(kind=st.sampled_from(["pdf", "docx"]), cut=st.floats(min_value=0.0, max_value=0.999))
def test_truncated_real_files(tmp_path_factory, kind: str, cut: float) -> None:
    data = SEEDS[kind]
    _read(tmp_path_factory.mktemp("cut"), data[: max(1, int(len(data) * cut))], f"cut.{kind}")


@FUZZ
@given(
    kind=st.sampled_from(["pdf", "docx"]),
    edits=st.lists(st.tuples(st.integers(min_value=0, max_value=4095), st.integers(0, 255)), max_size=12),
)
def test_mutated_headers(tmp_path_factory, kind: str, edits: list[tuple[int, int]]) -> None:
    data = bytearray(SEEDS[kind])
    for offset, value in edits:
        data[offset % len(data)] = value
    _read(tmp_path_factory.mktemp("mut"), bytes(data), f"mutated.{kind}")


def test_truncated_doc_files(tmp_path: Path) -> None:
    data = SEEDS["doc"]
    for cut in (512, 20_000, len(data) // 2):
        _read(tmp_path, data[:cut], f"cut{cut}.doc")
