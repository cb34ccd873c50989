//! Photos attached to reports (our extension: multipart `media` parts). Each part is streamed to disk with
//! a running byte count, so an oversized upload is refused (413) after at most [`MAX_MEDIA`] bytes instead
//! of being held in memory; the type comes from the first bytes, never from the file name.
use std::path::{Path, PathBuf};

use axum::extract::multipart::{Field, MultipartError};
use axum::extract::{Multipart, Path as UrlPath, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use tokio::io::AsyncWriteExt;

use super::error::Open311Error;
use super::MAX_FORM;
use crate::AppState;

/// Largest photo, in bytes.
pub const MAX_MEDIA: usize = 10 * 1024 * 1024;

/// Most `media` parts in one report.
pub const MAX_PARTS: usize = 3;

/// Largest whole `POST requests.json` body: three photos plus the form fields and part headers.
pub const MAX_UPLOAD: usize = MAX_PARTS * MAX_MEDIA + 1024 * 1024;

/// The image types accepted, recognised by their magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageType {
    /// `FF D8 FF`.
    Jpeg,
    /// `89 50 4E 47 0D 0A 1A 0A`.
    Png,
    /// `RIFF....WEBP`.
    Webp,
}

impl ImageType {
    /// Recognises the start of a file (needs 12 bytes for WebP).
    pub fn sniff(head: &[u8]) -> Option<Self> {
        if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
            Some(Self::Webp)
        } else {
            None
        }
    }
    /// File name extension.
    pub fn ext(self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::Webp => "webp",
        }
    }
    /// `Content-Type`.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
        }
    }
    fn from_ext(ext: &str) -> Option<Self> {
        [Self::Jpeg, Self::Png, Self::Webp]
            .into_iter()
            .find(|t| t.ext() == ext)
    }
}

/// A random file name such as `3f…9a.jpg` (128 bits: unguessable, so photos are not enumerable).
fn random_name(t: ImageType) -> Result<String, Open311Error> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(Open311Error::internal)?;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    Ok(format!("{hex}.{}", t.ext()))
}

/// Files written for a report that is not yet stored: removed on drop unless [`MediaGuard::keep`] is
/// called, so a refused or replayed request leaves nothing behind, whatever the error path.
#[derive(Default)]
pub struct MediaGuard {
    paths: Vec<PathBuf>,
}

impl MediaGuard {
    /// The stored file names, in upload order.
    pub fn names(&self) -> Vec<String> {
        self.paths
            .iter()
            .filter_map(|p| p.file_name()?.to_str().map(str::to_string))
            .collect()
    }
    /// The report was committed: keep the files.
    pub fn keep(mut self) {
        self.paths.clear();
    }
}

impl Drop for MediaGuard {
    fn drop(&mut self) {
        for p in &self.paths {
            let _ = std::fs::remove_file(p);
        }
    }
}

fn multipart_error(e: MultipartError) -> Open311Error {
    Open311Error::new(e.status(), format!("multipart body: {}", e.body_text()))
}

/// Streams one `media` part to a new file in `dir`; `None` for an empty part (no file chosen).
async fn store_part(
    mut field: Field<'_>,
    dir: &Path,
    guard: &mut MediaGuard,
) -> Result<(), Open311Error> {
    let mut head = Vec::with_capacity(16);
    while head.len() < 12 {
        match field.chunk().await.map_err(multipart_error)? {
            Some(c) => head.extend_from_slice(&c),
            None => break,
        }
    }
    if head.is_empty() {
        return Ok(());
    }
    let kind = ImageType::sniff(&head).ok_or_else(|| {
        Open311Error::unsupported("media: only JPEG, PNG and WebP photos are accepted")
    })?;
    let path = dir.join(random_name(kind)?);
    let mut file = tokio::fs::File::create(&path).await?;
    guard.paths.push(path);
    let too_large = || {
        Open311Error::too_large(format!(
            "media: a photo may be at most {} MB",
            MAX_MEDIA / (1024 * 1024)
        ))
    };
    // The first chunk may already be large: the parser hands over whatever the client has sent so far.
    let mut written = head.len();
    if written > MAX_MEDIA {
        return Err(too_large());
    }
    file.write_all(&head).await?;
    while let Some(c) = field.chunk().await.map_err(multipart_error)? {
        written += c.len();
        if written > MAX_MEDIA {
            return Err(too_large());
        }
        file.write_all(&c).await?;
    }
    // On disk before the report that names it is committed.
    file.sync_all().await?;
    Ok(())
}

/// Reads a multipart body: text fields (at most [`MAX_FORM`] bytes together) and up to [`MAX_PARTS`]
/// photos, which are written to `dir` under `guard`.
pub async fn read_multipart(
    mut mp: Multipart,
    dir: &Path,
    guard: &mut MediaGuard,
) -> Result<Vec<(String, String)>, Open311Error> {
    let mut fields = Vec::new();
    let mut text_bytes = 0usize;
    let mut parts = 0usize;
    while let Some(mut field) = mp.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or("").to_string();
        if name == "media" {
            parts += 1;
            if parts > MAX_PARTS {
                return Err(Open311Error::bad_request(format!(
                    "media: at most {MAX_PARTS} photos per report"
                )));
            }
            store_part(field, dir, guard).await?;
            continue;
        }
        let mut value = Vec::new();
        while let Some(c) = field.chunk().await.map_err(multipart_error)? {
            text_bytes += c.len();
            if text_bytes > MAX_FORM {
                return Err(Open311Error::too_large(format!(
                    "the form fields may be at most {} KiB",
                    MAX_FORM / 1024
                )));
            }
            value.extend_from_slice(&c);
        }
        let value = String::from_utf8(value)
            .map_err(|_| Open311Error::bad_request(format!("{name}: not UTF-8 text")))?;
        fields.push((name, value));
    }
    Ok(fields)
}

/// `GET /open311/v2/media/{name}`: a stored photo with its sniffed type; names are checked strictly
/// (32 hex digits and a known extension), so no path can leave the media directory.
pub async fn serve(
    State(state): State<AppState>,
    UrlPath(name): UrlPath<String>,
) -> Result<Response, Open311Error> {
    let not_found = || Open311Error::not_found("no such media");
    let (stem, ext) = name.split_once('.').ok_or_else(not_found)?;
    let valid = stem.len() == 32 && stem.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if !valid || ImageType::from_ext(ext).is_none() {
        return Err(not_found());
    }
    let bytes = match tokio::fs::read(state.open311.media_dir.join(&name)).await {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(not_found()),
        Err(e) => return Err(e.into()),
    };
    let kind = ImageType::sniff(&bytes).ok_or_else(not_found)?;
    Ok((
        [
            (header::CONTENT_TYPE, kind.mime()),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_by_magic_bytes() {
        let cases: [(&[u8], Option<ImageType>); 6] = [
            (&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], Some(ImageType::Jpeg)),
            (b"\x89PNG\r\n\x1a\n\0\0\0\x0d", Some(ImageType::Png)),
            (b"RIFF\x24\0\0\0WEBPVP8 ", Some(ImageType::Webp)),
            (b"RIFF\x24\0\0\0WAVEfmt ", None),
            (b"GIF89a......", None),
            (b"hello world, not an image", None),
        ];
        for (bytes, want) in cases {
            assert_eq!(ImageType::sniff(bytes), want, "{bytes:?}");
        }
    }
}
