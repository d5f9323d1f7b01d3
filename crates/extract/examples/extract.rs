//! Print what extraction finds in a file: `cargo run -p newsdesk-extract --example extract -- page.html [url]`.
//! `.html`/`.htm` files go through the HTML path, anything else through the plain-text path.

use newsdesk_extract::{decode_html_bytes, extract_article};
use newsdesk_model::{Body, Document, Hints};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: extract <file> [url]");
        return;
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            return;
        }
    };
    let body = if path.ends_with(".html") || path.ends_with(".htm") {
        Body::Html(decode_html_bytes(&bytes, None))
    } else {
        Body::Text(String::from_utf8_lossy(&bytes).into_owned())
    };
    let hints = Hints { url: args.get(1).cloned(), ..Hints::default() };
    let outcome = extract_article(&Document { origin: path.clone(), body, hints });
    println!("{:#?}", outcome.diagnostics);
    match outcome.article {
        Some(a) => {
            println!(
                "title: {}\nbyline: {:?}\npublished: {:?}\nlanguage: {:?}\nsite: {:?}",
                a.title, a.byline, a.published, a.language, a.site_name
            );
            println!(
                "url: {:?}\nimage: {:?}\ntruncated: {}\n---\n{}",
                a.canonical_url, a.image, a.truncated, a.text
            );
        }
        None => println!("no article"),
    }
}
