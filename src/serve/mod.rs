//! `huizong serve`: the clerk's own page, on this computer only.
//!
//! A small HTTP server on 127.0.0.1 (axum on tokio) that serves one page and
//! the API it uses: check a plan, merge returns, make forms, download what was
//! made. Every answer is made by the same library calls and pure renderers as
//! the CLI's. Nothing is sent anywhere; nothing is kept after the process ends.
//!
//! Safe by construction, each rule in one place:
//! - [`guard`]: the Host must be ours (DNS rebinding: 421), a present Origin
//!   must be the page's own (403), the token must be given (403), a body over
//!   the limit is refused before it is read (413);
//! - [`upload`]: uploads are kept under names of ours in a folder of the
//!   request's own, removed when it is answered; malformed multipart is 400;
//! - [`store`]: downloads live in the server's temporary folder until the
//!   process ends (Ctrl-C removes the folder, see [`crate::output::abandon`]).

mod api;
mod guard;
mod page;
mod store;
mod upload;
mod wire;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

/// What the server is started with.
#[derive(Debug, Clone)]
pub struct Config {
    /// The port on 127.0.0.1 (0: any free port).
    pub port: u16,
    /// The largest request accepted, in bytes; a larger upload gets 413.
    pub max_upload: u64,
}

/// A server listening on 127.0.0.1, not yet answering: its address is known
/// (to print and to open in the browser) before [`Server::run`].
pub struct Server {
    listener: TcpListener,
    state: Arc<State>,
}

/// What every request shares.
#[derive(Debug)]
struct State {
    /// The secret every request must carry.
    token: String,
    /// The port we listen on (the Host and Origin must name it).
    port: u16,
    /// The upload limit, in bytes.
    max_upload: u64,
    /// The server's temporary folder: requests' uploads and the downloads.
    dir: PathBuf,
    /// The downloads made so far.
    store: store::Store,
    /// Requests received, to name their folders.
    requests: AtomicU64,
}

impl Drop for State {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Server {
    /// Listen on 127.0.0.1 at `config.port`, with a fresh random token and a
    /// fresh temporary folder, which Ctrl-C removes.
    pub fn bind(config: &Config) -> std::io::Result<Server> {
        let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, config.port)))?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let dir = std::env::temp_dir().join(format!("huizong-serve-{}", random_hex(8)?));
        make_private_dir(&dir)?;
        crate::output::remove_on_abandon(&dir);
        let downloads = dir.join("downloads");
        std::fs::create_dir(&downloads)?;
        let state = State {
            token: random_hex(16)?,
            port,
            max_upload: config.max_upload,
            store: store::Store::new(&downloads),
            dir,
            requests: AtomicU64::new(0),
        };
        Ok(Server {
            listener,
            state: Arc::new(state),
        })
    }

    /// The page's address with its token: `http://127.0.0.1:PORT/?token=TOKEN`.
    pub fn address(&self) -> String {
        format!(
            "http://127.0.0.1:{}/?token={}",
            self.state.port, self.state.token
        )
    }

    /// The temporary folder holding uploads (while a request runs) and downloads.
    pub fn folder(&self) -> &Path {
        &self.state.dir
    }

    /// Answer requests until the process ends.
    pub fn run(self) -> std::io::Result<()> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?;
        let router = router(self.state.clone());
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(self.listener)?;
            axum::serve(listener, router).await
        })
    }
}

/// The routes, behind the guard; the body limit applies to every upload.
fn router(state: Arc<State>) -> Router {
    let limit = usize::try_from(state.max_upload).unwrap_or(usize::MAX);
    Router::new()
        .route("/", get(api::page))
        .route("/api/check", post(api::check))
        .route("/api/merge", post(api::merge))
        .route("/api/template", post(api::template))
        .route("/download/{id}/{name}", get(api::download))
        .fallback(api::not_found)
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::guard,
        ))
        .with_state(state)
}

/// `bytes` random bytes from the operating system, as lowercase hex.
fn random_hex(bytes: usize) -> std::io::Result<String> {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(buffer.iter().map(|b| format!("{b:02x}")).collect())
}

/// A new folder only this user may open (where the system has such modes).
fn make_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}
