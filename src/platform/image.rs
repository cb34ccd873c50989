//! Shrinking a photo on the phone before it is sent or stored.
//!
//! A phone camera's 12-megapixel JPEG is 3–6 MB: on a metered mobile plan that is real money, and
//! on a weak signal it is a failed upload. Drawn onto a canvas with the long edge at most
//! [`ShrinkOptions::max_edge`] and re-encoded as JPEG, stepping the quality down until it fits
//! [`ShrinkOptions::max_bytes`], the same photo is a few hundred KiB and still shows the problem.
//! Re-encoding through a canvas also drops every EXIF field, including the GPS position the camera
//! wrote into the file: the report's place is what the resident chose in the form, nothing more.
//!
//! The size arithmetic ([`fit`], [`QUALITIES`], [`smaller_edge`]) is pure and tested natively;
//! only [`shrink`] touches the browser.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The JPEG qualities tried in turn, best first; below 0.5 artefacts hide the detail a water
/// department needs, so a photo still too large is made smaller instead.
pub const QUALITIES: [f64; 5] = [0.85, 0.75, 0.65, 0.55, 0.5];

/// The smallest long edge tried before giving up: below it the photo no longer shows much.
pub const MIN_EDGE: u32 = 480;

/// How far a photo is shrunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShrinkOptions {
    /// The longest edge in pixels.
    pub max_edge: u32,
    /// The largest encoded size in bytes.
    pub max_bytes: u32,
}

impl ShrinkOptions {
    /// The usual limits: 1600 px, 300 KiB — sharp on any phone screen, cheap on mobile data.
    pub const STANDARD: ShrinkOptions = ShrinkOptions {
        max_edge: 1600,
        max_bytes: 300 * 1024,
    };
    /// For a data-saving ("lite") mode: 1024 px, same byte cap.
    pub const LITE: ShrinkOptions = ShrinkOptions {
        max_edge: 1024,
        max_bytes: 300 * 1024,
    };
}

/// The size of a `width`×`height` image scaled so that its long edge is at most `max_edge`,
/// keeping the aspect ratio; never enlarged, never below 1 px.
pub fn fit(width: u32, height: u32, max_edge: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= max_edge || long == 0 {
        return (width.max(1), height.max(1));
    }
    let scale = f64::from(max_edge) / f64::from(long);
    let w = (f64::from(width) * scale).round().max(1.0) as u32;
    let h = (f64::from(height) * scale).round().max(1.0) as u32;
    (w.min(max_edge), h.min(max_edge))
}

/// The next long edge to try when even the lowest quality was too large (three quarters of
/// `edge`), or `None` once it would fall below [`MIN_EDGE`].
pub fn smaller_edge(edge: u32) -> Option<u32> {
    let next = edge * 3 / 4;
    (next >= MIN_EDGE).then_some(next)
}

/// Why a picked file could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    /// The browser could not decode it (not an image, or a format it does not read, e.g. HEIC
    /// on some Android browsers).
    #[error("not a readable image")]
    Unreadable,
    /// No 2D canvas (very old web-views).
    #[error("no canvas")]
    NoCanvas,
    /// The canvas refused to encode a JPEG.
    #[error("encoding failed")]
    Encode,
    /// Even the smallest size and quality stayed above the byte limit (a pathological image).
    #[error("too large even when shrunk")]
    TooLarge,
}

/// A shrunk photo, ready to send.
#[derive(Debug, Clone)]
pub struct Shrunk {
    /// The JPEG, without any EXIF.
    pub blob: web_sys::Blob,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Encoded size in bytes.
    pub bytes: u32,
    /// How long decoding, scaling and encoding took on this phone (ms).
    pub millis: u32,
}

/// A decoded picture that can be drawn onto a canvas.
enum Source {
    Bitmap(web_sys::ImageBitmap),
    Element(web_sys::HtmlImageElement, String),
}

impl Source {
    fn size(&self) -> (u32, u32) {
        match self {
            Source::Bitmap(b) => (b.width(), b.height()),
            Source::Element(i, _) => (i.natural_width(), i.natural_height()),
        }
    }

    fn draw(&self, ctx: &web_sys::CanvasRenderingContext2d, w: u32, h: u32) -> bool {
        let (w, h) = (f64::from(w), f64::from(h));
        match self {
            Source::Bitmap(b) => ctx.draw_image_with_image_bitmap_and_dw_and_dh(b, 0.0, 0.0, w, h),
            Source::Element(i, _) => {
                ctx.draw_image_with_html_image_element_and_dw_and_dh(i, 0.0, 0.0, w, h)
            }
        }
        .is_ok()
    }
}

impl Drop for Source {
    fn drop(&mut self) {
        // A decoded 12 MP photo holds ~48 MB; free it now rather than at the next GC.
        match self {
            Source::Bitmap(b) => b.close(),
            Source::Element(_, url) => {
                let _ = web_sys::Url::revoke_object_url(url);
            }
        }
    }
}

/// Decodes with `createImageBitmap(file, {imageOrientation: 'from-image'})`, so a portrait photo
/// stored sideways with an EXIF orientation comes out upright; where that is missing (older
/// Safari and web-views), through an `<img>`, which browsers also orient by EXIF.
async fn decode(file: &web_sys::Blob) -> Result<Source, ImageError> {
    let window = web_sys::window().ok_or(ImageError::Unreadable)?;
    let options = web_sys::ImageBitmapOptions::new();
    options.set_image_orientation(web_sys::ImageOrientation::FromImage);
    if let Ok(promise) =
        window.create_image_bitmap_with_blob_and_image_bitmap_options(file, &options)
    {
        if let Ok(bitmap) = JsFuture::from(promise).await {
            if let Ok(bitmap) = bitmap.dyn_into::<web_sys::ImageBitmap>() {
                return Ok(Source::Bitmap(bitmap));
            }
        }
    }
    let url =
        web_sys::Url::create_object_url_with_blob(file).map_err(|_| ImageError::Unreadable)?;
    let img = web_sys::HtmlImageElement::new().map_err(|_| ImageError::Unreadable)?;
    img.set_src(&url);
    let source = Source::Element(img.clone(), url);
    JsFuture::from(img.decode())
        .await
        .map_err(|_| ImageError::Unreadable)?;
    Ok(source)
}

/// A monotonic clock (`performance.now()`), so a changed or pinned wall clock cannot skew the
/// measured time.
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// `canvas.toBlob('image/jpeg', quality)` as a future.
async fn to_jpeg(canvas: &web_sys::HtmlCanvasElement, quality: f64) -> Option<web_sys::Blob> {
    let mut started = true;
    let promise = js_sys::Promise::new(&mut |resolve: js_sys::Function, _reject| {
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        started = canvas
            .to_blob_with_type_and_encoder_options(
                done.unchecked_ref(),
                "image/jpeg",
                &JsValue::from_f64(quality),
            )
            .is_ok();
    });
    if !started {
        return None;
    }
    JsFuture::from(promise).await.ok()?.dyn_into().ok()
}

/// Shrinks `file` to at most `options.max_edge` px on its long edge and `options.max_bytes`,
/// as an EXIF-free JPEG.
pub async fn shrink(file: &web_sys::Blob, options: ShrinkOptions) -> Result<Shrunk, ImageError> {
    let started = now_ms();
    let source = decode(file).await?;
    let (sw, sh) = source.size();
    if sw == 0 || sh == 0 {
        return Err(ImageError::Unreadable);
    }
    let canvas: web_sys::HtmlCanvasElement = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("canvas").ok())
        .and_then(|c| c.dyn_into().ok())
        .ok_or(ImageError::NoCanvas)?;
    let mut edge = options.max_edge;
    loop {
        let (w, h) = fit(sw, sh, edge);
        canvas.set_width(w);
        canvas.set_height(h);
        let ctx: web_sys::CanvasRenderingContext2d = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into().ok())
            .ok_or(ImageError::NoCanvas)?;
        // Not in web-sys's stable API; the default "low" smoothing turns fine detail into moiré.
        let _ = js_sys::Reflect::set(&ctx, &"imageSmoothingQuality".into(), &"high".into());
        if !source.draw(&ctx, w, h) {
            return Err(ImageError::Unreadable);
        }
        for q in QUALITIES {
            let blob = to_jpeg(&canvas, q).await.ok_or(ImageError::Encode)?;
            let bytes = blob.size() as u32;
            if bytes <= options.max_bytes {
                return Ok(Shrunk {
                    blob,
                    width: w,
                    height: h,
                    bytes,
                    millis: (now_ms() - started).max(0.0) as u32,
                });
            }
        }
        edge = smaller_edge(edge).ok_or(ImageError::TooLarge)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_keeps_the_aspect_and_never_enlarges() {
        let cases = [
            // 12 MP landscape and portrait camera photos.
            ((4000, 3000), 1600, (1600, 1200)),
            ((3000, 4000), 1600, (1200, 1600)),
            ((4000, 3000), 1024, (1024, 768)),
            // Already small enough: untouched.
            ((1280, 720), 1600, (1280, 720)),
            ((1600, 1600), 1600, (1600, 1600)),
            // Panoramas keep a visible short edge.
            ((12000, 2000), 1600, (1600, 267)),
            ((100_000, 10), 1600, (1600, 1)),
            // Degenerate sizes never produce a zero-sized canvas.
            ((0, 0), 1600, (1, 1)),
        ];
        for ((w, h), edge, want) in cases {
            assert_eq!(fit(w, h, edge), want, "{w}x{h} within {edge}");
        }
    }

    #[test]
    fn qualities_step_down_from_085_to_05() {
        assert_eq!(QUALITIES.first(), Some(&0.85));
        assert_eq!(QUALITIES.last(), Some(&0.5));
        assert!(QUALITIES.windows(2).all(|w| w[0] > w[1]));
    }

    #[test]
    fn smaller_edges_stop_at_the_minimum() {
        let mut edges = vec![1600];
        while let Some(e) = smaller_edge(*edges.last().unwrap()) {
            edges.push(e);
        }
        assert_eq!(edges, [1600, 1200, 900, 675, 506]);
        assert_eq!(smaller_edge(MIN_EDGE), None);
    }
}
