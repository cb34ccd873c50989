//! The optional photo step: up to three photos from the camera or the gallery, each shrunk on
//! the phone (`platform::image`) as soon as it is picked, shown as a thumbnail with its size and
//! a remove button, and the total the upload will cost.
//!
//! Two buttons, because `capture` on a file input forces the camera on many phones: one input
//! with it ("take photo"), one without ("choose from gallery", several at once).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::modes::use_modes;
use crate::i18n::{report_format, use_i18n, Key};
use crate::platform::files;
use crate::platform::image::{self, ShrinkOptions};
use crate::state::outbox::{PhotoInfo, MAX_PHOTOS};

/// What the file inputs accept: what the server takes, and what every browser can decode.
const ACCEPT: &str = "image/jpeg,image/png,image/webp";

/// A photo ready to send.
#[derive(Debug, Clone)]
pub struct PickedPhoto {
    /// The shrunk JPEG.
    pub blob: web_sys::Blob,
    /// An object URL of `blob` for the thumbnail; revoked when the photo is removed.
    pub url: String,
    /// Its size facts.
    pub info: PhotoInfo,
    /// How long shrinking it took on this phone (ms; 0 for a stored photo), shown to tests as
    /// `data-ms`: the figure that says whether older phones cope.
    pub millis: u32,
}

impl PickedPhoto {
    /// A photo from a stored Blob (an outbox entry taken back into the form).
    pub fn from_blob(blob: web_sys::Blob, info: PhotoInfo) -> Self {
        let url = files::object_url(&blob);
        Self {
            blob,
            url,
            info,
            millis: 0,
        }
    }

    /// Frees the thumbnail's object URL.
    pub fn release(&self) {
        files::revoke_object_url(&self.url);
    }
}

/// The photos of the form, kept in memory (Blobs are not `Send`, hence local).
pub type Photos = RwSignal<Vec<PickedPhoto>, LocalStorage>;

/// Total bytes of `photos`.
pub fn total_bytes(photos: &[PickedPhoto]) -> u64 {
    photos.iter().map(|p| u64::from(p.info.bytes)).sum()
}

/// The photo step.
#[component]
pub fn PhotoStep(
    /// The form's photos.
    photos: Photos,
    /// How many photos are being shrunk right now (the send button waits for them).
    preparing: RwSignal<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    let modes = use_modes();
    let unreadable = RwSignal::new(false);
    let on_files = move |ev: leptos::ev::Event| {
        // Lite mode sends smaller photos: fewer bytes on a slow or costly connection.
        let lite = modes.lite_untracked();
        let room =
            MAX_PHOTOS.saturating_sub(photos.with_untracked(Vec::len) + preparing.get_untracked());
        unreadable.set(false);
        for file in files::take_picked(&ev).into_iter().take(room) {
            preparing.update(|n| *n += 1);
            spawn_local(async move {
                let options = if lite {
                    ShrinkOptions::LITE
                } else {
                    ShrinkOptions::STANDARD
                };
                match image::shrink(&file, options).await {
                    Ok(s) => {
                        let info = PhotoInfo {
                            bytes: s.bytes,
                            width: s.width,
                            height: s.height,
                        };
                        let mut photo = PickedPhoto::from_blob(s.blob, info);
                        photo.millis = s.millis;
                        photos.try_update(|list| list.push(photo));
                    }
                    Err(_) => {
                        unreadable.try_set(true);
                    }
                }
                preparing.try_update(|n| *n = n.saturating_sub(1));
            });
        }
    };
    let remove = move |index: usize| {
        photos.update(|list| {
            if index < list.len() {
                list.remove(index).release();
            }
        });
    };
    let full = move || photos.with(Vec::len) + preparing.get() >= MAX_PHOTOS;
    let thumbnails = move || {
        let lang = i18n.lang();
        photos.with(|list| {
            list.iter()
                .enumerate()
                .map(|(i, p)| {
                    view! {
                        <li class="photo" data-testid="report-photo" data-bytes=p.info.bytes data-ms=p.millis>
                            <img src=p.url.clone() alt=report_format::photo_alt(lang, i + 1)
                                width=p.info.width height=p.info.height />
                            <span class="photo-size">{report_format::size(u64::from(p.info.bytes))}</span>
                            <button type="button" class="photo-remove" aria-label=report_format::remove_photo(lang, i + 1)
                                on:click=move |_| remove(i)>"×"</button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let total = move || photos.with(|l| total_bytes(l));
    let status = move || {
        if unreadable.get() {
            i18n.t(Key::PhotoUnreadable)
        } else if preparing.get() > 0 {
            i18n.t(Key::PhotoPreparing)
        } else if full() {
            i18n.t(Key::PhotosFull)
        } else {
            ""
        }
    };
    view! {
        <fieldset class="step photos" data-testid="report-photos">
            <legend>{i18n.text(Key::StepPhotos)}</legend>
            <p class="field-hint">{i18n.text(Key::PhotosHint)}</p>
            <ul class="photo-list">{thumbnails}</ul>
            <Show when=move || photos.with(|l| !l.is_empty())>
                <p class="photo-total" data-testid="report-upload-size" data-bytes=total>
                    {move || report_format::upload_size(i18n.lang(), total())}
                </p>
            </Show>
            <div class="photo-buttons" class:photo-buttons-full=full>
                <label class="button button-secondary photo-pick">
                    <input type="file" class="visually-hidden" accept=ACCEPT capture="environment"
                        data-testid="report-photo-camera" disabled=full on:change=on_files />
                    {i18n.text(Key::TakePhoto)}
                </label>
                <label class="button button-secondary photo-pick">
                    <input type="file" class="visually-hidden" accept=ACCEPT multiple
                        data-testid="report-photo-input" disabled=full on:change=on_files />
                    {i18n.text(Key::ChoosePhoto)}
                </label>
            </div>
            <p class="status-text photo-status" role="status" aria-live="polite">{status}</p>
        </fieldset>
    }
}
