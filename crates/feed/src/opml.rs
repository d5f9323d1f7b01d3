//! OPML 2.0 subscription lists: read (nested folders become a `/`-joined category) and write (one folder
//! outline per category), so import → export → import gives the same feeds, titles and categories.

use quick_xml::Reader;
use quick_xml::escape::escape;
use quick_xml::events::{BytesStart, Event};

/// One subscription in an OPML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpmlFeed {
    pub title: String,
    pub xml_url: String,
    pub html_url: Option<String>,
    pub category: Option<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("not a readable OPML file: {0}")]
pub struct OpmlError(String);

/// Read every outline that has an `xmlUrl`.
pub fn parse_opml(text: &str) -> Result<Vec<OpmlFeed>, OpmlError> {
    let mut reader = Reader::from_str(text);
    let mut folders: Vec<Option<String>> = Vec::new();
    let mut feeds = Vec::new();
    let mut saw_opml = false;
    loop {
        match reader.read_event().map_err(|e| OpmlError(e.to_string()))? {
            Event::Start(e) if e.local_name().as_ref() == "opml" => saw_opml = true,
            Event::Empty(e) if e.local_name().as_ref() == "opml" => saw_opml = true,
            Event::Start(e) if e.local_name().as_ref() == "outline" => {
                let outline = Outline::read(&e);
                match outline.to_feed(&folders) {
                    Some(feed) => {
                        feeds.push(feed);
                        folders.push(None);
                    }
                    None => folders.push(Some(outline_label(&e))),
                }
            }
            Event::Empty(e) if e.local_name().as_ref() == "outline" => {
                feeds.extend(Outline::read(&e).to_feed(&folders));
            }
            Event::End(e) if e.local_name().as_ref() == "outline" => {
                folders.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_opml {
        return Err(OpmlError("no <opml> element".into()));
    }
    Ok(feeds)
}

struct Outline {
    text: Option<String>,
    title: Option<String>,
    xml_url: Option<String>,
    html_url: Option<String>,
    category: Option<String>,
}

impl Outline {
    fn read(e: &BytesStart<'_>) -> Outline {
        let mut o = Outline { text: None, title: None, xml_url: None, html_url: None, category: None };
        for attr in e.attributes().flatten() {
            let Ok(value) = attr.normalized_value(quick_xml::XmlVersion::Implicit1_0) else { continue };
            let value = value.trim().to_string();
            if value.is_empty() {
                continue;
            }
            let name = attr.key.local_name();
            let key: &str = name.as_ref();
            match key {
                "text" => o.text = Some(value),
                "title" => o.title = Some(value),
                "xmlUrl" | "xmlurl" => o.xml_url = Some(value),
                "htmlUrl" | "htmlurl" => o.html_url = Some(value),
                "category" => o.category = Some(value),
                _ => {}
            }
        }
        o
    }

    fn to_feed(&self, folders: &[Option<String>]) -> Option<OpmlFeed> {
        let xml_url = self.xml_url.clone()?;
        let path: Vec<&str> = folders.iter().flatten().map(String::as_str).collect();
        // Folders first; else the first value of OPML 2.0's comma-separated `category` attribute.
        let category = if path.is_empty() {
            self.category
                .as_deref()
                .and_then(|c| c.split(',').next())
                .map(|c| c.trim().trim_start_matches('/').to_string())
        } else {
            Some(path.join("/"))
        };
        Some(OpmlFeed {
            title: self.title.clone().or_else(|| self.text.clone()).unwrap_or_else(|| xml_url.clone()),
            xml_url,
            html_url: self.html_url.clone(),
            category: category.filter(|c| !c.is_empty()),
        })
    }
}

fn outline_label(e: &BytesStart<'_>) -> String {
    let o = Outline::read(e);
    o.text.or(o.title).unwrap_or_default()
}

/// Write an OPML 2.0 document: uncategorized feeds at the top level, then one folder per category.
pub fn write_opml(title: &str, feeds: &[OpmlFeed]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n");
    out.push_str(&format!("  <head>\n    <title>{}</title>\n  </head>\n  <body>\n", escape(title)));
    let mut categories: Vec<&str> = feeds.iter().filter_map(|f| f.category.as_deref()).collect();
    categories.sort_unstable();
    categories.dedup();
    for feed in feeds.iter().filter(|f| f.category.is_none()) {
        out.push_str(&feed_outline(feed, "    "));
    }
    for category in categories {
        out.push_str(&format!("    <outline text=\"{0}\" title=\"{0}\">\n", escape(category)));
        for feed in feeds.iter().filter(|f| f.category.as_deref() == Some(category)) {
            out.push_str(&feed_outline(feed, "      "));
        }
        out.push_str("    </outline>\n");
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

fn feed_outline(feed: &OpmlFeed, indent: &str) -> String {
    let html = feed.html_url.as_deref().map(|h| format!(" htmlUrl=\"{}\"", escape(h))).unwrap_or_default();
    format!(
        "{indent}<outline type=\"rss\" text=\"{0}\" title=\"{0}\" xmlUrl=\"{1}\"{html}/>\n",
        escape(&feed.title),
        escape(&feed.xml_url)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>My feeds</title></head><body>
  <outline text="Loose &amp; free" xmlUrl="https://loose.example/rss?a=1&amp;b=2"/>
  <outline text="World">
    <outline text="Europe">
      <outline type="rss" text="Harbour Times" title="Harbour Times" xmlUrl="https://harbour.example/feed" htmlUrl="https://harbour.example/"/>
    </outline>
    <outline type="rss" text="Wire" xmlUrl="https://wire.example/atom.xml"></outline>
  </outline>
  <outline text="Tagged" xmlUrl="https://tag.example/feed" category="/Tech/Rust,/Other"/>
  <outline text="Folder without feeds"/>
</body></opml>"#;

    #[test]
    fn reads_nested_folders_and_attributes() {
        let feeds = parse_opml(SAMPLE).expect("opml");
        assert_eq!(feeds.len(), 4);
        assert_eq!(feeds[0].title, "Loose & free");
        assert_eq!(feeds[0].xml_url, "https://loose.example/rss?a=1&b=2");
        assert_eq!(feeds[0].category, None);
        assert_eq!(feeds[1].category.as_deref(), Some("World/Europe"));
        assert_eq!(feeds[1].html_url.as_deref(), Some("https://harbour.example/"));
        assert_eq!(feeds[2].category.as_deref(), Some("World"));
        assert_eq!(feeds[3].category.as_deref(), Some("Tech/Rust"));
    }

    #[test]
    fn export_round_trips() {
        let feeds = parse_opml(SAMPLE).expect("opml");
        let written = write_opml("Newsdesk <subscriptions>", &feeds);
        let mut again = parse_opml(&written).expect("own output");
        let mut original = feeds.clone();
        let key = |f: &OpmlFeed| f.xml_url.clone();
        again.sort_by_key(key);
        original.sort_by_key(key);
        assert_eq!(again, original);
        assert_eq!(write_opml("Newsdesk <subscriptions>", &again), written);
    }

    #[test]
    fn not_opml_is_an_error() {
        assert!(parse_opml("<rss><channel/></rss>").is_err());
    }
}
