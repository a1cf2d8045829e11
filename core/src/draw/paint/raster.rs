//! The canvas backend's fills as a palette over shape ids, kept pure so `cargo test` sees the
//! pixels the page puts. A recolour of tens of thousands of shapes must fit in a frame, and a
//! software canvas spends over a second filling their paths again; so the page rasterises the
//! scene's shape ids once per view and zoom ([`IdBuffer::rasterise`]), and each recolour only
//! looks every pixel's id up in a colour table made from the paint list's `Fills` and
//! `Overlay` layers ([`FillTable::of`], [`compose`]). The layers under the fills and over them
//! (context, edges, borders) stay canvas drawing, made once per view and zoom.
//!
//! A pixel belongs to the shape whose even-odd interior holds its centre, so neighbours share
//! no pixel and leave no gap. The fills are not anti-aliased; every shape's edge is stroked over
//! them, so no stair-step shows.

use geo::MultiPolygon;

use crate::draw::paint::{Layer, Tile};
use crate::draw::svg::Fit;
use crate::sort;

/// Plane units (the scene's kilometres) to device pixels, north up:
/// `x_px = x * px_per_unit + offset_x_px`, `y_px = offset_y_px - y * px_per_unit`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ToPixels {
    /// Device pixels per unit.
    pub px_per_unit: f64,
    /// Where x = 0 lands.
    pub offset_x_px: f64,
    /// Where y = 0 lands.
    pub offset_y_px: f64,
}

impl ToPixels {
    /// The device pixels of `fit` (CSS pixels) at `dpr` device pixels per CSS pixel: the same
    /// mapping the canvas transform of the page's paths sets.
    pub fn of_fit(fit: &Fit, dpr: f64) -> ToPixels {
        ToPixels {
            px_per_unit: fit.px_per_km * dpr,
            offset_x_px: dpr * (fit.offset_x_px - fit.origin_x_km * fit.px_per_km),
            offset_y_px: dpr * (fit.offset_y_px + fit.origin_y_km * fit.px_per_km),
        }
    }

    fn px(&self, x: f64, y: f64) -> (f64, f64) {
        (
            x * self.px_per_unit + self.offset_x_px,
            self.offset_y_px - y * self.px_per_unit,
        )
    }
}

/// Which shape covers each pixel of a canvas: 0 for none, else the shape's index plus one.
#[derive(Clone, Debug, PartialEq)]
pub struct IdBuffer {
    width_px: u32,
    height_px: u32,
    ids: Vec<u32>,
}

/// One crossing of a pixel row's centre line by a ring's edge.
#[derive(Clone, Copy)]
struct Crossing {
    row: u32,
    x_px: f32,
}

impl Crossing {
    /// Row first, then x, as one integer (`f32`'s bits made to sort as the numbers do).
    fn key(&self) -> u64 {
        let bits = self.x_px.to_bits();
        let x = if bits >> 31 == 1 {
            !bits
        } else {
            bits | 0x8000_0000
        };
        (u64::from(self.row) << 32) | u64::from(x)
    }
}

impl IdBuffer {
    /// The ids of `shapes` (in order: the first is id 1) on a `width_px` × `height_px` canvas.
    pub fn rasterise<'a>(
        shapes: impl IntoIterator<Item = &'a MultiPolygon<f64>>,
        to_px: &ToPixels,
        width_px: u32,
        height_px: u32,
    ) -> IdBuffer {
        let mut buffer = IdBuffer {
            width_px,
            height_px,
            ids: vec![0; width_px as usize * height_px as usize],
        };
        let mut crossings = Vec::new();
        for (index, shape) in shapes.into_iter().enumerate() {
            crossings.clear();
            buffer.crossings_of(shape, to_px, &mut crossings);
            sort::sort_by_key(&mut crossings, Crossing::key);
            buffer.fill_between(&crossings, index as u32 + 1);
        }
        buffer
    }

    /// Where every edge of `shape` crosses a pixel row's centre (rows on the canvas only). An
    /// edge holds its lower end and not its upper one, so a vertex on a centre line counts once.
    fn crossings_of(&self, shape: &MultiPolygon<f64>, to_px: &ToPixels, out: &mut Vec<Crossing>) {
        let rows = f64::from(self.height_px);
        for polygon in &shape.0 {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                for line in ring.lines() {
                    let (x0, y0) = to_px.px(line.start.x, line.start.y);
                    let (x1, y1) = to_px.px(line.end.x, line.end.y);
                    if y0 == y1 {
                        continue;
                    }
                    let (top, bottom) = if y0 < y1 { (y0, y1) } else { (y1, y0) };
                    let first = (top - 0.5).ceil().max(0.0);
                    let end = (bottom - 0.5).ceil().min(rows);
                    let slope = (x1 - x0) / (y1 - y0);
                    let mut row = first;
                    while row < end {
                        let x_px = x0 + (row + 0.5 - y0) * slope;
                        out.push(Crossing {
                            row: row as u32,
                            x_px: x_px as f32,
                        });
                        row += 1.0;
                    }
                }
            }
        }
    }

    /// Sets `id` on the pixels between each pair of a row's crossings (even-odd): those whose
    /// centre lies inside.
    fn fill_between(&mut self, crossings: &[Crossing], id: u32) {
        let width = self.width_px as usize;
        let column = |x_px: f32| (f64::from(x_px) - 0.5).ceil().clamp(0.0, width as f64) as usize;
        for row in crossings.chunk_by(|a, b| a.row == b.row) {
            let start = row[0].row as usize * width;
            for pair in row.chunks_exact(2) {
                let (from, to) = (column(pair[0].x_px), column(pair[1].x_px));
                self.ids[start + from..start + to].fill(id);
            }
        }
    }

    /// The index of the shape covering pixel (`x_px`, `y_px`), if any.
    pub fn shape_at(&self, x_px: u32, y_px: u32) -> Option<usize> {
        if x_px >= self.width_px || y_px >= self.height_px {
            return None;
        }
        let id = self.ids[y_px as usize * self.width_px as usize + x_px as usize];
        id.checked_sub(1).map(|i| i as usize)
    }

    /// Width and height in pixels.
    pub fn size_px(&self) -> (u32, u32) {
        (self.width_px, self.height_px)
    }
}

/// A tile's pixels as the canvas drew them (RGBA, not premultiplied, as `getImageData` gives
/// them), repeated from the canvas's top left corner, as a canvas pattern is.
#[derive(Clone, Debug, PartialEq)]
pub struct TileImage {
    /// The square's side in device pixels.
    pub size_px: u32,
    /// `size_px` × `size_px` pixels, row by row.
    pub rgba: Vec<u8>,
}

impl TileImage {
    /// The tile's pixel at canvas pixel (`x`, `y`) laid over the opaque `under`, as the
    /// canvas's source-over does.
    fn over(&self, under: [u8; 4], x: usize, y: usize) -> [u8; 4] {
        let size = self.size_px.max(1) as usize;
        let at = ((y % size) * size + x % size) * 4;
        let Some(tile) = self.rgba.get(at..at + 4) else {
            return under;
        };
        let alpha = u32::from(tile[3]);
        let mix = |top: u8, bottom: u8| {
            ((u32::from(top) * alpha + u32::from(bottom) * (255 - alpha) + 127) / 255) as u8
        };
        [
            mix(tile[0], under[0]),
            mix(tile[1], under[1]),
            mix(tile[2], under[2]),
            255,
        ]
    }
}

/// Each shape's fill and the tiles laid over it, read from a paint list.
#[derive(Clone, Debug, PartialEq)]
pub struct FillTable {
    /// By shape index: its opaque fill.
    fills: Vec<[u8; 4]>,
    /// By shape index: bit `i` set when it carries `overlays[i]`.
    tiles: Vec<u8>,
    /// The overlays' tiles in the list's order, the order they are laid.
    overlays: Vec<Tile>,
}

impl FillTable {
    /// The `Fills` and `Overlay` layers of `layers` (the other layers are not fills).
    pub fn of(layers: &[Layer]) -> FillTable {
        let mut table = FillTable {
            fills: Vec::new(),
            tiles: Vec::new(),
            overlays: Vec::new(),
        };
        for layer in layers {
            match layer {
                Layer::Fills(fills) => {
                    table.fills = fills.iter().map(|c| [c.0, c.1, c.2, 255]).collect();
                    table.tiles = vec![0; fills.len()];
                }
                Layer::Overlay { tile, shapes } if table.overlays.len() < 8 => {
                    let bit = 1 << table.overlays.len();
                    table.overlays.push(*tile);
                    for &i in shapes {
                        if let Some(mask) = table.tiles.get_mut(i) {
                            *mask |= bit;
                        }
                    }
                }
                _ => {}
            }
        }
        table
    }

    /// The tiles this table lays, in order: [`compose`] takes their images in this order.
    pub fn overlays(&self) -> &[Tile] {
        &self.overlays
    }

    /// The pixel of shape `index` at (`x`, `y`), `None` for a shape without a fill.
    fn pixel(
        &self,
        index: usize,
        tiles: &[Option<TileImage>],
        x: usize,
        y: usize,
    ) -> Option<[u8; 4]> {
        let mut px = *self.fills.get(index)?;
        let mask = self.tiles[index];
        if mask != 0 {
            for (bit, image) in tiles.iter().enumerate().take(self.overlays.len()) {
                if let Some(image) = image.as_ref().filter(|_| mask & (1 << bit) != 0) {
                    px = image.over(px, x, y);
                }
            }
        }
        Some(px)
    }
}

/// Writes into `out` (RGBA, the canvas's size) each pixel's fill from `table` with its tiles
/// (`tiles`: the images of [`FillTable::overlays`], in that order), and `under`'s pixel (what is
/// drawn beneath the fills, RGBA of the same size) where no filled shape covers it.
pub fn compose(
    ids: &IdBuffer,
    table: &FillTable,
    tiles: &[Option<TileImage>],
    under: &[u8],
    out: &mut [u8],
) {
    let width = ids.width_px.max(1) as usize;
    let pixels = out.chunks_exact_mut(4).zip(under.chunks_exact(4));
    for (p, ((px, below), &id)) in pixels.zip(&ids.ids).enumerate() {
        let fill = id
            .checked_sub(1)
            .and_then(|i| table.pixel(i as usize, tiles, p % width, p / width));
        match fill {
            Some(fill) => px.copy_from_slice(&fill),
            None => px.copy_from_slice(below),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::classify::Rgb;
    use geo::{polygon, MultiPolygon};

    const UNIT: ToPixels = ToPixels {
        px_per_unit: 1.0,
        offset_x_px: 0.0,
        offset_y_px: 10.0,
    };

    /// A square of side `s` whose lower left corner is (`x`, `y`) in plane units.
    fn square(x: f64, y: f64, s: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![polygon![
            (x: x, y: y), (x: x + s, y: y), (x: x + s, y: y + s), (x: x, y: y + s), (x: x, y: y)
        ]])
    }

    #[test]
    fn a_square_covers_the_pixels_whose_centres_it_holds() {
        let ids = IdBuffer::rasterise([&square(2.0, 2.0, 4.0)], &UNIT, 10, 10);
        // y = 2..6 up is rows 4..8 down (north up, 10 rows).
        assert_eq!(ids.shape_at(2, 4), Some(0));
        assert_eq!(ids.shape_at(5, 7), Some(0));
        assert_eq!(ids.shape_at(6, 5), None);
        assert_eq!(ids.shape_at(3, 3), None);
        assert_eq!(ids.shape_at(3, 8), None);
        let covered = (0..10)
            .flat_map(|y| (0..10).map(move |x| (x, y)))
            .filter(|&(x, y)| ids.shape_at(x, y).is_some())
            .count();
        assert_eq!(covered, 16);
    }

    #[test]
    fn neighbours_share_no_pixel_and_leave_no_gap() {
        let (left, right) = (square(0.0, 0.0, 4.3), square(4.3, 0.0, 4.3));
        let shapes = [&left, &right];
        let ids = IdBuffer::rasterise(shapes, &UNIT, 10, 10);
        for x in 0..8 {
            let want = if x < 4 { 0 } else { 1 };
            assert_eq!(ids.shape_at(x, 8), Some(want), "column {x}");
        }
        assert_eq!(ids.shape_at(9, 8), None);
    }

    #[test]
    fn holes_stay_empty_and_the_canvas_edge_clips() {
        let ring = |x: f64, s: f64| {
            geo::LineString::from(vec![(x, x), (x + s, x), (x + s, x + s), (x, x + s), (x, x)])
        };
        let with_hole = MultiPolygon(vec![geo::Polygon::new(
            ring(1.0, 8.0),
            vec![ring(4.0, 2.0)],
        )]);
        let off_canvas = square(-5.0, -5.0, 30.0);
        let ids = IdBuffer::rasterise([&with_hole, &off_canvas], &UNIT, 10, 10);
        assert_eq!(ids.shape_at(2, 2), Some(1), "the later shape paints over");
        let hole = IdBuffer::rasterise([&with_hole], &UNIT, 10, 10);
        assert_eq!(hole.shape_at(4, 5), None, "inside the hole");
        assert_eq!(hole.shape_at(2, 5), Some(0));
        assert_eq!(ids.size_px(), (10, 10));
    }

    #[test]
    fn the_fit_maps_as_the_canvas_transform_does() {
        let fit = Fit {
            px_per_km: 2.0,
            origin_x_km: 100.0,
            origin_y_km: 50.0,
            offset_x_px: 16.0,
            offset_y_px: 8.0,
        };
        let to_px = ToPixels::of_fit(&fit, 2.0);
        let (x, y) = to_px.px(110.0, 40.0);
        let (fx, fy) = fit.px(110.0, 40.0);
        assert!((x - 2.0 * fx).abs() < 1e-9 && (y - 2.0 * fy).abs() < 1e-9);
    }

    #[test]
    fn pixels_take_their_shapes_fill_tiles_over_it_and_the_under_layer_elsewhere() {
        let (a, b) = (square(0.0, 0.0, 2.0), square(2.0, 0.0, 2.0));
        let ids = IdBuffer::rasterise([&a, &b], &UNIT, 4, 10);
        let layers = [
            Layer::Fills(vec![Rgb(200, 0, 0), Rgb(0, 0, 200)]),
            Layer::Overlay {
                tile: Tile::Hatch,
                shapes: vec![1],
            },
        ];
        let table = FillTable::of(&layers);
        assert_eq!(table.overlays(), &[Tile::Hatch]);
        // A 2×2 tile: white at half opacity on its diagonal, clear elsewhere.
        let tile = TileImage {
            size_px: 2,
            rgba: vec![
                255, 255, 255, 128, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 128,
            ],
        };
        let under = [7u8, 8, 9, 255].repeat(40);
        let mut out = vec![0u8; 4 * 40];
        compose(&ids, &table, &[Some(tile)], &under, &mut out);
        let at = |x: usize, y: usize| &out[(y * 4 + x) * 4..(y * 4 + x) * 4 + 4];
        assert_eq!(at(0, 9), &[200, 0, 0, 255], "shape 0, no tile");
        assert_eq!(
            at(3, 9),
            &[128, 128, 228, 255],
            "shape 1 under the tile's white"
        );
        assert_eq!(
            at(2, 9),
            &[0, 0, 200, 255],
            "shape 1 where the tile is clear"
        );
        assert_eq!(at(0, 0), &[7, 8, 9, 255], "no shape: the layer under");
    }

    #[test]
    fn a_shape_without_a_fill_shows_the_layer_under() {
        let a = square(0.0, 0.0, 2.0);
        let ids = IdBuffer::rasterise([&a], &UNIT, 2, 10);
        let table = FillTable::of(&[Layer::Fills(vec![])]);
        let under = [1u8, 2, 3, 4].repeat(20);
        let mut out = vec![0u8; 80];
        compose(&ids, &table, &[], &under, &mut out);
        assert_eq!(out, under);
    }
}
