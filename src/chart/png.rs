//! PNG images of charts, rasterised with resvg from the image variant's SVG. By default the
//! text is drawn with the DejaVu Sans faces carried in the binary (openly licensed, see
//! `fonts/LICENSE`; they cover Vietnamese, the other Latin scripts, Greek, Cyrillic and
//! Arabic), so a build needs no installed font and its PNGs are byte-identical on every
//! machine. A portal may name font files of its own instead (`[charts] fonts`).

use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};
use skrifa::MetadataProvider;
use std::sync::Arc;

/// The families a chart's text asks for, in order (as in the SVG's `font-family`).
pub const FAMILIES: [&str; 2] = ["Noto Sans", "DejaVu Sans"];

/// Images are drawn at the SVG's own size: 640 pixels wide, above the 600 that link previews
/// ask for. At 800 they took a fifth more bytes (charts were a sixth of a large portal's),
/// for nothing a preview or a document shows better; print and high-density screens take the
/// SVG.
pub const ZOOM: f32 = 1.0;

/// The colours an image keeps at most. A chart's flat colours (background, ink, grid, series,
/// target) are a score at most; the rest are the blends of anti-aliased edges, and 64 of them
/// draw edges that look the same as 256 do, in a tenth fewer bytes.
const PALETTE_SIZE: usize = 64;

/// The colours of an image whose first [`SMALL_PALETTE`] colours (those its SVG names, then
/// the commonest) cover at least [`SMALL_PALETTE_COVERS`] per thousand of its pixels, as a
/// chart of few series does: four bits a pixel, a sixth fewer bytes, and the few edge pixels
/// left drawn in the nearest of them look the same. A chart of many crossing lines keeps
/// [`PALETTE_SIZE`].
const SMALL_PALETTE: usize = 16;
const SMALL_PALETTE_COVERS: usize = 970;

/// What, besides the SVG, decides an image's pixels: change it with resvg or the palette rule.
const RENDERER: &str = "resvg 0.49, zoom 1, named then commonest colours, 16 or 64";

/// The fonts images are drawn with, and a fingerprint of them for caches.
pub struct Fonts {
    db: Arc<fontdb::Database>,
    fingerprint: String,
}

impl Fonts {
    /// The faces carried in the binary: DejaVu Sans, regular and bold.
    pub fn bundled() -> Fonts {
        static FACES: [&[u8]; 2] = [
            include_bytes!("fonts/DejaVuSans.ttf"),
            include_bytes!("fonts/DejaVuSans-Bold.ttf"),
        ];
        let mut db = fontdb::Database::new();
        for face in FACES {
            db.load_font_source(fontdb::Source::Binary(Arc::new(face)));
        }
        Fonts::new(db)
    }

    /// These faces only (font files' bytes): a portal's own fonts, or none in tests.
    pub fn from_data(faces: Vec<Vec<u8>>) -> Fonts {
        let mut db = fontdb::Database::new();
        for face in faces {
            db.load_font_data(face);
        }
        Fonts::new(db)
    }

    fn new(mut db: fontdb::Database) -> Fonts {
        // Generic `sans-serif` means the first named family that is installed.
        let installed = |family: &str| {
            db.faces()
                .any(|f| f.families.iter().any(|(name, _)| name == family))
        };
        // A portal's own faces have other names: the first is then the sans serif.
        let family = FAMILIES
            .into_iter()
            .find(|f| installed(f))
            .map(str::to_string)
            .or_else(|| {
                db.faces()
                    .next()
                    .and_then(|f| f.families.first())
                    .map(|(n, _)| n.clone())
            });
        if let Some(family) = family {
            db.set_sans_serif_family(family);
        }
        let mut faces: Vec<String> = db
            .faces()
            .map(|f| {
                // Faces are loaded from memory only (bundled, or read from the portal).
                let source = match &f.source {
                    fontdb::Source::Binary(data) => {
                        blake3::hash(data.as_ref().as_ref()).to_hex().to_string()
                    }
                };
                format!(
                    "{source} #{} {} {:?} {:?}",
                    f.index, f.post_script_name, f.weight, f.style
                )
            })
            .collect();
        faces.sort();
        let mut hasher = blake3::Hasher::new();
        hasher.update(RENDERER.as_bytes());
        for face in &faces {
            hasher.update(face.as_bytes());
            hasher.update(b"\n");
        }
        Fonts {
            db: Arc::new(db),
            fingerprint: hasher.finalize().to_hex().to_string(),
        }
    }

    /// The faces, for drawing an SVG with resvg directly (tests compare with it).
    #[cfg(test)]
    pub(crate) fn database(&self) -> Arc<fontdb::Database> {
        self.db.clone()
    }

    /// Identifies the fonts and the renderer: the same SVG with the same fingerprint gives the
    /// same PNG.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The face chart text is drawn with (regular weight), and its family name.
    pub fn chart_face(&self) -> Option<String> {
        let id = self.chart_face_id()?;
        self.db
            .face(id)
            .and_then(|f| f.families.first().map(|(name, _)| name.clone()))
    }

    fn chart_face_id(&self) -> Option<fontdb::ID> {
        let families: Vec<fontdb::Family> = FAMILIES
            .iter()
            .map(|f| fontdb::Family::Name(f))
            .chain([fontdb::Family::SansSerif])
            .collect();
        self.db.query(&fontdb::Query {
            families: &families,
            ..Default::default()
        })
    }

    /// The characters of `text` the chart face has no glyph for (all of them when there is
    /// no such face): they would be drawn as empty boxes or left out.
    pub fn missing_glyphs(&self, text: &str) -> Vec<char> {
        let mut chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        chars.sort_unstable();
        chars.dedup();
        let Some(id) = self.chart_face_id() else {
            return chars;
        };
        self.db
            .with_face_data(id, |data, index| {
                let Ok(font) = skrifa::FontRef::from_index(data, index) else {
                    return chars.clone();
                };
                let charmap = font.charmap();
                chars
                    .iter()
                    .copied()
                    .filter(|c| charmap.map(*c).is_none_or(|g| g.to_u32() == 0))
                    .collect()
            })
            .unwrap_or(chars)
    }
}

/// Palette indices, one byte each, as the rows of a PNG of the fewest bits per pixel that
/// number `colours` (a palette of 16 takes 4 bits, half the bytes of 8 before compression):
/// each row packed from its first pixel in the high bits, and padded to a whole byte.
fn packed(indices: &[u8], width: usize, colours: usize) -> (png::BitDepth, Vec<u8>) {
    let (depth, bits) = match colours {
        0..=2 => (png::BitDepth::One, 1),
        3..=4 => (png::BitDepth::Two, 2),
        5..=16 => (png::BitDepth::Four, 4),
        _ => return (png::BitDepth::Eight, indices.to_vec()),
    };
    let per_byte = 8 / bits;
    let mut rows = Vec::with_capacity(indices.len().div_ceil(per_byte));
    for row in indices.chunks(width) {
        for pixels in row.chunks(per_byte) {
            let byte = pixels.iter().enumerate().fold(0u8, |byte, (n, &index)| {
                byte | index << (8 - bits * (n + 1))
            });
            rows.push(byte);
        }
    }
    (depth, rows)
}

/// Rasterises `svg` at [`ZOOM`] times its size into PNG bytes.
pub fn render(svg: &str, fonts: &Fonts) -> Result<Vec<u8>, String> {
    let options = usvg::Options {
        fontdb: fonts.db.clone(),
        ..Default::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(ZOOM)
        .ok_or("an empty image")?;
    let mut pixmap =
        tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("an image too large")?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(ZOOM, ZOOM),
        &mut pixmap.as_mut(),
    );
    palette_png(&pixmap, &named_colours(svg)).map_err(|e| e.to_string())
}

/// The opaque colours the SVG names (`#rrggbb`): its fills, lines and text. A thin line has
/// fewer pixels than the blends at the edges of the text, but it is what a palette must keep.
fn named_colours(svg: &str) -> Vec<[u8; 4]> {
    let mut named: Vec<[u8; 4]> = svg
        .split('#')
        .skip(1)
        .filter_map(|rest| {
            let hex = rest
                .get(..6)
                .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))?;
            let next = rest[6..].chars().next();
            if next.is_some_and(|c| c.is_ascii_alphanumeric()) {
                return None;
            }
            let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
            Some([channel(0)?, channel(2)?, channel(4)?, u8::MAX])
        })
        .collect();
    named.sort_unstable();
    named.dedup();
    named
}

/// The image as an indexed-colour PNG: the same pixels in a third of the bytes or less when it
/// has at most [`PALETTE_SIZE`] colours, as a chart of flat fills and hinted text often has. A
/// chart with more (anti-aliased diagonals and text, a scale that is not a whole number) keeps
/// the colours its SVG names and its commonest others exactly, and draws each rarer one,
/// which are edge pixels, in the nearest of them. Quantisers built for photographs (NeuQuant, k-means) would move the flat
/// fills themselves, turning the white background and the series colours into near misses.
fn palette_png(
    pixmap: &tiny_skia::Pixmap,
    named: &[[u8; 4]],
) -> Result<Vec<u8>, png::EncodingError> {
    type Colours<V> = std::collections::HashMap<[u8; 4], V, foldhash::fast::FixedState>;
    let rgba = |pixel: tiny_skia::PremultipliedColorU8| {
        let c = pixel.demultiply();
        [c.red(), c.green(), c.blue(), c.alpha()]
    };
    // Charts are mostly runs of one colour: count, and later look up, only where it changes.
    let runs = || {
        pixmap
            .pixels()
            .chunk_by(|a, b| a == b)
            .map(|run| (run[0], run.len()))
    };
    let mut counts: Colours<usize> = Default::default();
    for (pixel, length) in runs() {
        *counts.entry(rgba(pixel)).or_default() += length;
    }
    let mut by_use: Vec<([u8; 4], usize)> = counts.into_iter().collect();
    // The colours the SVG names first (those the image has), then the commonest others.
    let unnamed = |colour: &[u8; 4]| !named.contains(colour);
    by_use.sort_unstable_by(|a, b| (unnamed(&a.0), b.1, a.0).cmp(&(unnamed(&b.0), a.1, b.0)));
    let pixels = pixmap.pixels().len();
    let covered = |colours: usize| by_use.iter().take(colours).map(|(_, n)| n).sum::<usize>();
    let size = if covered(SMALL_PALETTE) * 1000 >= pixels * SMALL_PALETTE_COVERS {
        SMALL_PALETTE
    } else {
        PALETTE_SIZE
    };
    by_use.truncate(size);
    let palette: Vec<[u8; 4]> = by_use.into_iter().map(|(colour, _)| colour).collect();
    let mut index_of: Colours<u8> = palette
        .iter()
        .enumerate()
        .map(|(index, colour)| (*colour, index as u8))
        .collect();
    let nearest = |colour: [u8; 4]| {
        let distance = |other: &[u8; 4]| -> u32 {
            (0..4)
                .map(|i| (i32::from(colour[i]) - i32::from(other[i])).pow(2) as u32)
                .sum()
        };
        (0..palette.len())
            .min_by_key(|&i| (distance(&palette[i]), i))
            .map_or(0, |i| i as u8)
    };
    let mut indices = Vec::with_capacity(pixmap.pixels().len());
    for (pixel, length) in runs() {
        let colour = rgba(pixel);
        let index = *index_of.entry(colour).or_insert_with(|| nearest(colour));
        indices.extend(std::iter::repeat_n(index, length));
    }
    let (depth, indices) = packed(&indices, pixmap.width() as usize, palette.len());
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(depth);
    encoder.set_compression(png::Compression::Balanced);
    // Filters predict colour values; palette indices are labels, so they only add noise.
    encoder.set_filter(png::Filter::NoFilter);
    encoder.set_palette(
        palette
            .iter()
            .flat_map(|c| [c[0], c[1], c[2]])
            .collect::<Vec<u8>>(),
    );
    // Transparency only when some colour has it: an opaque chart needs no tRNS chunk.
    if palette.iter().any(|c| c[3] != u8::MAX) {
        encoder.set_trns(palette.iter().map(|c| c[3]).collect::<Vec<u8>>());
    }
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&indices)?;
    writer.finish()?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_colours_an_svg_names_are_its_six_digit_hex_colours() {
        let svg = r##"<path fill="#0060A8" stroke="#fff"/><text>&#39;đa #1a1a1a #abcdefgh #12345</text>"##;
        assert_eq!(
            named_colours(svg),
            [[0x00, 0x60, 0xa8, 255], [0x1a, 0x1a, 0x1a, 255]]
        );
    }

    #[test]
    fn indices_are_packed_row_by_row_high_bits_first() {
        // Three pixels a row at four bits: each row ends with half a byte of padding.
        let (depth, rows) = packed(&[1, 2, 3, 4, 5, 6], 3, 16);
        assert_eq!(depth, png::BitDepth::Four);
        assert_eq!(rows, [0x12, 0x30, 0x45, 0x60]);
        let (depth, rows) = packed(&[1, 0, 1, 1, 0, 0, 0, 1, 1], 9, 2);
        assert_eq!(depth, png::BitDepth::One);
        assert_eq!(rows, [0b1011_0001, 0b1000_0000]);
        let (depth, rows) = packed(&[3, 40], 2, 64);
        assert_eq!(depth, png::BitDepth::Eight);
        assert_eq!(rows, [3, 40]);
    }
}
