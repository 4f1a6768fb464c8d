//! Mermaid text (`flowchart LR`), which GitHub renders in a README or a pull-request comment.
//! Mermaid cannot colour one line of a node, so lost and gained lines carry `−` and `+`.

use super::{EdgeKind, Line, Network, Node, Status};
use std::fmt::Write;

/// Mermaid ids are letters, digits and underscores.
fn id(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// A label in double quotes: quotes and markup become entities.
fn label(title: &str, lines: &[Line]) -> String {
    let mut parts = vec![format!("<b>{}</b>", escape(title))];
    for l in lines {
        let mark = match l.status {
            Status::Same => "",
            Status::Lost => "− ",
            Status::Gained => "+ ",
        };
        parts.push(format!("{mark}{}", escape(&l.text)));
    }
    parts.join("<br/>")
}

fn escape(s: &str) -> String {
    s.replace('&', "#amp;")
        .replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
}

pub fn render(net: &Network) -> String {
    let mut out = String::from("flowchart LR\n");
    let node_line = |out: &mut String, n: &Node, indent: &str| {
        let _ = writeln!(out, "{indent}{}[\"{}\"]", id(&n.id), label(&n.title, &n.lines));
    };
    for f in &net.frames {
        let _ = writeln!(
            out,
            "  subgraph {}[\"{}\"]",
            id(&format!("vpc:{}", f.id)),
            label(&f.title, &f.lines)
        );
        let _ = writeln!(out, "    direction LR");
        for n in net
            .nodes
            .iter()
            .filter(|n| n.vpc.as_deref() == Some(f.id.as_str()) && !n.kind.is_external())
        {
            node_line(&mut out, n, "    ");
        }
        out.push_str("  end\n");
    }
    for n in &net.nodes {
        let framed = n.vpc.as_ref().is_some_and(|v| net.frames.iter().any(|f| &f.id == v)) && !n.kind.is_external();
        if !framed {
            node_line(&mut out, n, "  ");
        }
    }
    for e in &net.edges {
        let arrow = match (e.kind, e.status) {
            (EdgeKind::Placement, _) => "-.->",
            (_, Status::Lost) => "-.->",
            (_, Status::Gained) => "==>",
            (_, Status::Same) => "-->",
        };
        match &e.port {
            Some(p) => {
                let _ = writeln!(out, "  {} {arrow}|\"{}\"| {}", id(&e.from), escape(p), id(&e.to));
            }
            None => {
                let _ = writeln!(out, "  {} {arrow} {}", id(&e.from), id(&e.to));
            }
        }
    }
    let marked = |status: Status| -> Vec<String> {
        let frames = net
            .frames
            .iter()
            .filter(|f| f.status == status)
            .map(|f| id(&format!("vpc:{}", f.id)));
        let nodes = net.nodes.iter().filter(|n| n.status == status).map(|n| id(&n.id));
        frames.chain(nodes).collect()
    };
    for (status, style) in [
        (
            Status::Lost,
            "stroke:#c62828,stroke-width:3px,stroke-dasharray:6 3,color:#c62828",
        ),
        (Status::Gained, "stroke:#2e7d32,stroke-width:3px,color:#2e7d32"),
    ] {
        let ids = marked(status);
        let edges: Vec<String> = net
            .edges
            .iter()
            .enumerate()
            .filter(|(_, e)| e.status == status)
            .map(|(i, _)| i.to_string())
            .collect();
        if ids.is_empty() && edges.is_empty() {
            continue;
        }
        let _ = writeln!(out, "  classDef {} {style}", status.class());
        if !ids.is_empty() {
            let _ = writeln!(out, "  class {} {}", ids.join(","), status.class());
        }
        if !edges.is_empty() {
            let color = if status == Status::Lost { "#c62828" } else { "#2e7d32" };
            let _ = writeln!(out, "  linkStyle {} stroke:{color},stroke-width:3px", edges.join(","));
        }
    }
    out
}
