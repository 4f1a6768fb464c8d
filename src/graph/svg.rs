//! Self-contained SVG and HTML: styles inline, generic font families only, no scripts, no
//! external resources, so a picture opens offline and anywhere.

use super::layout::{LINE_H, Layout, PAD, Rect, TITLE_H, layout};
use super::{Edge, EdgeKind, Line, Network, Node, Status};
use crate::diff::{ChangeKind, Report};
use std::fmt::Write;

const STYLE: &str = r#"
svg.cfn2tf-network { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; background: #fff; }
.frame > rect { fill: #f3f7fc; stroke: #5b7fa6; stroke-width: 1.5; }
.frame > .title { font-weight: bold; font-size: 14px; fill: #23405f; }
.node > rect { stroke-width: 1.3; }
.node .title { font-weight: bold; }
.subnet > rect { fill: #ffffff; stroke: #4a7ab0; }
.subnet.public > rect { fill: #eef8ee; stroke: #3f8f3f; }
.route-table > rect { fill: #fffbea; stroke: #b08a2e; }
.igw > rect, .vgw > rect { fill: #f4eefc; stroke: #7451a8; }
.nat > rect { fill: #fdf0e6; stroke: #c0702a; }
.gateway-endpoint > rect, .interface-endpoint > rect { fill: #e8f6f8; stroke: #2a8a99; }
.peering > rect, .tgw > rect, .target > rect { fill: #f2f2f2; stroke: #666; }
.security-group > rect { fill: #fff4f4; stroke: #b05a5a; stroke-dasharray: 4 2; }
text { fill: #222; }
text.lost { fill: #c62828; text-decoration: line-through; }
text.gained { fill: #2e7d32; }
.node.lost > rect, .frame.lost > rect { stroke: #c62828; stroke-width: 2.5; stroke-dasharray: 6 3; }
.node.gained > rect, .frame.gained > rect { stroke: #2e7d32; stroke-width: 2.5; }
.edge { fill: none; stroke: #555; stroke-width: 1.4; }
.edge.association { stroke: #4a7ab0; }
.edge.placement { stroke-dasharray: 3 3; }
.edge.lost { stroke: #c62828; stroke-width: 2.6; stroke-dasharray: 7 4; }
.edge.gained { stroke: #2e7d32; stroke-width: 2.6; }
"#;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn marker(status: Status) -> &'static str {
    match status {
        Status::Same => "arrow",
        Status::Lost => "arrow-lost",
        Status::Gained => "arrow-gained",
    }
}

fn line_text(l: &Line) -> String {
    match l.status {
        Status::Same => l.text.clone(),
        Status::Lost => format!("− {}", l.text),
        Status::Gained => format!("+ {}", l.text),
    }
}

/// The picture as a standalone SVG document.
pub fn render_svg(net: &Network, title: &str) -> String {
    let lay = layout(net);
    let mut out = String::new();
    let (w, h) = (lay.width.max(200.0), lay.height.max(80.0));
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="cfn2tf-network" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}">"#
    );
    let _ = writeln!(out, "<title>{}</title>", esc(title));
    let _ = writeln!(out, "<style>{STYLE}</style>");
    out.push_str("<defs>");
    for (id, color) in [
        ("arrow", "#555"),
        ("arrow-lost", "#c62828"),
        ("arrow-gained", "#2e7d32"),
    ] {
        let _ = write!(
            out,
            r#"<marker id="{id}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{color}"/></marker>"#
        );
    }
    out.push_str("</defs>\n");
    if net.frames.is_empty() && net.nodes.is_empty() {
        let _ = writeln!(
            out,
            r#"<text x="20" y="40">No network: the input defines no VPC, subnet or route table.</text>"#
        );
    }
    for f in &net.frames {
        let r = lay.frames[&f.id];
        let _ = writeln!(
            out,
            r#"<g class="frame {}" data-id="vpc:{}"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="10"/>"#,
            f.status.class(),
            esc(&f.id),
            r.x,
            r.y,
            r.w,
            r.h
        );
        let _ = writeln!(
            out,
            r#"<text class="title {}" x="{:.1}" y="{:.1}">{}</text>"#,
            f.status.class(),
            r.x + 12.0,
            r.y + 20.0,
            esc(&f.title)
        );
        for (i, l) in f.lines.iter().enumerate() {
            let _ = writeln!(
                out,
                r#"<text class="{}" x="{:.1}" y="{:.1}">{}</text>"#,
                l.status.class(),
                r.x + 12.0,
                r.y + 20.0 + (i + 1) as f64 * LINE_H,
                esc(&line_text(l))
            );
        }
        out.push_str("</g>\n");
    }
    // Arrows under the nodes, so a node is never hidden by a line through it.
    for e in &net.edges {
        if let Some(d) = edge_path(net, &lay, e) {
            let kind = match e.kind {
                EdgeKind::Association => "association",
                EdgeKind::Route => "route",
                EdgeKind::Placement => "placement",
            };
            let _ = writeln!(
                out,
                r#"<path class="edge {kind} {}" data-from="{}" data-to="{}" d="{d}" marker-end="url(#{})"/>"#,
                e.status.class(),
                esc(&e.from),
                esc(&e.to),
                marker(e.status)
            );
        }
    }
    for n in &net.nodes {
        let Some(r) = lay.nodes.get(&n.id) else { continue };
        draw_node(&mut out, n, *r);
    }
    out.push_str("</svg>\n");
    out
}

fn draw_node(out: &mut String, n: &Node, r: Rect) {
    let public = if n
        .lines
        .iter()
        .any(|l| l.text.starts_with("public (") && l.status != Status::Lost)
    {
        " public"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        r#"<g class="node {}{public} {}" data-id="{}"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="5"/>"#,
        n.kind.class(),
        n.status.class(),
        esc(&n.id),
        r.x,
        r.y,
        r.w,
        r.h
    );
    let _ = writeln!(
        out,
        r#"<text class="title {}" x="{:.1}" y="{:.1}">{}</text>"#,
        n.status.class(),
        r.x + PAD,
        r.y + PAD + 13.0,
        esc(&n.title)
    );
    for (i, l) in n.lines.iter().enumerate() {
        let _ = writeln!(
            out,
            r#"<text class="{}" x="{:.1}" y="{:.1}">{}</text>"#,
            l.status.class(),
            r.x + PAD,
            line_y(r, i) + 4.0,
            esc(&line_text(l))
        );
    }
    out.push_str("</g>\n");
}

/// The middle of a node's line `i`.
fn line_y(r: Rect, i: usize) -> f64 {
    r.y + PAD + TITLE_H + i as f64 * LINE_H + LINE_H / 2.0
}

/// A curve from the source's right side (at the route's own line) to the target's left side.
fn edge_path(net: &Network, lay: &Layout, e: &Edge) -> Option<String> {
    let (from, to) = (lay.nodes.get(&e.from)?, lay.nodes.get(&e.to)?);
    let source = net.nodes.iter().find(|n| n.id == e.from)?;
    let port = e.port.as_ref().and_then(|p| {
        let lines = &source.lines;
        let with_port = |status: Option<Status>| {
            lines
                .iter()
                .position(|l| l.port.as_ref() == Some(p) && status.is_none_or(|s| l.status == s))
        };
        with_port(Some(e.status)).or_else(|| with_port(None))
    });
    let y1 = port.map_or(from.y + from.h / 2.0, |i| line_y(*from, i));
    let x1 = from.right();
    // To a target outside the frame: into the frame's exit lane, along it, then across.
    let exit = source
        .vpc
        .as_ref()
        .and_then(|vpc| Some((lay.exits.get(&(vpc.clone(), e.to.clone()))?, lay.frames.get(vpc)?)));
    if let Some((&(ex, ey), frame)) = exit {
        let (x2, y2) = (to.x - 1.0, to.y + to.h / 2.0);
        let bend = ((ex - x1).abs() / 2.0).max(30.0);
        let out = frame.right();
        let across = ((x2 - out).abs() / 2.0).max(40.0);
        return Some(format!(
            "M{x1:.1},{y1:.1} C{:.1},{y1:.1} {:.1},{ey:.1} {ex:.1},{ey:.1} L{out:.1},{ey:.1} C{:.1},{ey:.1} {:.1},{y2:.1} {x2:.1},{y2:.1}",
            x1 + bend,
            ex - bend,
            out + across,
            x2 - across
        ));
    }
    let (x2, y2) = if to.x >= x1 {
        (to.x - 1.0, to.y + to.h / 2.0)
    } else {
        // A target left of its source (a cycle turned round): enter from the right.
        (to.right() + 1.0, to.y + to.h / 2.0)
    };
    let bend = ((x2 - x1).abs() / 2.0).max(40.0);
    let c2 = if x2 >= x1 { x2 - bend } else { x2 + bend };
    Some(format!(
        "M{x1:.1},{y1:.1} C{:.1},{y1:.1} {c2:.1},{y2:.1} {x2:.1},{y2:.1}",
        x1 + bend
    ))
}

const PAGE_STYLE: &str = r#"
body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; margin: 16px; color: #222; }
h1 { font-size: 20px; margin: 0 0 8px; }
.legend span { display: inline-block; margin-right: 14px; font-size: 13px; }
.legend .lost { color: #c62828; } .legend .gained { color: #2e7d32; }
.layout { display: flex; gap: 18px; align-items: flex-start; }
.picture { overflow: auto; border: 1px solid #ddd; flex: 0 1 auto; max-height: 92vh; }
.report { flex: 0 0 440px; font-size: 13px; }
.report li { margin: 4px 0; }
.report .lost { color: #c62828; } .report .gained { color: #2e7d32; } .report .changed { color: #8a5a00; }
.report code { font-size: 12px; }
.where { color: #666; font-size: 12px; }
"#;

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{PAGE_STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        esc(title)
    )
}

/// The picture of one input as an HTML page.
pub fn render_html(net: &Network, title: &str) -> String {
    let body = format!(
        "<h1>{}</h1>\n<div class=\"picture\">\n{}</div>\n",
        esc(title),
        render_svg(net, title)
    );
    page(title, &body)
}

/// A diff as one page: the picture (B's losses in red, gains in green) beside the text report,
/// every difference with its `file:line`.
pub fn render_diff_html(net: &Network, report: &Report) -> String {
    let title = format!("cfn2tf diff {} {}", report.a.path, report.b.path);
    let mut body = String::new();
    let _ = writeln!(body, "<h1>{}</h1>", esc(&title));
    let verdict = if report.same {
        "No differences in meaning.".to_string()
    } else {
        format!(
            "{} intent difference(s), {} resource difference(s).",
            report.intent.len(),
            report.resources.len()
        )
    };
    let _ = writeln!(body, "<p>{}</p>\n<div class=\"legend\">", esc(&verdict));
    if !report.same {
        body.push_str("<span class=\"lost\">− red: only in A (B loses it)</span><span class=\"gained\">+ green: only in B (B gains it)</span>");
    }
    let _ = writeln!(
        body,
        "<span>A: <code>{}</code></span><span>B: <code>{}</code></span></div>",
        esc(&report.a.path),
        esc(&report.b.path)
    );
    let _ = writeln!(
        body,
        "<div class=\"layout\">\n<div class=\"picture\">\n{}</div>",
        render_svg(net, &title)
    );
    body.push_str("<div class=\"report\">\n");
    if !report.intent.is_empty() {
        body.push_str("<h2>Intent</h2>\n<ul>\n");
        for c in &report.intent {
            let class = match (&c.a, &c.b) {
                (Some(_), None) => "lost",
                (None, Some(_)) => "gained",
                _ => "changed",
            };
            let _ = writeln!(body, "<li class=\"{class}\">{}</li>", esc(&c.message));
        }
        body.push_str("</ul>\n");
    }
    if !report.resources.is_empty() {
        body.push_str("<h2>Resources</h2>\n<ul>\n");
        let at = |o: &Option<crate::tf::Origin>| o.as_ref().map_or_else(|| "(generated)".into(), |o| o.to_string());
        for r in &report.resources {
            let (class, what, wher) = match r.change {
                ChangeKind::OnlyInA => ("lost", format!("{}.{} only in A", r.ty, r.name), at(&r.a_origin)),
                ChangeKind::OnlyInB => ("gained", format!("{}.{} only in B", r.ty, r.name), at(&r.b_origin)),
                ChangeKind::Changed => (
                    "changed",
                    format!("{}.{}.{} changed", r.ty, r.name, r.attribute.as_deref().unwrap_or("")),
                    format!("A: {}, B: {}", at(&r.a_origin), at(&r.b_origin)),
                ),
            };
            let _ = writeln!(
                body,
                "<li class=\"{class}\"><code>{}</code> <span class=\"where\">{}</span></li>",
                esc(&what),
                esc(&wher)
            );
        }
        body.push_str("</ul>\n");
    }
    body.push_str("</div>\n</div>\n");
    page(&title, &body)
}
