//! The chat's safe Markdown subset, rendered on the server: paragraphs, emphasis, strong,
//! inline code and code blocks, lists, quotes, line breaks, links to `http`, `https` and
//! `mailto` only (with `rel="noopener noreferrer nofollow"`), and member mentions.
//!
//! Two walls, so one mistake is not a hole: the CommonMark events are filtered first (raw
//! HTML dropped, images reduced to their alt text, headings to paragraphs, links with other
//! schemes to their text), then ammonia cleans the HTML against the allowlist. A client
//! inserts only this HTML, never the source.

use ammonia::{Builder, UrlRelative};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};

/// The `rel` of every link.
pub const LINK_REL: &str = "noopener noreferrer nofollow";

/// What a link in the source became.
enum LinkFate {
    Kept,
    Mention,
    Dropped,
}

/// `text` rendered as the safe subset; `is_member` decides which mentions become mentions.
pub fn render(text: &str, is_member: impl Fn(&str) -> bool) -> String {
    let mut links: Vec<LinkFate> = Vec::new();
    let events = Parser::new_ext(text, Options::empty()).filter_map(|event| match event {
        Event::Html(_) | Event::InlineHtml(_) => None,
        Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => None,
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Heading { .. }) => Some(Event::Start(Tag::Paragraph)),
        Event::End(TagEnd::Heading(_)) => Some(Event::End(TagEnd::Paragraph)),
        Event::Start(Tag::Link { dest_url, .. }) => {
            let (fate, event) = link_start(&dest_url, &is_member);
            links.push(fate);
            event
        }
        Event::End(TagEnd::Link) => match links.pop() {
            Some(LinkFate::Kept) => Some(Event::End(TagEnd::Link)),
            Some(LinkFate::Mention) => Some(Event::Html(CowStr::Borrowed("</span>"))),
            _ => None,
        },
        other => Some(other),
    });
    let mut html = String::with_capacity(text.len() * 5 / 4 + 16);
    pulldown_cmark::html::push_html(&mut html, events);
    sanitizer().clean(&html).to_string()
}

/// A link's opening: kept (allowed scheme), a mention span (`user:<member id>`), or dropped
/// (its text stays as text).
fn link_start(dest: &str, is_member: &impl Fn(&str) -> bool) -> (LinkFate, Option<Event<'static>>) {
    if let Some(id) = dest.strip_prefix("user:") {
        return if is_member(id) {
            (
                LinkFate::Mention,
                Some(Event::Html(CowStr::Borrowed("<span class=\"mention\">"))),
            )
        } else {
            (LinkFate::Dropped, None)
        };
    }
    let lower = dest.trim().to_ascii_lowercase();
    if ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
    {
        let tag = Tag::Link {
            link_type: pulldown_cmark::LinkType::Inline,
            dest_url: CowStr::from(dest.to_owned()),
            title: CowStr::Borrowed(""),
            id: CowStr::Borrowed(""),
        };
        (LinkFate::Kept, Some(Event::Start(tag)))
    } else {
        (LinkFate::Dropped, None)
    }
}

/// The allowlist: only the subset's tags, `href` on links (absolute, three schemes), `start`
/// on ordered lists, the `mention` class on spans; script and style contents removed whole.
fn sanitizer() -> Builder<'static> {
    let mut builder = Builder::empty();
    builder
        .tags(HashSet::from([
            "p",
            "em",
            "strong",
            "code",
            "pre",
            "ul",
            "ol",
            "li",
            "blockquote",
            "a",
            "br",
            "span",
        ]))
        .clean_content_tags(HashSet::from(["script", "style"]))
        .tag_attributes(HashMap::from([
            ("a", HashSet::from(["href"])),
            ("ol", HashSet::from(["start"])),
        ]))
        .allowed_classes(HashMap::from([("span", HashSet::from(["mention"]))]))
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .url_relative(UrlRelative::Deny)
        .link_rel(Some(LINK_REL));
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(id: &str) -> bool {
        ["a1", "b2"].contains(&id)
    }

    #[test]
    fn the_subset_renders() {
        let cases = [
            ("*em* **strong** `code`", "<p><em>em</em> <strong>strong</strong> <code>code</code></p>\n"),
            ("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"),
            ("3. c", "<ol start=\"3\">\n<li>c</li>\n</ol>\n"),
            ("> cytat", "<blockquote>\n<p>cytat</p>\n</blockquote>\n"),
            ("```\nlet x = 1 < 2;\n```", "<pre><code>let x = 1 &lt; 2;\n</code></pre>\n"),
            ("```rust\nfn f() {}\n```", "<pre><code>fn f() {}\n</code></pre>\n"),
            ("# Nagłówek", "<p>Nagłówek</p>\n"),
            ("linia  \nnowa", "<p>linia<br>\nnowa</p>\n"),
            (
                "[BIP](https://bip.example/uchwala?a=1&b=2)",
                "<p><a href=\"https://bip.example/uchwala?a=1&amp;b=2\" rel=\"noopener noreferrer nofollow\">BIP</a></p>\n",
            ),
            (
                "<mailto:rada@example.pl>",
                "<p><a href=\"mailto:rada@example.pl\" rel=\"noopener noreferrer nofollow\">mailto:rada@example.pl</a></p>\n",
            ),
            (
                "Do @[Anna Nowak](user:a1) i @[Obcy](user:zz)",
                "<p>Do @<span class=\"mention\">Anna Nowak</span> i @Obcy</p>\n",
            ),
        ];
        for (source, expected) in cases {
            assert_eq!(render(source, members), expected, "{source:?}");
        }
    }

    /// Every payload must come out inert: no tag but the allowlist's, no event handler, no
    /// script URL, no style — whatever the text, the HTML is safe to insert.
    #[test]
    fn script_and_html_payloads_come_out_inert() {
        let payloads = [
            "<script>alert(1)</script>",
            "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
            "tekst <img src=x onerror=alert(1)> dalej",
            "<svg/onload=alert(1)>",
            "<iframe src=\"javascript:alert(1)\"></iframe>",
            "[klik](javascript:alert(1))",
            "[klik](JaVaScRiPt:alert(1))",
            "[klik](  javascript:alert(1))",
            "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "[klik](vbscript:msgbox(1))",
            "[rel](/api/chat/conversations)",
            "![x](javascript:alert(1))",
            "![x\" onerror=\"alert(1)](https://x.example/a.png)",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<p style=\"background:url(javascript:alert(1))\">x</p>",
            "<div onclick=alert(1)>x</div>",
            "<style>body{display:none}</style>",
            "[x](https://ok.example \"t\" onmouseover=alert(1))",
            "<<script>script>alert(1)<</script>/script>",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "`<script>alert(1)</script>`",
            "    <script>alert(1)</script>",
            "@[<img src=x onerror=alert(1)>](user:a1)",
            "[a](user:a1\" onclick=\"alert(1))",
            "<details open ontoggle=alert(1)>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        ];
        for payload in payloads {
            let html = render(payload, members);
            for (tag, attributes) in tags(&html) {
                assert!(
                    ALLOWED_TAGS.contains(&tag.as_str()),
                    "{payload:?} → {html:?}: <{tag}>"
                );
                for (name, value) in attributes {
                    let ok = match name.as_str() {
                        "href" => ["http://", "https://", "mailto:"]
                            .iter()
                            .any(|s| value.to_ascii_lowercase().starts_with(s)),
                        "rel" => value == LINK_REL,
                        "start" => value.bytes().all(|b| b.is_ascii_digit()),
                        "class" => value == "mention",
                        _ => false,
                    };
                    assert!(ok, "{payload:?} → {html:?}: {name}={value:?}");
                }
            }
        }
    }

    const ALLOWED_TAGS: [&str; 12] = [
        "p",
        "em",
        "strong",
        "code",
        "pre",
        "ul",
        "ol",
        "li",
        "blockquote",
        "a",
        "br",
        "span",
    ];

    /// Every tag of `html` (ammonia escapes every other `<`) with its attributes.
    fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
        html.split('<')
            .skip(1)
            .map(|rest| {
                let inside = rest.split('>').next().unwrap_or("");
                let inside = inside.trim_start_matches('/');
                let name: String = inside
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                let mut attributes = Vec::new();
                let mut rest = inside[name.len()..].trim();
                while let Some((attr, after)) = rest.split_once("=\"") {
                    let (value, after) = after.split_once('"').unwrap_or((after, ""));
                    attributes.push((attr.trim().to_owned(), value.to_owned()));
                    rest = after.trim();
                }
                assert!(
                    rest.is_empty() || rest == "/",
                    "unquoted attribute in <{inside}>"
                );
                (name.to_ascii_lowercase(), attributes)
            })
            .collect()
    }
}
