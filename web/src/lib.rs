//! # tinygen-web
//!
//! tinygen in the browser: a thin [`wasm_bindgen`] layer over the core, which the page in
//! `web/www` drives from a Web Worker. Each session trains with the core's own code and the
//! random streams of [`tinygen::models::jobs::Streams`], one epoch per call, so after `E`
//! epochs a session prints exactly the bytes the host's `tinygen` prints for the same seed and
//! settings (`web/test.sh` checks it in headless Chromium).
//!
//! - [`GanSession`]: the GAN of `tinygen gan`, with single D and G steps for slow motion;
//! - [`NceSession`]: the NCE sampler of the main job (`tinygen -n 100`);
//! - [`ReluSession`]: the ReLU-vs-ELU classifier of `tinygen relu`, unit by unit.
//!
//! Everything also compiles and is tested on the host; only the JavaScript glue needs wasm.
//! Errors cross to JavaScript as strings (a thrown string), so the page can show them.

mod gan;
mod lines;
mod nce;
mod plane;
mod relu;
mod settings;

pub use gan::GanSession;
pub use nce::NceSession;
pub use relu::ReluSession;
