//! Where everything goes. Inside each VPC frame the nodes and arrows are laid out left to right
//! by Sugiyama's layered algorithm (rust-sugiyama: ranking, crossing reduction, Brandes-Köpf
//! coordinates), so subnets, their route tables and the targets fall into columns with few
//! crossings. Frames are stacked; targets that join VPCs (peering, transit gateways) stand in a
//! column to the right, each beside the routes that reach it.

use super::{Network, Node, NodeKind};
use std::collections::{BTreeMap, HashMap};

/// Monospace text keeps width estimates exact without a font file.
pub const CHAR_W: f64 = 7.3;
pub const LINE_H: f64 = 16.0;
pub const TITLE_H: f64 = 20.0;
pub const PAD: f64 = 8.0;
/// Room between columns for the arrows.
const RANK_GAP: f64 = 90.0;
const NODE_GAP: f64 = 18.0;
const FRAME_PAD: f64 = 18.0;
const FRAME_GAP: f64 = 36.0;
const MARGIN: f64 = 20.0;
/// The width of the lane an exit keeps in its column.
const EXIT_W: f64 = 10.0;

#[derive(Debug, Clone, Copy, Default)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
}

pub struct Layout {
    pub nodes: HashMap<String, Rect>,
    pub frames: HashMap<String, Rect>,
    /// (frame, outside target) -> where the arrows to that target leave the frame's last
    /// column: a slot the layered layout kept free, so they pass no node on the way out.
    pub exits: HashMap<(String, String), (f64, f64)>,
    pub width: f64,
    pub height: f64,
}

fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_W
}

pub fn node_size(n: &Node) -> (f64, f64) {
    let widest = n
        .lines
        .iter()
        .map(|l| text_width(&l.text) + 2.0 * CHAR_W)
        .fold(text_width(&n.title), f64::max);
    let w = (widest + 2.0 * PAD).max(120.0);
    let h = 2.0 * PAD + TITLE_H + n.lines.len() as f64 * LINE_H;
    (w, h)
}

/// The height of a frame's header: its title and lines.
fn frame_header(lines: usize) -> f64 {
    TITLE_H + 4.0 + lines as f64 * LINE_H
}

pub fn layout(net: &Network) -> Layout {
    let mut nodes: HashMap<String, Rect> = HashMap::new();
    let mut frames = HashMap::new();
    let mut exits = HashMap::new();
    let mut y = MARGIN;
    let mut right: f64 = 0.0;
    for frame in &net.frames {
        let members: Vec<&Node> = net
            .nodes
            .iter()
            .filter(|n| n.vpc.as_deref() == Some(frame.id.as_str()) && !n.kind.is_external())
            .collect();
        let top = y + FRAME_PAD + frame_header(frame.lines.len());
        let left = MARGIN + FRAME_PAD;
        let (placed, frame_exits, w, h) = place_frame(net, &members, left, top);
        nodes.extend(placed);
        for (target, at) in frame_exits {
            exits.insert((frame.id.clone(), target), at);
        }
        let title_w = text_width(&frame.title).max(frame.lines.iter().map(|l| text_width(&l.text)).fold(0.0, f64::max));
        let rect = Rect {
            x: MARGIN,
            y,
            w: (w + 2.0 * FRAME_PAD).max(title_w + 2.0 * FRAME_PAD),
            h: top - y + h + FRAME_PAD,
        };
        right = right.max(rect.right());
        y = rect.bottom() + FRAME_GAP;
        frames.insert(frame.id.clone(), rect);
    }
    // Targets outside every frame, each near the mean height of what routes to it.
    let column = right + RANK_GAP * 1.5;
    let mut outside: Vec<(f64, &Node)> = net
        .nodes
        .iter()
        .filter(|n| !nodes.contains_key(&n.id))
        .map(|n| {
            let sources: Vec<f64> = net
                .edges
                .iter()
                .filter(|e| e.to == n.id)
                .filter_map(|e| nodes.get(&e.from))
                .map(|r| r.y + r.h / 2.0)
                .collect();
            let wanted = if sources.is_empty() {
                f64::MAX
            } else {
                sources.iter().sum::<f64>() / sources.len() as f64
            };
            (wanted, n)
        })
        .collect();
    outside.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.id.cmp(&b.1.id)));
    let mut next = MARGIN;
    let mut width = right;
    for (wanted, n) in outside {
        let (w, h) = node_size(n);
        let top = if wanted == f64::MAX {
            next
        } else {
            (wanted - h / 2.0).max(next)
        };
        let rect = Rect {
            x: column,
            y: top,
            w,
            h,
        };
        next = rect.bottom() + NODE_GAP;
        width = width.max(rect.right());
        y = y.max(rect.bottom() + FRAME_GAP);
        nodes.insert(n.id.clone(), rect);
    }
    Layout {
        nodes,
        frames,
        exits,
        width: width + MARGIN,
        height: y - FRAME_GAP + MARGIN,
    }
}

type FramePlacement = (HashMap<String, Rect>, HashMap<String, (f64, f64)>, f64, f64);

/// Lays out one frame's nodes from (left, top): the layered graph of subnets, route tables and
/// targets, then the security groups in rows beneath. Each target outside the frame takes part
/// as a small exit vertex, so its arrows get a lane of their own. Returns the rects, the exits
/// and the size used.
fn place_frame(net: &Network, members: &[&Node], left: f64, top: f64) -> FramePlacement {
    let (groups, graphed): (Vec<&Node>, Vec<&Node>) = members.iter().partition(|n| n.kind == NodeKind::SecurityGroup);
    let mut index: BTreeMap<&str, u32> = graphed
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i as u32))
        .collect();
    let mut sizes: Vec<(f64, f64)> = graphed.iter().map(|n| node_size(n)).collect();
    let inside = index.clone();
    let outside: std::collections::BTreeSet<&str> = net
        .edges
        .iter()
        .filter(|e| inside.contains_key(e.from.as_str()) && !inside.contains_key(e.to.as_str()))
        .map(|e| e.to.as_str())
        .collect();
    let mut exit_of: HashMap<usize, &str> = HashMap::new();
    for target in outside {
        exit_of.insert(sizes.len(), target);
        index.insert(target, sizes.len() as u32);
        sizes.push((EXIT_W, LINE_H));
    }
    // rust-sugiyama ranks top to bottom: its "width" runs along a rank, which is our height.
    let vertices: Vec<(u32, (f64, f64))> = sizes
        .iter()
        .enumerate()
        .map(|(i, (w, h))| (i as u32, (*h, w + RANK_GAP)))
        .collect();
    let mut edges: Vec<(u32, u32)> = net
        .edges
        .iter()
        .filter_map(|e| Some((*index.get(e.from.as_str())?, *index.get(e.to.as_str())?)))
        .filter(|(a, b)| a != b)
        .collect();
    edges.sort_unstable();
    edges.dedup();
    let config = rust_sugiyama::configure::Config {
        vertex_spacing: NODE_GAP,
        ..Default::default()
    };
    let components = if vertices.is_empty() {
        Vec::new()
    } else {
        rust_sugiyama::from_vertices_and_edges(&vertices, &edges, &config)
    };
    let mut placed = HashMap::new();
    let mut exits = HashMap::new();
    let (mut y, mut width) = (top, 0.0_f64);
    for (coords, _, _) in &components {
        // A column's nodes share its widest width, so the column reads as one.
        let mut widest: BTreeMap<i64, f64> = BTreeMap::new();
        for (i, (_, rank)) in coords {
            let w = widest.entry(rank.round() as i64).or_default();
            *w = w.max(sizes[*i].0);
        }
        for (i, (_, rank)) in coords {
            sizes[*i].0 = widest[&(rank.round() as i64)];
        }
    }
    for (coords, _, _) in components {
        // Centres along (x) and across (y) ranks -> our rects; each component below the last.
        let rects: Vec<(usize, f64, f64)> = coords.iter().map(|(i, (along, rank))| (*i, *rank, *along)).collect();
        let min_x = rects
            .iter()
            .map(|(i, cx, _)| cx - (sizes[*i].0 + RANK_GAP) / 2.0)
            .fold(f64::MAX, f64::min);
        let min_y = rects
            .iter()
            .map(|(i, _, cy)| cy - sizes[*i].1 / 2.0)
            .fold(f64::MAX, f64::min);
        let mut bottom = y;
        for (i, cx, cy) in rects {
            let (w, h) = sizes[i];
            let rect = Rect {
                x: left + cx - min_x - (w + RANK_GAP) / 2.0,
                y: y + cy - min_y - h / 2.0,
                w,
                h,
            };
            bottom = bottom.max(rect.bottom());
            width = width.max(rect.right() - left);
            match exit_of.get(&i) {
                Some(target) => {
                    exits.insert(target.to_string(), (rect.x, rect.y + rect.h / 2.0));
                }
                None => {
                    placed.insert(graphed[i].id.clone(), rect);
                }
            }
        }
        y = bottom + NODE_GAP;
    }
    // Security groups: rows as wide as the graph above (or a few groups wide).
    let row_limit = width.max(700.0);
    let (mut x, mut row_h) = (left, 0.0_f64);
    for g in groups {
        let (w, h) = node_size(g);
        if x > left && x - left + w > row_limit {
            x = left;
            y += row_h + NODE_GAP;
            row_h = 0.0;
        }
        placed.insert(g.id.clone(), Rect { x, y, w, h });
        x += w + NODE_GAP;
        width = width.max(x - NODE_GAP - left);
        row_h = row_h.max(h);
    }
    let height = if row_h > 0.0 {
        y + row_h - top
    } else {
        (y - NODE_GAP - top).max(0.0)
    };
    (placed, exits, width, height)
}
