//! `huizong serve`: the page in the clerk's browser. Also what the program does
//! when started with no arguments at all (a double-click on Windows).

use huizong::error::Error;
use huizong::serve::{Config, Server};

/// The port used unless another is asked for.
pub const DEFAULT_PORT: u16 = 8765;

/// Arguments of `huizong serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 网页在本机 127.0.0.1 上使用的端口（0：任选一个空闲端口）［默认 8765，被占用时任选一个］。
    #[arg(long, value_name = "端口")]
    pub port: Option<u16>,
    /// 不自动打开浏览器（只显示网页地址）。
    #[arg(long)]
    pub no_open: bool,
    /// 一次上传的文件合计最多多少 MB。
    #[arg(long, default_value_t = 200, value_name = "MB")]
    pub max_upload_mb: u64,
}

impl Args {
    /// What a start without arguments (a double-click) means.
    pub fn double_click() -> Args {
        Args {
            port: None,
            no_open: false,
            max_upload_mb: 200,
        }
    }
}

/// Serve until Ctrl-C. The first line on stdout is the page's address.
pub fn run(args: &Args) -> Result<u8, Error> {
    let config = |port| Config {
        port,
        max_upload: args.max_upload_mb.saturating_mul(1024 * 1024),
    };
    let bound = match args.port {
        Some(port) => Server::bind(&config(port)),
        // 8765 taken (another huizong, say): any free port does as well.
        None => Server::bind(&config(DEFAULT_PORT)).or_else(|_| Server::bind(&config(0))),
    };
    let server = bound.map_err(|e| Error::CannotServe {
        address: format!("127.0.0.1:{}", args.port.unwrap_or(DEFAULT_PORT)),
        detail: e.to_string(),
    })?;
    let address = server.address();
    println!("{address}");
    eprintln!(
        "huizong: 汇总页面已启动，只在本机可用：{address}\n\
         huizong: 上传的文件暂存在 {}，按 Ctrl-C 或关闭本窗口即停止并全部删除。",
        server.folder().display()
    );
    if !args.no_open && webbrowser::open(&address).is_err() {
        eprintln!("huizong: 无法自动打开浏览器，请把上面的地址复制到浏览器中打开。");
    }
    server.run().map_err(|e| Error::CannotServe {
        address,
        detail: e.to_string(),
    })?;
    Ok(0)
}
