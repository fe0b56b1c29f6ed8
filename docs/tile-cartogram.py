#!/usr/bin/env python3
"""Writes data/maps/tinh-thanh.geojson: a tile cartogram of Viet Nam's 34 provincial-level
units since the 2025 merger (National Assembly Resolution 202/2025/QH15, in force from
12 June 2025), one equal square per unit placed roughly where it lies, north to south.

A cartogram, not a boundary map: no boundary file of the 34 units with a licence that allows
redistribution could be had through the package registries this project can reach. Equal
tiles also give Ha Noi and a mountain province the same weight, which suits figures per
province. Run from the repository root: python3 docs/tile-cartogram.py
"""
import json
import math

# (code, Vietnamese name, column, row): columns west to east, rows north to south. The English
# name keeps the diacritics and says "city" where Vietnamese says "Thành phố".
UNITS = [
    ("lai-chau", "Lai Châu", 1, 0),
    ("lao-cai", "Lào Cai", 2, 0),
    ("tuyen-quang", "Tuyên Quang", 3, 0),
    ("cao-bang", "Cao Bằng", 4, 0),
    ("dien-bien", "Điện Biên", 0, 1),
    ("son-la", "Sơn La", 1, 1),
    ("phu-tho", "Phú Thọ", 2, 1),
    ("thai-nguyen", "Thái Nguyên", 3, 1),
    ("lang-son", "Lạng Sơn", 4, 1),
    ("ha-noi", "Thành phố Hà Nội", 2, 2),
    ("bac-ninh", "Bắc Ninh", 3, 2),
    ("quang-ninh", "Quảng Ninh", 4, 2),
    ("ninh-binh", "Ninh Bình", 2, 3),
    ("hung-yen", "Hưng Yên", 3, 3),
    ("hai-phong", "Thành phố Hải Phòng", 4, 3),
    ("thanh-hoa", "Thanh Hóa", 2, 4),
    ("nghe-an", "Nghệ An", 2, 5),
    ("ha-tinh", "Hà Tĩnh", 3, 6),
    ("quang-tri", "Quảng Trị", 3, 7),
    ("hue", "Thành phố Huế", 4, 8),
    ("da-nang", "Thành phố Đà Nẵng", 4, 9),
    ("quang-ngai", "Quảng Ngãi", 4, 10),
    ("gia-lai", "Gia Lai", 4, 11),
    ("dak-lak", "Đắk Lắk", 4, 12),
    ("lam-dong", "Lâm Đồng", 3, 13),
    ("khanh-hoa", "Khánh Hòa", 4, 13),
    ("tay-ninh", "Tây Ninh", 1, 14),
    ("ho-chi-minh", "Thành phố Hồ Chí Minh", 2, 14),
    ("dong-nai", "Đồng Nai", 3, 14),
    ("an-giang", "An Giang", 0, 15),
    ("dong-thap", "Đồng Tháp", 1, 15),
    ("vinh-long", "Vĩnh Long", 2, 15),
    ("ca-mau", "Cà Mau", 0, 16),
    ("can-tho", "Thành phố Cần Thơ", 1, 16),
]

NORTH, WEST, STEP, GAP = 23.4, 102.2, 0.9, 0.08
# chiso shrinks longitudes by the cosine of the middle latitude: widen tiles to match, so
# they are drawn square.
ROWS = max(u[3] for u in UNITS) + 1
WIDEN = 1 / math.cos(math.radians(NORTH - ROWS * STEP / 2))


def tile(column, row):
    west = round(WEST + column * STEP * WIDEN, 4)
    east = round(west + (STEP - GAP) * WIDEN, 4)
    north = round(NORTH - row * STEP, 4)
    south = round(north - (STEP - GAP), 4)
    return [[[west, north], [east, north], [east, south], [west, south], [west, north]]]


assert len(UNITS) == 34 and len({u[0] for u in UNITS}) == 34
assert len({(u[2], u[3]) for u in UNITS}) == 34, "one tile per place"


def english(vi):
    city = vi.removeprefix("Thành phố ")
    if vi == "Thành phố Hồ Chí Minh":
        return "Hồ Chí Minh City"
    return f"{city} (city)" if city != vi else vi


features = [
    {
        "type": "Feature",
        "properties": {"code": code, "ten": vi, "name_en": english(vi), "column": c, "row": r},
        "geometry": {"type": "Polygon", "coordinates": tile(c, r)},
    }
    for code, vi, c, r in UNITS
]
with open("data/maps/tinh-thanh.geojson", "w", encoding="utf-8") as out:
    out.write('{"type": "FeatureCollection", "features": [\n')
    out.write(",\n".join(json.dumps(f, ensure_ascii=False) for f in features))
    out.write("\n]}\n")
