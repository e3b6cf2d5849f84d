"""Initiative colours: told apart at a glance, with any common colour-vision deficiency too."""

from itertools import combinations

import pytest

from dashboard.colours import (
    FIXED,
    PALETTE,
    category_marks,
    cie76,
    initiative_colours,
)

# Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB.
DEFICIENCIES = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}
# Under a simulated deficiency colours lose contrast; this much still tells two lines apart.
MIN_DISTANCE_SIMULATED = 15


def as_seen_with(deficiency: str, colour: str) -> str:
    """`colour` as a person with `deficiency` sees it (a simulation, clipped to sRGB)."""
    digits = colour.lstrip("#")
    srgb = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in srgb]
    seen = [
        min(1.0, max(0.0, sum(m * c for m, c in zip(row, linear, strict=True))))
        for row in DEFICIENCIES[deficiency]
    ]
    back = [12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055 for c in seen]
    return "#" + "".join(f"{round(c * 255):02x}" for c in back)


def test_cie76_is_zero_for_one_colour_and_100_from_black_to_white():
    assert cie76("#0072B2", "#0072b2") == 0
    assert cie76("#000000", "#ffffff") == pytest.approx(100, abs=0.01)


def test_no_two_palette_colours_are_closer_than_a_glance_can_tell():
    for first, second in combinations(PALETTE, 2):
        assert cie76(first, second) >= 20, (first, second)


@pytest.mark.parametrize("deficiency", sorted(DEFICIENCIES))
def test_the_palette_stays_apart_for_a_reader_with_a_colour_vision_deficiency(deficiency):
    for first, second in combinations(PALETTE, 2):
        distance = cie76(as_seen_with(deficiency, first), as_seen_with(deficiency, second))
        assert distance >= MIN_DISTANCE_SIMULATED, (first, second, round(distance, 1))


def test_initiatives_past_the_palette_repeat_a_colour_only_with_another_shape_and_dash():
    ids = ["u4ssc", "citiverse", *(f"initiative-{n}" for n in range(12))]
    styles = initiative_colours(ids)
    marks = [styles.mark(i) for i in ids]
    for first, second in combinations(marks, 2):
        if cie76(first.colour, second.colour) < 20:
            assert first.symbol != second.symbol and first.dash != second.dash
            assert first.filled("diamond") != second.filled("diamond")
    assert {i: styles[i] for i in FIXED} == FIXED


def test_categories_past_the_palette_take_a_bar_pattern():
    marks = category_marks(len(PALETTE) + 1)
    assert marks[0].colour == marks[-1].colour
    assert (marks[0].pattern, marks[-1].pattern) == ("", "/")
