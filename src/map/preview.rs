//! A wheel zoom or a drag moves the picture already drawn, not the map: redrawing every shape
//! (40,895 on the national township layer) for each wheel notch or pointer move costs far more
//! than a frame, while one bitmap copy of the last drawing, scaled and shifted, costs about the
//! same at any number of shapes. The map is drawn again, sharp and complete, once the gesture
//! has rested for `SETTLE`.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

use crate::map::access::Zoom;
use crate::map::canvas::context_2d;

/// How long a gesture rests before the map is drawn again at its zoom.
const SETTLE: Duration = Duration::from_millis(160);

/// The last full drawing and the zoom it was drawn at.
#[derive(Clone, Copy)]
pub struct Preview {
    /// The zoom of the last full drawing.
    drawn_at: StoredValue<Zoom>,
    /// A copy of the last full drawing, made at a gesture's first move.
    copy: StoredValue<Option<HtmlCanvasElement>, LocalStorage>,
    settle: StoredValue<Option<TimeoutHandle>, LocalStorage>,
    /// The next zoom change comes from a wheel or a drag.
    pub gesture: StoredValue<bool>,
}

impl Preview {
    pub fn new() -> Preview {
        Preview {
            drawn_at: StoredValue::new(Zoom::FITTED),
            copy: StoredValue::new_local(None),
            settle: StoredValue::new_local(None),
            gesture: StoredValue::new(false),
        }
    }

    /// The base canvas was drawn in full at `zoom`: its old copy is stale.
    pub fn drawn(self, zoom: Zoom) {
        self.drawn_at.set_value(zoom);
        self.copy.set_value(None);
    }

    /// A copy of the base canvas as last drawn in full (taken once per drawing).
    fn copy_of(self, canvas: &HtmlCanvasElement) -> Option<HtmlCanvasElement> {
        if let Some(copy) = self.copy.get_value() {
            return Some(copy);
        }
        let copy: HtmlCanvasElement = web_sys::window()?
            .document()?
            .create_element("canvas")
            .ok()?
            .dyn_into()
            .ok()?;
        copy.set_width(canvas.width());
        copy.set_height(canvas.height());
        context_2d(&copy)?
            .draw_image_with_html_canvas_element(canvas, 0.0, 0.0)
            .ok()?;
        self.copy.set_value(Some(copy.clone()));
        Some(copy)
    }

    /// Shows `canvas`'s last drawing moved to `zoom`; `None` when there is no drawing to move.
    /// A pixel `p` of the fitted map was drawn at `p × s0 + t0` and belongs at `p × s1 + t1`.
    pub fn show(self, canvas: &HtmlCanvasElement, zoom: Zoom, dpr: f64) -> Option<()> {
        let copy = self.copy_of(canvas)?;
        let from = self.drawn_at.get_value();
        let k = zoom.scale / from.scale;
        let x_px = zoom.shift_x_px - from.shift_x_px * k;
        let y_px = zoom.shift_y_px - from.shift_y_px * k;
        let ctx = context_2d(canvas)?;
        let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        let (w, h) = (f64::from(canvas.width()), f64::from(canvas.height()));
        ctx.clear_rect(0.0, 0.0, w, h);
        ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
            &copy,
            x_px * dpr,
            y_px * dpr,
            w * k,
            h * k,
        )
        .ok()
    }

    /// Calls `draw` once no gesture has moved the map for `SETTLE`.
    pub fn settle_then(self, draw: impl Fn() + 'static) {
        self.cancel();
        let handle = set_timeout_with_handle(draw, SETTLE).ok();
        self.settle.set_value(handle);
    }

    /// Forgets a pending redraw (the map is being drawn now anyway).
    pub fn cancel(self) {
        if let Some(old) = self.settle.try_update_value(Option::take).flatten() {
            old.clear();
        }
    }
}
