//! The pictures in a real browser: headless Chromium opens the seed's SVG, the HTML diff of
//! the seed and a mutant, and the SVG of the largest corpus networking template; each must
//! render (a screenshot that is not blank), hold every subnet's label in its DOM and log
//! nothing to the console (the pages have no scripts, so any message is a broken page, e.g.
//! a resource it tried to load). Skips without Chromium; required under CI=true.

mod common;

use cfn2tf::diff::{Options, intent_of};
use cfn2tf::graph::{NodeKind, network};
use common::{available, cfn2tf, repo_root, run, shared_dir, text};
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser"].into_iter().find(|name| {
        Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    available("headless Chromium (Debian's chromium package)", found.is_some()).then(|| PathBuf::from(found.unwrap()))
}

/// Chromium with the flags that keep it offline, quiet and isolated (a fresh profile).
fn browser(chromium: &Path, profile: &Path) -> Command {
    let mut cmd = Command::new("timeout");
    cmd.arg("180").arg(chromium).args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--enable-logging=stderr",
        "--v=0",
    ]);
    cmd.arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

struct Rendered {
    dom: String,
    /// RGB pixels of the screenshot.
    pixels: Vec<[u8; 3]>,
}

fn open(chromium: &Path, page: &Path) -> Rendered {
    let work = tempfile::tempdir().unwrap();
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let dom = run(browser(chromium, &work.path().join("profile-dom"))
        .arg("--dump-dom")
        .arg(&url));
    assert!(
        dom.status.success(),
        "chromium --dump-dom failed: {}",
        text(&dom.stderr)
    );
    let shot = work.path().join("shot.png");
    let o = run(browser(chromium, &work.path().join("profile-shot"))
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1600,1200")
        .arg(&url));
    assert!(
        o.status.success() && shot.is_file(),
        "chromium --screenshot failed: {}",
        text(&o.stderr)
    );
    for log in [text(&dom.stderr), text(&o.stderr)] {
        let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
        assert!(
            console.is_empty(),
            "{} logged to the console:\n{}",
            page.display(),
            console.join("\n")
        );
    }
    Rendered {
        dom: text(&dom.stdout),
        pixels: decode(&shot),
    }
}

fn decode(png_file: &Path) -> Vec<[u8; 3]> {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(png_file).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    buf[..info.buffer_size()]
        .chunks(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect()
}

/// Rendered, not blank: a fair share of the screenshot is drawn (frames, boxes, text).
fn assert_drawn(r: &Rendered, what: &str) {
    let drawn = r.pixels.iter().filter(|p| p.iter().any(|c| *c < 235)).count();
    let share = drawn as f64 / r.pixels.len() as f64;
    assert!(share > 0.02, "{what}: the screenshot is blank ({share:.4} of it drawn)");
}

/// The lost style's red (#c62828), as the screenshot has it.
fn red_pixels(r: &Rendered) -> usize {
    r.pixels
        .iter()
        .filter(|[r, g, b]| *r > 170 && *g < 90 && *b < 90)
        .count()
}

fn subnet_titles(input: &Path) -> Vec<String> {
    let net = network(&intent_of(input, &Options::default(), false).unwrap());
    net.nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Subnet)
        .map(|n| n.title.clone())
        .collect()
}

fn draw(args: &[&std::ffi::OsStr], out: &Path) {
    let o = run(cfn2tf().arg("graph").args(args).arg("-o").arg(out));
    assert!(o.status.success(), "cfn2tf graph failed: {}", text(&o.stderr));
}

fn seed() -> PathBuf {
    repo_root().join("samples/gateway-endpoint/gateway-endpoint.yaml")
}

fn mutant() -> PathBuf {
    repo_root().join("tests/graph/gateway-endpoint-lost-private.yaml")
}

#[test]
fn seed_svg_renders_in_chromium() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("seed.svg");
    draw(&[seed().as_os_str()], &svg);
    let r = open(&chromium, &svg);
    assert_drawn(&r, "the seed's SVG");
    for label in [
        "subnet cloud_neta_public_sn",
        "subnet cloud_neta_private_sn",
        "route table cloud_neta_public_rt",
        "route table cloud_neta_private_rt",
        "0.0.0.0/0 → igw cloud_neta_igw",
        "VPC endpoint endpoint",
    ] {
        assert!(r.dom.contains(label), "{label} is not in the DOM");
    }
    assert_eq!(red_pixels(&r), 0, "nothing is lost in a single picture");
}

#[test]
fn seed_diff_html_shows_the_loss_in_red() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("diff.html");
    let o = run(cfn2tf().arg("diff").arg(seed()).arg(mutant()).arg("--html").arg(&page));
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let r = open(&chromium, &page);
    assert_drawn(&r, "the diff page");
    for label in ["subnet cloud_neta_public_sn", "subnet cloud_neta_private_sn"] {
        assert!(r.dom.contains(label), "{label} is not in the DOM");
    }
    assert!(
        r.dom.contains(r#"class="edge route lost""#),
        "the lost route is drawn as lost"
    );
    assert!(r.dom.contains("no longer serves route table cloud_neta_private_rt"));
    assert!(
        red_pixels(&r) > 200,
        "the loss is drawn in red ({} red pixels)",
        red_pixels(&r)
    );
    // The seed against itself has nothing red.
    let same = dir.path().join("same.html");
    let o = run(cfn2tf().arg("diff").arg(seed()).arg(seed()).arg("--html").arg(&same));
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(red_pixels(&open(&chromium, &same)), 0);
}

/// The corpus template with the most subnets (several VPCs, dozens of subnets and routes).
fn largest_network_template(corpus: &Path) -> Option<PathBuf> {
    let mut best: Option<(usize, PathBuf)> = None;
    for entry in std::fs::read_dir(corpus).ok()? {
        let path = entry.ok()?.path();
        let Ok(body) = std::fs::read_to_string(&path) else {
            continue;
        };
        let subnets = body.matches("AWS::EC2::Subnet\n").count() + body.matches("AWS::EC2::Subnet\"").count();
        if best
            .as_ref()
            .is_none_or(|(n, p)| subnets > *n || (subnets == *n && path < *p))
        {
            best = Some((subnets, path));
        }
    }
    best.filter(|(n, _)| *n > 0).map(|(_, p)| p)
}

#[test]
fn largest_corpus_network_renders_in_chromium() {
    let Some(chromium) = chromium() else { return };
    let corpus = shared_dir().map(|s| s.join("corpus/cfn")).filter(|c| c.is_dir());
    if !available("the corpus (../shared/corpus)", corpus.is_some()) {
        return;
    }
    let template = largest_network_template(&corpus.unwrap()).expect("the corpus has networking templates");
    let titles = subnet_titles(&template);
    assert!(titles.len() >= 10, "{}: {} subnets", template.display(), titles.len());
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("net.svg");
    draw(&[template.as_os_str()], &svg);
    let r = open(&chromium, &svg);
    assert_drawn(&r, &template.display().to_string());
    for title in &titles {
        assert!(r.dom.contains(title.as_str()), "{title} is not in the DOM");
    }
}
