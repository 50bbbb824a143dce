//! The content's images (`![alt](images/rabat.jpg)` next to the Markdown): found, measured and
//! fingerprinted while pages render, so that each `<img>` carries its size (no layout shift) and
//! a URL that can be cached forever (`/assets/rabat.1a2b3c4d5e.jpg`).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use oim_site::markdown::{Image, ImageSource};

use crate::fingerprint;

/// An image of the content, ready to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundImage {
    pub image: Image,
    /// The file under `content/`.
    pub file: PathBuf,
}

/// Looks images up under the content folder, once each.
pub struct ImageStore {
    root: PathBuf,
    seen: RefCell<BTreeMap<String, Result<FoundImage, String>>>,
}

impl ImageStore {
    pub fn new(content_dir: &Path) -> Self {
        ImageStore {
            root: content_dir.to_path_buf(),
            seen: RefCell::default(),
        }
    }

    /// The image at `src` (its path under `content/`), or what is wrong with it, said for an
    /// author.
    pub fn lookup(&self, src: &str) -> Result<FoundImage, String> {
        if let Some(known) = self.seen.borrow().get(src) {
            return known.clone();
        }
        let found = self.measure(src);
        self.seen
            .borrow_mut()
            .insert(src.to_string(), found.clone());
        found
    }

    fn measure(&self, src: &str) -> Result<FoundImage, String> {
        if src.is_empty() {
            return Err("an image must be a file under content/, not a web address".into());
        }
        let file = self.root.join(src);
        let bytes = std::fs::read(&file).map_err(|_| {
            format!("image `content/{src}` not found: check the file name, or put the file there")
        })?;
        let kind = imagesize::image_type(&bytes).ok();
        if !matches!(
            kind,
            Some(imagesize::ImageType::Png | imagesize::ImageType::Jpeg)
        ) {
            return Err(format!(
                "`{src}` is not a PNG or JPEG image: save it as .jpg or .png"
            ));
        }
        let size = imagesize::blob_size(&bytes)
            .ok()
            .filter(|s| s.width > 0 && s.height > 0)
            .ok_or_else(|| {
                format!("the size of `{src}` cannot be read: save it again as .jpg or .png")
            })?;
        let name = src.rsplit('/').next().unwrap_or(src);
        Ok(FoundImage {
            image: Image {
                src: src.to_string().into(),
                url: fingerprint::url(name, &bytes).into(),
                width: u32::try_from(size.width).unwrap_or(u32::MAX),
                height: u32::try_from(size.height).unwrap_or(u32::MAX),
            },
            file,
        })
    }

    /// Every image found so far, by path.
    pub fn found(&self) -> Vec<FoundImage> {
        self.seen
            .borrow()
            .values()
            .filter_map(|f| f.as_ref().ok().cloned())
            .collect()
    }
}

impl ImageSource for ImageStore {
    fn image(&self, src: &str) -> Option<Image> {
        self.lookup(src).ok().map(|f| f.image)
    }
}
