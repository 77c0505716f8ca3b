"""Catalog file: complete against the shared domain list, and bad entries fail by name."""
from pathlib import Path

import pytest
import yaml

from classifiers.catalog import CatalogError, load_catalog

SHARED = Path("/work/shared/domain/procedures.yaml")
SHIPPED = Path(__file__).resolve().parents[2] / "classifiers" / "catalog.yaml"


def _write(tmp_path, raw) -> Path:
    p = tmp_path / "catalog.yaml"
    p.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return p


def _raw():
    return yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


def test_shipped_catalog_has_every_shared_procedure_with_its_code_and_sector():
    cat = load_catalog()
    shared = yaml.safe_load(SHARED.read_text(encoding="utf-8"))
    assert len(cat.procedures) == len(shared["procedures"]) == 10
    for entry in shared["procedures"]:
        p = cat.get(entry["key"])
        assert p.code == entry["code"]
        assert p.sector == entry["sector"]
        assert set(entry["form_titles"]) <= set(p.form_titles)
        assert p.required_fields and p.sector_table.endswith("_records")
        assert p.result_required_fields == ("document_number", "signed_date")
    assert set(cat.sectors) == set(shared["sectors"])


def test_code_lookup_ignores_local_suffix():
    cat = load_catalog()
    assert cat.by_code("1.001193.000.00.00.H38").key == "birth_registration"
    assert cat.by_code("9.999999") is None


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (lambda r: r["procedures"][2].update(sector="thue"), r"death_registration.*sector 'thue'"),
        (lambda r: r["procedures"][0].update(required_fields=["applicant_nam"]), r"birth_registration.*applicant_nam"),
        (lambda r: r["procedures"][5].update(code="2001610"), r"enterprise_registration.*code"),
        (lambda r: r["procedures"][1].pop("sector_table"), r"marriage_registration.*sector_table"),
        (lambda r: r["procedures"][3].update(form_titles=[], result_cues=[]), r"permanent_residence_registration.*recognisable"),
        (lambda r: r["procedures"].append(dict(r["procedures"][0])), r"birth_registration.*duplicate"),
        (lambda r: r["procedures"][4].update(colour="red"), r"certified_copy.*colour"),
    ],
)
def test_bad_entry_is_named_in_the_error(tmp_path, mutate, expected):
    raw = _raw()
    mutate(raw)
    with pytest.raises(CatalogError, match=expected):
        load_catalog(_write(tmp_path, raw))


def test_entry_without_key_is_named_by_position(tmp_path):
    raw = _raw()
    del raw["procedures"][6]["key"]
    with pytest.raises(CatalogError, match=r"procedure #7"):
        load_catalog(_write(tmp_path, raw))


def test_unreadable_yaml_is_a_catalog_error(tmp_path):
    p = tmp_path / "c.yaml"
    p.write_text("procedures: [\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="cannot read catalog"):
        load_catalog(p)


def test_adding_a_procedure_is_a_data_change(tmp_path):
    from classifiers import classify

    raw = _raw()
    raw["procedures"].append({
        "key": "adoption_registration", "code": "2.001263", "name": "Đăng ký việc nuôi con nuôi trong nước",
        "sector": "ho_tich", "form_titles": ["TỜ KHAI ĐĂNG KÝ VIỆC NUÔI CON NUÔI TRONG NƯỚC"],
        "result_cues": ["đăng ký việc nuôi con nuôi"], "required_fields": ["applicant_name"],
        "sector_table": "ho_tich_records",
    })
    cat = load_catalog(_write(tmp_path, raw))
    page = "ỦY BAN NHÂN DÂN XÃ AN BÌNH\nTỜ KHAI ĐĂNG KÝ VIỆC NUÔI CON NUÔI TRONG NƯỚC\nHọ và tên người đề nghị: Lê Thị Hoa"
    assert classify([page], cat).key == "adoption_registration"
